"""A quotation as the press prints it → the words to look for, and whom the sentence names.

"박정현 의원은 지난해 국정감사에서 부다페스트 협약 가입을 서둘러야 한다고 말했다" is a quotation inside a
frame: the attribution ("박정현 의원은"), the setting ("지난해 국정감사에서") and the reporting verb ("…고
말했다"). What was said is the part in quotation marks where there are any; otherwise the sentence
without its frame. The named person is a hint for the search, never a filter: a wrong attribution is a
finding too. Where it fails: a frame in an order not listed here stays in the quotation (it then only
lowers the match, it never invents one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hearings.analysis import fold

# Titles a reporter puts after a name: 박정현 의원은, 김강립 보건복지부 차관은, 김현 대한변호사협회장은, 박민 KBS
# 사장은, 이진숙 방송통신위원장 후보자는. The last word of the title ends in one of these (any …장 is a head:
# 협회장, 사무처장, 위원장); up to three words of organisation may come before it.
_TITLES = ("의원", "위원", "장관", "차관", "차관보", "총리", "후보자", "대표", "참고인", "증인", "진술인", "교수",
           "대행", "직무대행", "사장", "이사", "간사", "대변인", "비서관", "수석", "고문", "검사", "판사", "대법관",
           "변호사", "박사", "특보", "국무위원", "감사", "부의장", "관", "장")
_NAME = r"[가-힣]{2,4}"
_ROLE_WORD = r"[가-힣A-Za-z0-9·]*(?:" + "|".join(_TITLES) + r")"
_PARTY = r"(?:[가-힣]{1,10}당|국민의힘|무소속)"  # 국민의힘 박정훈 의원은, 더불어민주당 노종면 의원은
_ATTRIBUTION = re.compile(r"^\s*(?:" + _PARTY + r"\s+)?(" + _NAME + r")\s+"
                          r"(?:[가-힣A-Za-z0-9·()]{1,20}\s+){0,3}?" + _ROLE_WORD + r"(?:님)?(?:은|는|이|가|도)\s+")
# The setting the sentence opens with: a time, then a sitting.
_TIME = re.compile(r"^\s*(?:지난해|올해|작년|지난달|이날|당시|지난\s*\d{1,2}\s*[월일]"
                   r"|\d{4}년(?:\s*\d{1,2}월)?(?:\s*\d{1,2}일)?)(?:에)?\s+")
_SITTING = re.compile(r"^\s*\S*(?:국정감사|국감|회의|청문회|질의|현안보고|업무보고|본회의|상임위|위원회|"
                      r"대정부질문|국회)"
                      r"(?:장)?에서\s+")
# The reporting verb at the end: "…한다고 말했다", "…입니다라고 밝혔다", "…며 지적했다".
_REPORTING = re.compile(r"(?:\s*(?:이?라고|고|며|면서)\s+(?:(?:거듭|재차|다시|강하게|분명히|특히|또|이렇게|그렇게)\s+)?"
                        r"(?:말|밝히|밝혔|지적|강조|주장|설명|언급|덧붙|답|답변|비판|촉구|질타|물|요구|주문|당부|반박|해명|했)"
                        r"[가-힣]*다)\s*[.。]?\s*$")
_QUOTED = re.compile(r'"([^"]{2,})"|\'([^\']{2,})\'')


@dataclass(frozen=True)
class PastedQuote:
    pasted: str
    quote: str  # what to look for
    hint_name: str  # the person the sentence names ("" when none)
    elided: bool  # the quotation marks left-out words ("…")


def read_pasted(pasted: str) -> PastedQuote:
    text = " ".join(fold(pasted).split())
    hint = ""
    if named := _ATTRIBUTION.match(text):
        hint = named.group(1)
    quoted = [a or b for a, b in _QUOTED.findall(text)]
    if quoted:
        quote = max(quoted, key=len)
    else:
        quote = text[named.end():] if named else text
        # A year opening an unattributed sentence is the quotation's own ("2017년 한 해 동안의 실적은 …").
        for frame in (_TIME, _SITTING) if named else (_SITTING,):
            quote = frame.sub("", quote, count=1)
        quote = _strip_reporting(quote)
    quote = quote.strip(" \"'“”‘’「」")
    return PastedQuote(pasted=pasted, quote=quote, hint_name=hint,
                       elided=bool(re.search(r"…|\.{3}|중략", quote)))


def _strip_reporting(quote: str) -> str:
    match = _REPORTING.search(quote)
    if not match:
        return quote
    head = quote[:match.start()]
    # "한다고 말했다": the 고/라고 that joined the quotation to its verb belongs to the frame.
    joined = re.search(r"(?:이?라고|고|며|면서)$", head)
    return head[:joined.start()] if joined and len(head) - (joined.end() - joined.start()) > 0 else head
