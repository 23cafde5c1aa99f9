"""The packages' layering, read from the source (imports inside functions counted): the core imports no other
product package, no package imports one above it, product code never imports bench, and no package holds more
than 35% of the product's lines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Lowest first: a package may import those before it, never those after it.
LAYERS = ("hearings", "ingest", "search_api", "alerts", "web")
SHARE = 0.35


def imported_packages(package: str) -> dict[str, set[str]]:
    """The product packages each file of `package` imports, at any depth of the code."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else (
                [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module else [])
            for name in names:
                top = name.split(".")[0]
                if top != package and top in (*LAYERS, "bench"):
                    found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


@pytest.mark.parametrize("package", LAYERS)
def test_a_package_imports_only_the_layers_below_it(package):
    allowed = set(LAYERS[:LAYERS.index(package)])
    wrong = {top: files for top, files in imported_packages(package).items() if top not in allowed}
    assert not wrong, f"{package} imports {wrong}"


def test_no_package_holds_more_than_a_third_of_the_product():
    lines = {package: sum(len(p.read_text(encoding="utf-8").splitlines()) for p in (ROOT / package).rglob("*.py"))
             for package in LAYERS}
    total = sum(lines.values())
    assert all(count / total <= SHARE for count in lines.values()), {p: f"{c / total:.0%}" for p, c in lines.items()}
