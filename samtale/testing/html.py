"""Checks on a page's HTML that the tests share."""

from __future__ import annotations

import re

_ID = re.compile(r'\sid="([^"]+)"')


def repeated_ids(html: str) -> list[str]:
    """The ids more than one element of ``html`` has (a label, an ``aria-labelledby`` or
    a link's target would find only the first), sorted; none on a sound page."""
    ids = _ID.findall(html)
    return sorted({i for i in ids if ids.count(i) > 1})
