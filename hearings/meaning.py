"""What a clause asserts beyond its words: polarity, modality and numbers, for comparing a quotation with
the minutes clause by clause.

A quotation that keeps every word but flips one clause ("레임덕이 없다" → "레임덕이 있다") says the opposite.
Counting negations over the whole sentence misses that as soon as the sentence holds another negation
("훼손되지 않고 … 생각합니다"), so each clause is read on its own. A clause ends at a final ending or at a
connecting ending that is not followed by an auxiliary (뽑아야 | 합니다 and 하지 | 않습니다 stay one clause).
Pure: works on Kiwi morphemes (hearings/analysis.py), no engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hearings.analysis import Morpheme

# Each of these turns a clause's polarity: short and long negation, 아니다, and the negative member of the
# Assembly's usual antonym pairs (없다/있다, 모르다/알다, 반대/찬성, 불가능/가능, 부동의/동의). The value is the
# word the other side says, for the reason shown ("부정이 다릅니다: 없다 ↔ 있다").
_NEGATORS = {("안", "MAG"): "", ("못", "MAG"): "", ("않다", "VX"): "", ("못하다", "VX"): "", ("말다", "VX"): "",
             ("아니", "VCN"): "이다", ("아니다", "VCN"): "이다", ("없다", "VA"): "있다", ("모르다", "VV"): "알다",
             ("반대", "NNG"): "찬성", ("불가", "NNG"): "가능", ("불허", "NNG"): "허용", ("거부", "NNG"): "수용",
             ("부결", "NNG"): "가결", ("불가능", "NNG"): "가능", ("부동의", "NNG"): "동의"}
# Negating prefixes count where they sit on a noun (불/가능, 부/동의, 비/공개, 미/확인).
_NEGATING_PREFIXES = {"불", "부", "비", "미"}
_PRINTED = {"안": "안", "못": "못", "않다": "-지 않다", "못하다": "-지 못하다", "말다": "-지 말다", "아니": "아니다"}
_LIGHT_VERBS = {"하다", "되다"}  # 하도록 하다, 하게 되다, 해야 하다: one predicate over two words
_MUST_ENDINGS = {"어야", "아야", "야", "여야"}
_PAST = {"었", "았", "였", "었었"}
_NATIVE_NUMBERS = {"한": "1", "하나": "1", "두": "2", "둘": "2", "세": "3", "셋": "3", "석": "3", "네": "4", "넷": "4",
                   "다섯": "5", "여섯": "6", "일곱": "7", "여덟": "8", "아홉": "9", "열": "10"}
_POWERS = {"십", "백", "천", "만", "억", "조"}


@dataclass(frozen=True)
class Clause:
    negators: tuple[str, ...]  # the printed negations, in order
    modality: frozenset[str]  # of past, intent, must, can

    @property
    def negative(self) -> bool:
        return len(self.negators) % 2 == 1  # 하지 않을 수 없다: two negations assert


def clause_ids(morphemes: Sequence[Morpheme]) -> list[int]:
    """The clause each morpheme belongs to, numbered from 0 in text order."""
    ids, current = [], 0
    for i, m in enumerate(morphemes):
        ids.append(current)
        after = morphemes[i + 1] if i + 1 < len(morphemes) else None
        # Kiwi reads 없는데 as 없 + 는 (ETM) + 데 (NNB): the 데 still joins two clauses.
        joins = m.lemma == "데" and m.tag.startswith("NNB") and i > 0 and morphemes[i - 1].tag.startswith("ETM")
        if joins or _ends_clause(m, after):
            current += 1
    return ids


def _ends_clause(m: Morpheme, after: Morpheme | None) -> bool:
    if m.tag.startswith("EF"):
        return True
    if not m.tag.startswith("EC") or after is None or m.lemma == "지":
        return False
    return not (after.tag.startswith("VX") or (after.tag.startswith("VV") and after.lemma in _LIGHT_VERBS))


def read_clauses(morphemes: Sequence[Morpheme], ids: Sequence[int]) -> dict[int, Clause]:
    grouped: dict[int, list[Morpheme]] = {}
    for m, clause in zip(morphemes, ids, strict=True):
        grouped.setdefault(clause, []).append(m)
    return {clause: Clause(_negators(ms), _modality(ms)) for clause, ms in grouped.items()}


def joined(clauses: list[Clause]) -> Clause:
    return Clause(tuple(n for c in clauses for n in c.negators), frozenset().union(*(c.modality for c in clauses)))


def linked_groups(links: list[tuple[int, int]]) -> list[tuple[list[int], list[int]]]:
    """Quotation clauses and minutes clauses joined by aligned words, as connected groups (in text order)."""
    group: dict[tuple[str, int], tuple[str, int]] = {}

    def root(node: tuple[str, int]) -> tuple[str, int]:
        while group.setdefault(node, node) != node:
            node = group[node]
        return node

    for q, t in links:
        group[root(("q", q))] = root(("t", t))
    members: dict[tuple[str, int], tuple[set[int], set[int]]] = {}
    for node in list(group):
        side, clause = node
        members.setdefault(root(node), (set(), set()))[side == "t"].add(clause)
    return sorted((sorted(q), sorted(t)) for q, t in members.values())


def _negators(ms: list[Morpheme]) -> tuple[str, ...]:
    found = []
    for i, m in enumerate(ms):
        if (m.lemma, m.tag.split("-")[0]) in _NEGATORS:
            found.append(_PRINTED.get(m.lemma, m.lemma))
        elif m.tag.startswith("XPN") and m.lemma in _NEGATING_PREFIXES and i + 1 < len(ms) \
                and ms[i + 1].tag.startswith("NN"):
            found.append(m.lemma + ms[i + 1].lemma)
    return tuple(found)


def _modality(ms: list[Morpheme]) -> frozenset[str]:
    marks = set()
    for i, m in enumerate(ms):
        after = ms[i + 1] if i + 1 < len(ms) else None
        if m.tag.startswith("EP") and m.lemma in _PAST:
            marks.add("past")
        elif m.tag.startswith("EP") and m.lemma == "겠" and i and ms[i - 1].tag.startswith(("VV", "VX", "XSV")):
            marks.add("intent")  # after a verb: a promise; after 아니다 or an adjective it only softens
        elif m.tag.startswith("EC") and m.lemma in _MUST_ENDINGS and after is not None \
                and after.lemma in _LIGHT_VERBS:
            marks.add("must")
        elif m.lemma == "수" and m.tag.startswith("NNB") and _then_exists(ms[i + 1:i + 3]):
            marks.add("can")
    return frozenset(marks)


def _then_exists(ms: list[Morpheme]) -> bool:
    """있다/없다 right after 수, or after one particle (할 수는 없다, 할 수도 있다)."""
    if ms and ms[0].tag.startswith("J"):
        ms = ms[1:]
    return bool(ms) and ms[0].lemma in ("있다", "없다")


_MODALITY_WORDS = {"past": "했다", "intent": "하겠다", "must": "해야 한다", "can": "할 수 있다"}


def modality_clash(quoted: frozenset[str], said: frozenset[str]) -> bool:
    """하겠다/해야 한다/할 수 있다 must agree; a past tense counts only against a promise ("했다" for
    "하겠다"), since "한 것입니다" and "했다" report the same thing."""
    if (quoted - {"past"}) != (said - {"past"}):
        return True
    return bool(quoted and said) and quoted != said


def demand_clash(quoted: frozenset[str], said: frozenset[str]) -> bool:
    """An obligation or a promise one side makes and the other does not (해야 한다, 하겠다): a claim of its
    own even in other words. "할 수 있다" is left out: a paraphrase turns "해야 막을 수 있다" into "막으려면
    해야 한다"."""
    return bool((quoted ^ said) & {"must", "intent"})


