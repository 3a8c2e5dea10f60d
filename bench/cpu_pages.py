"""CPU per request of a few light pages, in-process: what a logged-in page pays before
it shows anything of its own (session, user and viewer, middleware, the layout).

    .venv/bin/python bench/cpu_pages.py [REPEAT]

Uses the page benchmark's database (``BENCH_DB``; run ``make bench`` once first), with
DEBUG off as bench/bench_pages.py does. Each round requests every page once (the login
page first, as the floor, then the demo leader's 404 page, org tree, team page and home),
REPEAT rounds (default 50), and prints each page's least, 10th-percentile and median CPU
(``time.process_time``: this process only, not PostgreSQL's) per request. On a shared
machine compare the least of several runs, against the floor of the same run.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_pages import ensure_database, persona_user, setup_django


def pages() -> list[tuple[str, Any, str]]:
    from django.urls import reverse

    from samtale.access.viewer import viewer_for
    from samtale.org.models import Team

    leader = persona_user("leader")
    team = Team.objects.filter(leader=viewer_for(leader).person).order_by("pk").first()
    found = [
        ("login (floor)", None, reverse("login")),
        ("404", leader, "/no-such-page/"),
        ("org tree", leader, reverse("org:tree")),
    ]
    if team is not None:
        found.append(("team", leader, reverse("org:team", args=[team.pk])))
    found.append(("home", leader, reverse("home")))
    return found


def main() -> int:
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    url = ensure_database()
    if url is None:
        return 1
    os.environ.setdefault("LOG_LEVEL", "ERROR")  # not a line per 404
    setup_django(url)
    import logging

    from django.test import Client

    logging.getLogger("django.request").setLevel(logging.ERROR)
    measured = pages()
    clients = []
    for _name, user, path in measured:
        client = Client()
        if user is not None:
            client.force_login(user)
        for _ in range(3):
            client.get(path)
        clients.append(client)
    spent: dict[str, list[float]] = {name: [] for name, _user, _path in measured}
    for _ in range(repeat):
        for (name, _user, path), client in zip(measured, clients, strict=True):
            started = time.process_time()
            client.get(path)
            spent[name].append((time.process_time() - started) * 1000)
    print(f"CPU ms per request, {repeat} rounds (leader: the demo's)")
    for name, _user, path in measured:
        times = sorted(spent[name])
        least, p10, median = times[0], times[len(times) // 10], times[len(times) // 2]
        print(f"  {name:14s} {path:28s} least {least:6.2f}  p10 {p10:6.2f}  median {median:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
