"""The one reading of a run-again interval (`--every 30m`, `1h`, `1d`), for every looping command."""

from __future__ import annotations

import re

UNITS = {"m": 60, "h": 3600, "d": 86400}
_INTERVAL = re.compile(r"([1-9]\d{0,5})([mhd])")


def interval_seconds(text: str) -> int:
    """``30m`` → 1800. A ValueError (argparse shows it) for anything but a whole number and m, h or d."""
    found = _INTERVAL.fullmatch(text.strip())
    if not found:
        raise ValueError(f"{text!r} is not an interval: a number and m, h or d (e.g. 30m, 1h)")
    return int(found.group(1)) * UNITS[found.group(2)]
