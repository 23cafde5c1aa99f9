"""Role groups used as a facet: who is speaking, in the Assembly's own categories."""

MEMBER = "위원"
CHAIR = "의장단"
WITNESS = "참고인·증인"
GOVERNMENT = "정부·기관"

_CHAIR_ROLES = ("의장", "부의장", "위원장", "위원장대리", "위원장직무대행", "소위원장", "임시의장", "의장직무대행")
_MEMBER_ROLES = ("위원", "의원", "간사")
_WITNESS_ROLES = ("참고인", "증인", "진술인", "감정인", "공술인")


def role_group(role: str) -> str:
    if role in _CHAIR_ROLES or role.endswith("위원장") and not role.endswith("부위원장"):
        return CHAIR
    if role in _MEMBER_ROLES:
        return MEMBER
    if any(role.startswith(word) or role.endswith(word) for word in _WITNESS_ROLES):
        return WITNESS
    return GOVERNMENT
