"""A realistic synthetic corpus at any size, deterministic from a seed.

Vocabulary and sentence statistics come from the real minutes in tests/corpus: sentences are drawn
from the real turns and recombined into new turns whose lengths follow the real length distribution;
committees, speakers (with their roles) and dates are spread over realistic ranges. Output: minutes
text files in the official layout (so the benchmark exercises the full ingest path), or the same
meetings as JSON Lines (`hearings generate --format jsonl`).
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from ingest.readers import read_meeting

CORPUS = Path(__file__).parent.parent / "tests" / "corpus"
COMMITTEES = [
    "법제사법위원회", "정무위원회", "기획재정위원회", "교육위원회", "과학기술정보방송통신위원회",
    "외교통일위원회", "국방위원회", "행정안전위원회", "문화체육관광위원회", "농림축산식품해양수산위원회",
    "산업통상자원중소벤처기업위원회", "보건복지위원회", "환경노동위원회", "국토교통위원회", "정보위원회",
    "여성가족위원회", "예산결산특별위원회",
]
SURNAMES = (
    "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄채원천방공현"
    "함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용"
)
GIVEN = "민서준도윤하지예시우주현수정영성진혜경미은희상철동규태호재석한승훈종광선"
MINISTRIES = [
    "보건복지부장관", "기획재정부차관", "국토교통부장관", "환경부장관", "고용노동부차관", "법무부장관", "질병관리청장",
]


@dataclass
class Source:
    sentences: list[str]
    turn_lengths: list[int]  # sentences per real turn


@cache
def load_source() -> Source:
    sentences, lengths = [], []
    for path in sorted(CORPUS.iterdir()):
        if path.suffix not in {".txt", ".pdf", ".md"}:
            continue
        for turn in read_meeting(path).turns:
            parts = [s.strip() for s in re.split(r"(?<=[.?!])\s+", turn.text.replace("\n", " ")) if s.strip()]
            sentences += parts
            lengths.append(max(1, len(parts)))
    return Source(sentences, lengths)


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)


def synthetic_meeting(rng: random.Random, source: Source, number: int, turns: int) -> dict:
    """One meeting in the JSON Lines schema of ingest/jsonl.py."""
    committee = rng.choice(COMMITTEES)
    day = date(2004, 6, 1) + timedelta(days=rng.randrange(0, 365 * 21))
    members = [_name(rng) for _ in range(12)]
    chair, officials = _name(rng), [(rng.choice(MINISTRIES), _name(rng)) for _ in range(3)]
    spoken = []
    for index in range(turns):
        count = rng.choice(source.turn_lengths)
        speech = " ".join(rng.choice(source.sentences) for _ in range(count))
        roll = rng.random()
        if index % 2 == 0 or roll < 0.15:
            speaker, role = (chair, "위원장") if roll < 0.3 else (rng.choice(members), "위원")
        else:
            role, speaker = rng.choice(officials)
        spoken.append({"speaker": speaker, "role": role, "text": speech})
    return {"committee": committee, "date": day.isoformat(), "session": 300 + number % 150, "session_kind": "임시회",
            "meeting_number": number, "place": "회의실", "agenda": ["현안보고"], "turns": spoken}


def _label(turn: dict) -> str:
    # Members print name first (김민서 위원); the chair and officials print title first.
    return f"{turn['speaker']} 위원" if turn["role"] == "위원" else f"{turn['role']} {turn['speaker']}"


def minutes_text(meeting: dict) -> str:
    """The meeting in the official minutes layout (header, agenda, ◯ speaker labels, time markers)."""
    day = date.fromisoformat(meeting["date"])
    lines = [f"제{meeting['session']}회국회", f"({meeting['session_kind']})", f"{meeting['committee']}회의록",
             f"제{meeting['meeting_number']}호", "", f"일  시  {day.year}년{day.month}월{day.day}일",
             f"장  소  {meeting['place']}", "    의사일정"]
    lines += [f"{i}. {item}" for i, item in enumerate(meeting["agenda"], 1)]
    lines += ["", "(10시00분 개의)"]
    lines += [f"◯{_label(turn)}  {turn['text']}" for turn in meeting["turns"]]
    lines.append("(12시00분 산회)")
    return "\n".join(lines) + "\n"


def _meetings(total_turns: int, seed: int, turns_per_meeting: int) -> Iterator[tuple[int, dict]]:
    rng = random.Random(seed)
    source = load_source()
    remaining, number = total_turns, 0
    while remaining > 0:
        number += 1
        turns = min(remaining, turns_per_meeting)
        yield number, synthetic_meeting(rng, source, number, turns)
        remaining -= turns


def generate(out: Path, total_turns: int, seed: int = 42, turns_per_meeting: int = 250,
             fmt: str = "minutes") -> list[Path]:
    """Writes ``total_turns`` turns under ``out``: minutes text files (one per meeting), or one JSON
    Lines file of the same meetings (fmt="jsonl"). Returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    meetings = _meetings(total_turns, seed, turns_per_meeting)
    if fmt == "jsonl":
        path = out / f"synthetic-{seed}-{total_turns}.jsonl"
        with path.open("w", encoding="utf-8") as lines:
            for _, meeting in meetings:
                lines.write(json.dumps(meeting, ensure_ascii=False) + "\n")
        return [path]
    paths = []
    for number, meeting in meetings:
        path = out / f"synthetic-{seed}-{number:05d}.txt"
        path.write_text(minutes_text(meeting), encoding="utf-8")
        paths.append(path)
    return paths
