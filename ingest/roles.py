"""Role groups used as a facet: who is speaking, in the Assembly's own categories.

Witnesses are told apart because people search by them: a 증인 is compelled and sworn, a 참고인 (with
감정인 and 공술인) gives expert opinion, a 진술인 states a view at a public hearing, a 후보자 is the
nominee at a confirmation hearing. Assembly staff (전문위원, 입법조사관, 사무총장 …) report to members but
answer for no audited body, so they are kept apart from 정부·기관 (heads of bodies and officials).
"""

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


def role_group(role: str) -> str:
    # "…소위원장" chairs; "금융위원회위원장" heads a body and answers.
    if role in _CHAIR_ROLES or role.endswith("위원장") and not role.endswith("부위원장") and "위원회" not in role:
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
