"""Bad input carries a reason a person can act on: a whole file (BadInput) or one record of many."""

from __future__ import annotations

from dataclasses import dataclass


class BadInput(ValueError):
    """A minutes file that cannot be read as a meeting; the message says why."""


@dataclass(frozen=True)
class BadRecord:
    """One unreadable record in a file that holds many meetings (a JSON Lines line). Readers yield it
    instead of raising, so the records after it still load."""

    source: str  # file#line
    reason: str
