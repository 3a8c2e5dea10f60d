"""Every link leads somewhere: in the demo organisation, as each demo login, the pages
reached by following links from the home page (up to ``PAGES`` of them) answer without a
server error, and no link on them leads to a page that answers 404 (a page the viewer
may not open, or one that does not exist), and no page gives two elements the same id
(a label, a heading named by ``aria-labelledby`` or a link's target would point at the
wrong one). GET only: what forms change is tested where they are."""

from __future__ import annotations

import re
from collections import deque

import pytest

from samtale.access.models import User
from samtale.testing.html import repeated_ids

pytestmark = pytest.mark.django_db

PAGES = 120
LOGINS = (
    "emma.nielsen",
    "kasper.holm",
    "lene.larsen",
    "christian.berg",
    "birgit.bech",
    "hanne.poulsen",
    "henrik.dam",
    "tina.mikkelsen",
    "anders.kjaer",
    "admin",
)
# Not pages: logging out, files (PDF, workbooks, calendars, archives), Django's admin.
NOT_PAGES = re.compile(
    r"/(log-?af|logout|static|media|xlsx|zip|ics|pdf|admin)/"
    r"|\.(pdf|xlsx|ics|zip)$|/eksport|/hent|download|/kalender|/feed"
)
LINK = re.compile(r'href="(/[^"#]*)"')


@pytest.mark.parametrize("login", LOGINS)
def test_no_link_leads_to_a_missing_page(demo, client, login):
    client.raise_request_exception = True  # a server error fails with its traceback
    user = User.objects.get(email=f"{login}@eksempel-kommune.dk")
    client.force_login(user)
    queue: deque[tuple[str, str | None]] = deque([("/", None)])
    seen: set[str] = set()
    broken: list[tuple[str, str | None]] = []
    repeated: dict[str, list[str]] = {}
    while queue and len(seen) < PAGES:
        url, linked_from = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code == 404:
            broken.append((url, linked_from))
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        if found := repeated_ids(html):
            repeated[url] = found
        for href in LINK.findall(html):
            href = href.replace("&amp;", "&")
            if href not in seen and not NOT_PAGES.search(href):
                queue.append((href, url))
    assert len(seen) > 20, seen  # the walk reached the pages, not only the home page
    assert not broken, broken
    assert not repeated, repeated
