"""Small meetings whose trend numbers and distinctive phrases can be worked out by hand.

TREND_MEETINGS — turns per year, and those that say 공수처 (any inflection):
  2019  법제사법위원회 2019-03-05: 4 turns, 2 with 공수처 (박범계 민주당, 곽상도 한국당); one says 원천무효
        법제사법위원회 2019-11-12: 6 turns, 1 with 공수처 (박범계)
  2020  보건복지위원회 2020-02-04: 5 turns, 1 with 공수처 (남인순 민주당)
  2021  법제사법위원회 2021-06-01: 4 turns, none
PHRASE_MEETINGS — 박정현 says 부다페스트 협약 in 5 of 8 turns, nobody else does; everyone, 박정현 included,
  says 예산 심사 in 3 or 4 of their 8 turns; 행정안전위원회 alone says 지방 재정 확충 (9 of its 24 turns).
"""

from __future__ import annotations

MINJOO, HANKOOK = "더불어민주당", "자유한국당"


def _turn(speaker: str, role: str, text: str, party: str = "") -> dict:
    return {"speaker": speaker, "role": role, "text": text, "party": party}


TREND_MEETINGS = [
    {"committee": "법제사법위원회", "date": "2019-03-05", "session": 367, "meeting_number": 1, "turns": [
        _turn("정성호", "위원장", "회의를 시작하겠습니다.", MINJOO),
        _turn("박범계", "위원", "공수처를 설치해야 합니다.", MINJOO),
        _turn("홍길동", "법무부장관", "검토하겠습니다."),
        _turn("곽상도", "위원", "공수처 설치는 원천무효입니다.", HANKOOK)]},
    {"committee": "법제사법위원회", "date": "2019-11-12", "session": 371, "meeting_number": 2, "turns": [
        _turn("정성호", "위원장", "개의하겠습니다.", MINJOO),
        _turn("박범계", "위원", "공수처 법안을 처리합시다.", MINJOO),
        _turn("홍길동", "법무부장관", "국회의 결정을 따르겠습니다."),
        _turn("곽상도", "위원", "반대합니다.", HANKOOK),
        _turn("박범계", "위원", "예산 심사를 하겠습니다.", MINJOO),
        _turn("홍길동", "법무부장관", "알겠습니다.")]},
    {"committee": "보건복지위원회", "date": "2020-02-04", "session": 373, "meeting_number": 1, "turns": [
        _turn("김세연", "위원장", "회의를 열겠습니다.", HANKOOK),
        _turn("기모란", "참고인", "방역이 시급합니다."),
        _turn("남인순", "위원", "공수처 얘기는 법사위에서 하십시오.", MINJOO),
        _turn("김강립", "보건복지부차관", "역학조사관을 충원했습니다."),
        _turn("남인순", "위원", "역학조사관 충원이 늦습니다.", MINJOO)]},
    {"committee": "법제사법위원회", "date": "2021-06-01", "session": 388, "meeting_number": 3, "turns": [
        _turn("정성호", "위원장", "개의합니다.", MINJOO),
        _turn("박범계", "위원", "검찰 개혁을 말합니다.", MINJOO),
        _turn("홍길동", "법무부장관", "네."),
        _turn("곽상도", "위원", "감사합니다.", HANKOOK)]},
]

BUDAPEST = ["부다페스트 협약 가입을 서둘러야 합니다.", "부다페스트 협약에 가입하면 수사 공조가 쉬워집니다.",
            "부다페스트협약 가입은 늦었습니다.", "정부는 부다페스트 협약을 검토하십시오.",
            "부다페스트 협약 가입 일정을 밝히십시오."]
BUDGET = "예산 심사를 철저히 해야 합니다."
OTHERS = ["김영식", "조승래", "윤영찬", "허은아", "정필모"]


def _phrase_meeting(committee: str, day: str, number: int, speakers: list[str], own: dict[str, list[str]],
                    filler: str) -> dict:
    """Eight turns per speaker: their own lines first, then 예산 심사 and the filler in turn."""
    turns = []
    for speaker in speakers:
        lines = own.get(speaker, [])
        for i in range(8):
            text = lines[i] if i < len(lines) else (BUDGET if i % 2 else filler.format(i=i))
            turns.append(_turn(speaker, "위원", text, MINJOO))
    return {"committee": committee, "date": day, "session": 410, "meeting_number": number, "turns": turns}


PHRASE_MEETINGS = [
    # 박정현: 5 turns 부다페스트 협약 and 3 예산 심사; the others 예산 심사 in 4 of 8…
    _phrase_meeting("과학기술정보방송통신위원회", "2023-10-10", 1, ["박정현", *OTHERS[:2]],
                    {"박정현": [*BUDAPEST, BUDGET, BUDGET, BUDGET]}, "질의 {i}번째입니다."),
    # …and the others say 예산 심사 in 4 of 8; 행정안전위원회 alone says 지방 재정 확충.
    _phrase_meeting("행정안전위원회", "2023-10-11", 2, OTHERS[2:],
                    {name: ["지방 재정 확충이 필요합니다."] * 3 for name in OTHERS[2:]}, "질문 {i}번째입니다."),
]