def polarity_reason(said: Clause, quoted: Clause) -> str:
    return f"부정이 다릅니다: {_polar_word(said, quoted)} ↔ {_polar_word(quoted, said)}"


def _polar_word(clause: Clause, other: Clause) -> str:
    if clause.negators:
        return ", ".join(clause.negators)
    opposite = next((_NEGATORS.get((word, tag)) for word in other.negators for tag in ("VA", "VV", "VCN", "NNG")
                     if _NEGATORS.get((word, tag))), None)
    return opposite or "긍정"


def modality_reason(said: frozenset[str], quoted: frozenset[str]) -> str:
    def words(marks: frozenset[str]) -> str:
        return ", ".join(_MODALITY_WORDS[m] for m in sorted(marks)) or "한다"
    return f"말의 양태가 다릅니다: {words(said)} ↔ {words(quoted)}"


def numbers(morphemes: Sequence[Morpheme]) -> list[tuple[str, str]]:
    """Each number with its unit, as (value, unit): "3억 원" → ("3억", "원"), "세 명" → ("3", "명")."""
    found, i = [], 0
    while i < len(morphemes):
        m = morphemes[i]
        value = m.lemma if m.tag.startswith("SN") else _NATIVE_NUMBERS.get(m.lemma) if m.tag[:2] in ("MM", "NR") \
            else None
        if value is None:
            i += 1
            continue
        i += 1
        while i < len(morphemes) and (morphemes[i].lemma in _POWERS or morphemes[i].tag.startswith("SN")):
            value += morphemes[i].lemma
            i += 1
        unit = morphemes[i].lemma if i < len(morphemes) and morphemes[i].tag[:3] in ("NNB", "NNG", "SL", "SW") else ""
        found.append((value, unit))
    return found


def number_reason(quoted: list[tuple[str, str]], said: list[tuple[str, str]]) -> str:
    """Where a quoted number is not in the minutes with its unit, as often as quoted: the reason, else ""."""
    left = list(said)
    for value, unit in quoted:
        match = next((i for i, (v, u) in enumerate(left) if v == value and (not unit or not u or u == unit)), None)
        if match is not None:
            left.pop(match)
        else:
            same_unit = [v + u for v, u in said if u == unit] or [v + u for v, u in said]
            return f"숫자가 다릅니다: {', '.join(same_unit) or '없음'} ↔ {value}{unit}"
    return ""
