"""Role groups used as a facet: who is speaking, in the Assembly's own categories.

Witnesses are told apart because people search by them: a 증인 is compelled and sworn, a 참고인 (with
감정인 and 공술인) gives expert opinion, a 진술인 states a view at a public hearing, a 후보자 is the
nominee at a confirmation hearing. Assembly staff (전문위원, 입법조사관, 사무총장 …) report to members but
answer for no audited body, so they are kept apart from 정부·기관 (heads of bodies and officials).
"""

from __future__ import annotations

from ingest.models import Turn

MEMBER = "위원"
CHAIR = "의장단"
CANDIDATE = "후보자"
WITNESS = "증인"
EXPERT = "참고인"
STATEMENT = "진술인"
GOVERNMENT = "정부·기관"
STAFF = "국회 직원"

# Groups whose turns answer a member's question (ingest/threads.py).
ANSWERING = (GOVERNMENT, CANDIDATE, WITNESS, EXPERT, STATEMENT)

_CHAIR_ROLES = ("의장", "부의장", "위원장", "위원장대리", "위원장직무대행", "소위원장", "임시의장", "의장직무대행")
_MEMBER_ROLES = ("위원", "의원", "간사")
_STAFF_ROLES = ("전문위원", "수석전문위원", "입법조사관", "입법심의관", "사무총장", "사무차장", "의사국장",
                "의정종합지원센터장", "법제실장", "예산정책처장", "입법조사처장", "국회사무처", "행정실장")
# Checked in this order: "증인" also ends "참고인·증인" style double labels, which read as witness.
_WITNESS_WORDS = ((WITNESS, ("증인",)), (EXPERT, ("참고인", "감정인", "공술인")), (STATEMENT, ("진술인",)))


# The Assembly's own committees, whose chairs chair (in the plenary they report for their committee).
# Any other "…위원장" heads a body and answers: 방송통신위원장, 금융위원장, 국가인권위원장.
_ASSEMBLY_COMMITTEES = (
    "국회운영", "운영", "법제사법", "정무", "기획재정", "재정경제", "교육", "과학기술정보방송통신", "외교통일",
    "통일외교통상", "외교통상통일", "국방", "행정안전", "안전행정", "행정자치", "문화체육관광", "문화체육관광방송통신",
    "농림축산식품해양수산", "농림해양수산", "산업통상자원중소벤처기업", "산업통상자원", "지식경제", "보건복지",
    "보건복지가족", "환경노동", "국토교통", "국토해양", "정보", "여성가족", "교육과학기술", "미래창조과학방송통신",
    "교육문화체육관광", "예산결산특별", "윤리특별")
# The English speaker classes of research datasets (assemblykor, kr-hearings-data), read as role groups
# where a class column is mapped as the role: the printed role, where there is one, says more.
_CLASS_GROUPS = {"legislator": MEMBER, "member": MEMBER, "chair": CHAIR, "nominee": CANDIDATE,
                 "candidate": CANDIDATE, "witness": WITNESS, "government": GOVERNMENT, "official": GOVERNMENT,
                 "expert": EXPERT, "staff": STAFF}


def class_group(value: str) -> str:
    """A dataset's speaker class (``legislator``, ``nominee``, ``chair``) as a role group; "" if unknown."""
    return _CLASS_GROUPS.get(value.strip().casefold(), "")


def _chairs(role: str) -> bool:
    if role in _CHAIR_ROLES or role.endswith("소위원장"):
        return True
    stem = role.removesuffix("위원장").removesuffix("위원회")
    return role.endswith("위원장") and (stem in _ASSEMBLY_COMMITTEES or stem.endswith("특별"))


def role_group(role: str) -> str:
    # "…소위원장" and the Assembly's committee chairs chair; "금융위원회위원장", "방송통신위원장" head a body.
    if _chairs(role):
        return CHAIR
    if role in _MEMBER_ROLES:
        return MEMBER
    if role.endswith("후보자"):
        return CANDIDATE
    for group, words in _WITNESS_WORDS:
        if any(role.startswith(word) or role.endswith(word) for word in words):
            return group
    if role in _STAFF_ROLES or role.startswith("국회") and not role.startswith("국회의장"):
        return STAFF
    return GOVERNMENT


def turn_role_group(turn: Turn) -> str:
    """The group the source gave the turn, else the one its printed role reads as."""
    return turn.role_group or role_group(turn.role)
