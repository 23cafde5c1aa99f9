"""Which column of a researcher's table of speaker turns holds what: the `--columns` mapping
(``speaker=발언자명,text=발언내용,…``), the named presets, and both resolved against a table's header.

Keys: ``text``, ``date``, ``committee`` (required), ``speaker`` (the name) and/or ``label`` (the printed
speaker label, ``위원장 이상민``: role and name parsed from it), ``order``, ``member_id``, ``role``,
``meeting`` (the meeting number, ``제2차`` or ``2``) and ``session`` (``제429회``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.errors import BadInput

KEYS = ("speaker", "label", "text", "date", "committee", "order", "member_id", "role", "meeting", "session")
REQUIRED = ("text", "date", "committee")

# Turn tables exported from the Assembly's open data. The English names are the service's own field names
# as the recorded responses in shared/reference/open-assembly show them (CONF_DATE / CONF_DT, COMM_NAME /
# CMIT_NM, HG_NM, MONA_CD, DGR "제2차", SESS "제429회"). No recorded response is a table of speech turns, so the
# Korean headers, and the label, order and text columns (which have no English name here), are assumed, not
# evidenced. The first candidate found in the header is used.
PRESETS: dict[str, dict[str, tuple[str, ...]]] = {
    "open-assembly": {
        "date": ("회의일자", "회의일", "CONF_DATE", "CONF_DT"),
        "committee": ("위원회", "위원회명", "COMM_NAME", "CMIT_NM"),
        "label": ("발언자",),
        "speaker": ("발언자명", "성명", "의원명", "HG_NM"),
        "member_id": ("의원코드", "국회의원코드", "MONA_CD"),
        "order": ("발언순서", "발언순번"),
        "text": ("발언내용",),
        "meeting": ("회의차수", "차수", "DGR"),
        "session": ("회기", "SESS"),
    },
    # kyusik-yang/assemblykor's speeches table (shared/corpus/tables): `speaker` prints role and name
    # together, `role` is the dataset's class (legislator, nominee, chair), `member_id` is NaN for
    # non-members. Its own `speaker_name` split is imperfect ("(박장범)인사청문준비단장 박영춘"), so unused.
    "assemblykor": {
        "date": ("date",), "committee": ("committee",), "label": ("speaker",), "role": ("role",),
        "member_id": ("member_id",), "order": ("speech_order",), "text": ("speech",),
    },
}


class MappingError(ValueError):
    """A `--columns` or `--preset` option that cannot work for any table; the message says why."""


def _norm(name: str) -> str:
    """Headers typed in Excel carry stray spaces, decomposed Hangul or another case: matched past those."""
    return unicodedata.normalize("NFC", str(name)).strip().casefold()


def parse_columns(spec: str) -> dict[str, str]:
    """``key=column,key=column`` → {key: column}; unknown, repeated or blank keys are refused."""
    columns: dict[str, str] = {}
    for part in (piece.strip() for piece in spec.split(",")):
        if not part:
            continue
        key, equals, column = (text.strip() for text in part.partition("="))
        if not equals or not column:
            raise MappingError(f'"{part}" is not key=column')
        if key not in KEYS:
            raise MappingError(f'unknown key "{key}" (keys: {", ".join(KEYS)})')
        if key in columns:
            raise MappingError(f'"{key}" is mapped twice')
        columns[key] = column
    if not columns:
        raise MappingError("no column mapped")
    return columns


def _missing(keys: Sequence[str]) -> list[str]:
    missing = [key for key in REQUIRED if key not in keys]
    return missing + (["speaker or label"] if "speaker" not in keys and "label" not in keys else [])


@dataclass(frozen=True)
class TableLayout:
    """The columns named on the command line, over a preset's candidates when one is named."""

    columns: dict[str, str] = field(default_factory=dict)
    preset: str = ""

    @classmethod
    def from_options(cls, columns: str | None, preset: str | None) -> TableLayout | None:
        """None when neither option is given (files are then read as minutes, as before)."""
        if not columns and not preset:
            return None
        if preset and preset not in PRESETS:
            raise MappingError(f'unknown preset "{preset}" (presets: {", ".join(PRESETS)})')
        mapped = parse_columns(columns) if columns else {}
        if not preset and (missing := _missing(list(mapped))):
            raise MappingError(f"--columns must map {', '.join(missing)}")
        return cls(mapped, preset or "")

    def resolve(self, header: Sequence[object]) -> dict[str, str]:
        """{key: the header's own column name} for this table; BadInput when a named column is absent, a
        column is ambiguous, or a required key found no column."""
        by_name: dict[str, list[str]] = {}
        for name in header:
            if name is not None and str(name).strip():
                by_name.setdefault(_norm(name), []).append(str(name))
        resolved: dict[str, str] = {}
        for key, candidates in PRESETS.get(self.preset, {}).items():
            found = next((by_name[_norm(c)] for c in candidates if _norm(c) in by_name), None)
            if found and key not in self.columns:
                resolved[key] = self._one(found)
        for key, column in self.columns.items():
            if _norm(column) not in by_name:
                raise BadInput(f'no column "{column}" ({key}) in the table; its columns: {_listed(by_name)}')
            resolved[key] = self._one(by_name[_norm(column)])
        if missing := _missing(list(resolved)):
            raise BadInput(f"no column for {', '.join(missing)} (map it with --columns); "
                           f"the table's columns: {_listed(by_name)}")
        return resolved

    @staticmethod
    def _one(names: list[str]) -> str:
        if len(names) > 1:
            raise BadInput(f'column "{names[0]}" appears {len(names)} times in the header')
        return names[0]


def _listed(by_name: dict[str, list[str]]) -> str:
    names = [name for group in by_name.values() for name in group]
    shown = ", ".join(names[:20])
    return (shown + f", … ({len(names)} in all)" if len(names) > 20 else shown) or "(none)"
