"""The body an official answers for, read from the printed role: "보건복지부차관" → 보건복지부.

The answering body is the facet "answered by". In an audit it is the audited body (피감기관) the role
begins with, so both facets name a body alike. Otherwise the role is cut after its first organisation word
(…부, …처, …청, …원, …위원회, …공사 …): the head organisation, not a unit inside it
("질병관리본부질병예방센터장" → 질병관리본부), with the central bodies known by name. Otherwise the body is
what comes before the title, made whole ("방송통신위원장" → 방송통신위원회, "한국부동산원장" → 한국부동산원),
never cut inside a word. Where it fails: a role with no body before its title ("차관", "실장") gives none,
and a unit whose name ends in no organisation word stays in ("한국교육개발원 기획처장" is cut right, but an
unknown "○○부 ○○관" is kept whole).
"""

from __future__ import annotations

import re

# Titles that name their body only by implication.
_IMPLIED = {"검찰총장": "대검찰청", "대검찰청차장검사": "대검찰청", "대법원장": "대법원", "국무총리": "국무총리실"}
# Central bodies (정부조직법, with names of earlier governments): matched first, longest first, because a
# body's own name can hold an organisation word ("법원행정처" holds 법원, "지식경제부" none but 부).
_KNOWN = sorted("""
기획재정부 교육부 과학기술정보통신부 외교부 통일부 법무부 국방부 행정안전부 국가보훈부 문화체육관광부
농림축산식품부 산업통상자원부 보건복지부 환경부 고용노동부 여성가족부 국토교통부 해양수산부 중소벤처기업부
지식경제부 안전행정부 행정자치부 미래창조과학부 교육과학기술부 보건복지가족부 국토해양부 농림수산식품부
외교통상부 기획예산처 재정경제부 인사혁신처 법제처 식품의약품안전처 국가보훈처 법원행정처 대통령경호처
국세청 관세청 조달청 통계청 재외동포청 대검찰청 병무청 방위사업청 경찰청 소방청 문화재청 국가유산청
농촌진흥청 산림청 특허청 질병관리청 질병관리본부 기상청 해양경찰청 우주항공청 새만금개발청
방송통신위원회 공정거래위원회 금융위원회 국민권익위원회 원자력안전위원회 개인정보보호위원회
국가인권위원회 중앙선거관리위원회 금융감독원 감사원 국가정보원 헌법재판소 대법원 국무조정실 대통령비서실
국가안보실 국무총리비서실
""".split(), key=len, reverse=True)
# Public corporations and foundations end in words that no ministry's title starts with.
_CORPORATION = re.compile(r"^(.{1,30}?(?:주식회사|공사|공단|재단|은행|협회|연구원|의료원|병원|진흥원))(?=.)")
# Titles after the body's name, longest first; some are the body's last syllable too (부원장 → …원).
_TITLES = sorted({
    "위원장": "위원회", "부위원장": "위원회", "상임위원": "위원회", "원장": "원", "부원장": "원", "청장": "청",
    "처장": "처", "장관": "", "차관": "", "사장": "", "부사장": "", "이사장": "", "회장": "", "부회장": "",
    "총장": "", "지사": "", "시장": "", "군수": "", "구청장": "", "교육감": "교육청", "실장": "실", "국장": "국",
    "본부장": "본부", "단장": "단", "소장": "소", "관장": "관", "센터장": "센터",
    "사무총장": "", "사무처장": "", "사무차장": "",
    "대표": "", "대표이사": "", "상임감사": "", "감사": "", "이사": "", "의장": "", "부장": "부",
    "검사장": "", "고검장": "",
}.items(), key=lambda item: len(item[0]), reverse=True)
# Marks of standing after a title ("…위원장 직무대행", "…사장후보자"): not part of the body or its title.
_STANDING = ("직무대행", "권한대행", "후보자", "내정자")
# Organisation words that end a head body inside a longer name ("…평가원평가본부" → …평가원). Single
# syllables (부, 처, 청, 원) are left out: they occur inside names ("국립부산대학교", "충청남도").
_HEAD_BODY = re.compile(r"^(.{2,30}?(?:위원회|본부|공사|공단|재단|연구원|진흥원|평가원|대학교|주식회사))(?=.)")
_NOT_BODIES = {"의원", "위원", "지원", "직원", "부", "실", "국회"}


def _strip_standing(role: str) -> str:
    for mark in _STANDING:
        role = role.removesuffix(mark)
    return role


def _body_before_title(role: str) -> str:
    """The whole body a title follows: "방송통신위원장" → 방송통신위원회, "국립부산대학교총장" → 국립부산대학교."""
    for title, last in _TITLES:
        if role.endswith(title) and len(role) > len(title):
            body = role[: -len(title)]
            if last and not body.endswith(last):
                body += last
            head = _HEAD_BODY.match(body)
            return head.group(1) if head else body
    return ""


def answering_body(role: str, audited_bodies: list[str] | tuple[str, ...] = ()) -> str:
    role = _strip_standing(role.replace(" ", ""))
    if not role:
        return ""
    for body in sorted(audited_bodies, key=len, reverse=True):
        if role.startswith(body.replace(" ", "")):
            return body
    if role in _IMPLIED:
        return _IMPLIED[role]
    for body in _KNOWN:
        if role.startswith(body) and len(role) >= len(body):
            return body
    match = _CORPORATION.match(role)
    body = match.group(1) if match else _body_before_title(role)
    return "" if len(body) < 2 or body in _NOT_BODIES else body
