"""axe-core (node_modules/axe-core) run inside the page: WCAG 2.1 A and AA must pass,
and nothing on the page may be wider than the screen."""

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


# Is the page wider than the screen? ``clientWidth`` of the root is the layout viewport
# (390 px on the phone): on a mobile viewport ``window.innerWidth`` grows with the page,
# so it cannot tell. Returns null when the page fits, else the widths and the elements
# that stick out to say where to look (leaving out fixed ones, and those inside a region
# that scrolls or clips by itself unless they are positioned and so may escape it).
_WIDER_THAN_SCREEN = """() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  if (root.scrollWidth <= width) return null;
  const clips = (el) => getComputedStyle(el).overflowX !== 'visible';
  const contained = (el) => {
    const position = getComputedStyle(el).position;
    if (position === 'fixed') return true;  // sized by the window, e.g. the menu overlay
    if (position === 'absolute') return false;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (clips(a)) return true;
    }
    return false;
  };
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + Array.from(el.classList).map((c) => '.' + c).join('');
  const culprits = [];
  for (const el of document.body.querySelectorAll('*')) {
    const right = el.getBoundingClientRect().right;
    const parent = el.parentElement;
    if (right > width && parent && parent.getBoundingClientRect().right <= width
        && !contained(el)) {
      culprits.push(describe(el) + ' (right edge at ' + Math.round(right) + ' px)');
    }
  }
  return {url: location.href, scrollWidth: root.scrollWidth, width, culprits};
}"""


# The tables that do not sit in a scrolling region of their own: DKFDS's
# .table--responsive-scroll, a named region (role, aria-label or aria-labelledby) that
# the keyboard reaches (tabindex="0"), so that a wide table scrolls by itself.
_TABLES_OUTSIDE_A_REGION = """() => Array.from(document.querySelectorAll('main table'))
  .filter((table) => {
    const region = table.parentElement;
    return !(region && region.matches('.table--responsive-scroll[role="region"][tabindex="0"]')
      && (region.getAttribute('aria-label') || region.getAttribute('aria-labelledby')));
  })
  .map((table) => (table.caption ? table.caption.textContent.trim() : table.outerHTML.slice(0, 80)))
"""


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


def check_fits_the_screen(page: Page) -> None:
    """Fail the test if the page is wider than the screen (the browser window's width;
    390 px on the phone): a table must scroll inside its own region, a long word must
    break, rather than the whole page scrolling sideways. Also fail if a table in the
    main content is not in such a region, however narrow it is today."""
    loose: list[str] = page.evaluate(_TABLES_OUTSIDE_A_REGION)
    if loose:
        pytest.fail(
            f"{page.url}: tables outside a scrolling region "
            '(<div class="table--responsive-scroll" role="region" aria-label="…" '
            'tabindex="0">):\n  ' + "\n  ".join(loose),
            pytrace=False,
        )
    wide: dict[str, Any] | None = page.evaluate(_WIDER_THAN_SCREEN)
    if wide:
        shown = "\n  ".join(wide["culprits"][:TARGETS_SHOWN]) or "(no single element found)"
        pytest.fail(
            f"{wide['url']} is {wide['scrollWidth']} px wide on a {wide['width']} px screen."
            f" Sticking out:\n  {shown}",
            pytrace=False,
        )


def check_a11y(page: Page) -> None:
    """Fail the test if the page as it is now has any WCAG 2.1 A or AA violation, or
    is wider than the screen (``check_fits_the_screen``).

    Call it after every navigation and after every state change worth checking (an
    error message, an opened dialog). The ``page`` fixture fails a test that loaded a
    document and never checked it.
    """
    result = run_axe(page)
    if result["doc"]:
        checked_documents.setdefault(page, set()).add(result["doc"])
    if result["violations"]:
        pytest.fail(format_violations(result["url"], result["violations"]), pytrace=False)
    check_fits_the_screen(page)
