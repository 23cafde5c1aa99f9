"""The search box syntax people already know, parsed into a small tree. Pure; no engine, no Kiwi.

    역학조사관 충원          words: every content word must match (lemmas, any inflection)
    "원천 무효"              exact wording, spacing and punctuation ignored
    -사퇴                    exclude
    검찰 OR 경찰             either
    (검찰 OR 경찰) 개혁       grouping
    화자:윤한홍 위원회:법제사법위원회   field prefixes (speaker:, committee: also accepted)

The user's text never reaches the engine as query syntax: every leaf becomes a structured clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from search_api.status_errors import StatusError

FIELD_ALIASES = {
    "화자": "speaker", "발언자": "speaker", "speaker": "speaker",
    "위원회": "committee", "committee": "committee",
}


class QuerySyntaxError(StatusError, ValueError):
    """A query that cannot be parsed; the message is meant for the person who typed it."""

    status = 400
    prefix = "검색어를 해석할 수 없습니다: "


@dataclass(frozen=True)
class Words:
    text: str


@dataclass(frozen=True)
class Phrase:
    text: str


@dataclass(frozen=True)
class FieldFilter:
    field: str
    value: str


@dataclass(frozen=True)
class Not:
    node: Node


@dataclass(frozen=True)
class And:
    nodes: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    nodes: tuple[Node, ...]


Node = Words | Phrase | FieldFilter | Not | And | Or

_TOKEN = re.compile(r'\s*(?:(?P<quote>"[^"]*"?)|(?P<lparen>\()|(?P<rparen>\))|(?P<word>[^\s()"]+))')


def _tokenize(query: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    while position < len(query):
        match = _TOKEN.match(query, position)
        if not match or match.end() == position:
            break
        position = match.end()
        kind = match.lastgroup
        if kind is None:
            continue
        value = match.group(kind)
        if kind == "quote":
            if len(value) < 2 or not value.endswith('"'):
                raise QuerySyntaxError('따옴표가 닫히지 않았습니다. 인용구는 "원천 무효"처럼 큰따옴표로 감싸 주세요.')
            tokens.append(("phrase", value[1:-1]))
        elif kind == "word" and value.upper() == "OR":
            tokens.append(("or", value))
        else:
            tokens.append((kind, value))
    return tokens


MAX_DEPTH = 5  # parentheses inside parentheses; each level is two bool levels in the engine's query


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]):
        self.tokens = tokens
        self.pos = 0
        self.depth = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos][0] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def parse_or(self) -> Node:
        nodes = [self.parse_and()]
        while self.peek() == "or":
            self.take()
            if self.peek() in (None, "or", "rparen"):
                raise QuerySyntaxError("OR 뒤에 검색어가 없습니다. 예: 검찰 OR 경찰")
            nodes.append(self.parse_and())
        return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))

    def parse_and(self) -> Node:
        nodes: list[Node] = []
        words: list[str] = []
        while self.peek() not in (None, "or", "rparen"):
            node = self.parse_unary()
            if isinstance(node, Words):
                words.append(node.text)
                continue
            if words:
                nodes.append(Words(" ".join(words)))
                words = []
            nodes.append(node)
        if words:
            nodes.append(Words(" ".join(words)))
        if not nodes:
            raise QuerySyntaxError(self._nothing_here())
        return nodes[0] if len(nodes) == 1 else And(tuple(nodes))

    def _nothing_here(self) -> str:
        """Why a run of words is empty, said by what ends it: `(((` has no OR in it to be missing a word before."""
        if self.peek() == "or":
            return "OR 앞에 검색어가 없습니다. 예: 검찰 OR 경찰"
        if self.peek() == "rparen":
            return "빈 괄호입니다. 괄호 안에 검색어를 넣어 주세요."
        return "괄호 안에 검색어가 없고 괄호가 닫히지 않았습니다. 예: (검찰 OR 경찰) 개혁"

    def parse_unary(self) -> Node:
        kind, value = self.take()
        if kind == "lparen":
            if self.peek() == "rparen":
                raise QuerySyntaxError("빈 괄호입니다. 괄호 안에 검색어를 넣어 주세요.")
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise QuerySyntaxError(f"괄호는 {MAX_DEPTH}겹까지 쓸 수 있습니다.")
            inner = self.parse_or()
            self.depth -= 1
            if self.peek() != "rparen":
                raise QuerySyntaxError("괄호가 닫히지 않았습니다.")
            self.take()
            return inner
        if kind == "rparen":
            raise QuerySyntaxError("여는 괄호 없이 닫는 괄호가 있습니다.")
        if kind == "phrase":
            if not value.strip():
                raise QuerySyntaxError("빈 따옴표입니다. 따옴표 안에 찾을 문구를 넣어 주세요.")
            return Phrase(value)
        if value.startswith("-") and len(value) > 1:
            return Not(self._word(value[1:]))
        if value == "-" and self.peek() in ("phrase", "lparen"):
            return Not(self.parse_unary())
        return self._word(value)

    def _word(self, value: str) -> Node:
        name, colon, rest = value.partition(":")
        if colon and name in FIELD_ALIASES:
            if not rest:
                raise QuerySyntaxError(f"'{name}:' 뒤에 값이 없습니다. 예: {name}:윤한홍")
            return FieldFilter(FIELD_ALIASES[name], rest)
        return Words(value)


def parse_query(query: str) -> Node | None:
    """None for an empty query (browse everything)."""
    tokens = _tokenize(query.strip())
    if not tokens:
        return None
    parser = _Parser(tokens)
    node = parser.parse_or()
    if parser.pos < len(tokens):
        raise QuerySyntaxError("여는 괄호 없이 닫는 괄호가 있습니다.")
    if isinstance(node, Not) or (isinstance(node, And) and all(isinstance(n, Not) for n in node.nodes)):
        raise QuerySyntaxError("제외어(-)만으로는 검색할 수 없습니다. 찾을 말을 함께 넣어 주세요.")
    return node
