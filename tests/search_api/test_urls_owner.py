"""search_api/urls.py owns the site's page paths: no other module of the product writes one as a literal, except
where a route declares its own path. Read from the sources (AST), so a new literal anywhere fails here."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGES = ("/search", "/speakers", "/committees", "/feeds", "/trends", "/meetings", "/verify")
PACKAGES = ("search_api", "web", "alerts")


def _declared_paths(tree: ast.AST) -> set[int]:
    """ids of the string nodes that are a route's own path (@router.get("/search"), add_api_route)."""
    declared = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in (
                "get", "post", "put", "delete", "api_route", "add_api_route"):
            declared |= {id(sub) for arg in node.args[:1] for sub in ast.walk(arg)}
    return declared


def test_no_module_but_urls_writes_a_page_path():
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path.name == "urls.py" and path.parent.name == "search_api":
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            declared = _declared_paths(tree)
            for node in ast.walk(tree):
                if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in declared
                        and node.value.startswith(PAGES)):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}")
    assert not found, "page paths written outside search_api/urls.py:\n" + "\n".join(found)


def test_a_value_in_a_path_is_escaped_one_way():
    from search_api.urls import committee_path, speaker_feed_base, speaker_path

    assert speaker_path("이진숙·22") == "/speakers/%EC%9D%B4%EC%A7%84%EC%88%99%C2%B722"
    assert committee_path("a/b c") == "/committees/a%2Fb%20c" and speaker_feed_base("a/b").endswith("a%2Fb.atom")
