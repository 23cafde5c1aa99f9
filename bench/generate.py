"""A realistic synthetic corpus at any size, deterministic from a seed.

Vocabulary and sentence statistics come from the real minutes in tests/corpus: sentences are drawn
from the real turns and recombined into new turns whose lengths follow the real length distribution;
committees, speakers (with their roles) and dates are spread over realistic ranges. Output: minutes
text files in the official layout (so the benchmark exercises the full ingest path).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
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


def meeting_text(rng: random.Random, source: Source, number: int, turns: int) -> str:
    committee = rng.choice(COMMITTEES)
    day = date(2004, 6, 1) + timedelta(days=rng.randrange(0, 365 * 21))
    members = [_name(rng) for _ in range(12)]
    chair, officials = _name(rng), [(rng.choice(MINISTRIES), _name(rng)) for _ in range(3)]
    lines = [f"제{300 + number % 150}회국회", "(임시회)", f"{committee}회의록", f"제{number}호", "",
             f"일  시  {day.year}년{day.month}월{day.day}일", "장  소  회의실", "    의사일정",
             "1. 현안보고", "", "(10시00분 개의)"]
    for index in range(turns):
        count = rng.choice(source.turn_lengths)
        speech = " ".join(rng.choice(source.sentences) for _ in range(count))
        roll = rng.random()
        if index % 2 == 0 or roll < 0.15:
            label = f"위원장 {chair}" if roll < 0.3 else f"{rng.choice(members)} 위원"
        else:
            title, name = rng.choice(officials)
            label = f"{title} {name}"
        lines.append(f"◯{label}  {speech}")
    lines.append("(12시00분 산회)")
    return "\n".join(lines) + "\n"


def generate(out: Path, total_turns: int, seed: int = 42, turns_per_meeting: int = 250) -> list[Path]:
    """Writes minutes files under ``out`` holding ``total_turns`` turns in all; returns their paths."""
    rng = random.Random(seed)
    source = load_source()
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    remaining, number = total_turns, 0
    while remaining > 0:
        number += 1
        turns = min(remaining, turns_per_meeting)
        path = out / f"synthetic-{seed}-{number:05d}.txt"
        path.write_text(meeting_text(rng, source, number, turns), encoding="utf-8")
        paths.append(path)
        remaining -= turns
    return paths
