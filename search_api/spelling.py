"""Did-you-mean ranking: Korean typos are usually one jamo off (겸역 → 검역), so candidates from the
engine's term suggester are re-ranked by edit distance over jamo, then by how often they occur."""

from __future__ import annotations

_BASE, _INITIALS, _MEDIALS, _FINALS = 0xAC00, 19, 21, 28


def jamo(text: str) -> str:
    out = []
    for ch in text:
        code = ord(ch) - _BASE
        if 0 <= code < _INITIALS * _MEDIALS * _FINALS:
            initial, rest = divmod(code, _MEDIALS * _FINALS)
            medial, final = divmod(rest, _FINALS)
            out += [chr(0x1100 + initial), chr(0x1161 + medial)] + ([chr(0x11A7 + final)] if final else [])
        else:
            out.append(ch)
    return "".join(out)


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def best_correction(word: str, options: list[dict]) -> str | None:
    """The option closest in jamo (at most 2 jamo edits), most frequent among equals."""
    typed = jamo(word)
    ranked = sorted(options, key=lambda o: (edit_distance(typed, jamo(o["text"])), -o.get("freq", 0)))
    if ranked and edit_distance(typed, jamo(ranked[0]["text"])) <= 2:
        return ranked[0]["text"]
    return None
