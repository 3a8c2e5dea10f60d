"""axe-core (node_modules/axe-core) run inside the page: WCAG 2.1 A and AA must pass."""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import Any, TypedDict

import pytest
from playwright.sync_api import Page

AXE_JS = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TARGETS_SHOWN = 3

# Per page: the ids of the documents check_a11y has checked (see conftest's ``page``).
checked_documents: weakref.WeakKeyDictionary[Page, set[str]] = weakref.WeakKeyDictionary()

# Runs axe on the whole document; returns the page's e2e document id (see conftest) with
# a compact list of violations.
_RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return {
    doc: window.__e2eDoc || null,
    url: location.href,
    violations: result.violations.map(v => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      count: v.nodes.length,
      targets: v.nodes.map(n => n.target.join(' ')),
    })),
  };
}"""


class Violation(TypedDict):
    id: str
    impact: str | None
    help: str
    helpUrl: str
    count: int
    targets: list[str]


def format_violations(url: str, violations: list[Violation]) -> str:
    lines = [f"{len(violations)} WCAG 2.1 A/AA violation(s) on {url}:"]
    for v in violations:
        shown = ", ".join(v["targets"][:TARGETS_SHOWN])
        more = f" (+{v['count'] - TARGETS_SHOWN} more)" if v["count"] > TARGETS_SHOWN else ""
        lines.append(f"- {v['id']} [{v['impact']}] {v['help']}: {shown}{more}")
        lines.append(f"    {v['helpUrl']}")
    return "\n".join(lines)


def run_axe(page: Page) -> dict[str, Any]:
    """Run axe on the current document and return its raw (compacted) result."""
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `npm ci` (make install) first.")
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=AXE_JS)
    result: dict[str, Any] = page.evaluate(_RUN_AXE, WCAG_TAGS)
    return result


def check_a11y(page: Page) -> None:
    """Fail the test if the page as it is now has any WCAG 2.1 A or AA violation.

    Call it after every navigation and after every state change worth checking (an
    error message, an opened dialog). The ``page`` fixture fails a test that loaded a
    document and never checked it.
    """
    result = run_axe(page)
    if result["doc"]:
        checked_documents.setdefault(page, set()).add(result["doc"])
    if result["violations"]:
        pytest.fail(format_violations(result["url"], result["violations"]), pytrace=False)
