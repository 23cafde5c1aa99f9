"""axe-core, vendored (tests/web/vendor/axe.min.js, axe-core 4.14.1 from npm, MPL-2.0 with its licence header and
tests/web/vendor/axe-core.LICENSE), injected into a Playwright page: CI needs no npm and no network."""

from __future__ import annotations

from pathlib import Path

AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_VERSION = "4.14.1"
# WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices (landmark-unique, page-has-heading-one)
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(page) -> list[str]:
    """Every violation on the page as 'rule (impact): target, target, …', empty when there is none."""
    # Evaluated through the DevTools protocol, which the pages' Content-Security-Policy (script-src 'self') allows;
    # a <script> tag would be refused, as it should be.
    page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
    assert page.evaluate("axe.version") == AXE_VERSION
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return [f"{v['id']} ({v['impact']}): " + ", ".join(str(node["target"]) for node in v["nodes"])
            for v in result["violations"]]
