"""Round benchmark: launching a round for the whole municipality at 50,000 people, and
the round's progress tree and page, on PostgreSQL.

    .venv/bin/python bench/bench_rounds.py        (or: make bench)

Uses the page benchmark's database (``samtale_bench``, seeded with 50,000 people and a
year of conversations by bench/bench_pages.py, which this reuses). Inside one
transaction that is rolled back at the end (the database is left as it was): HR of the
municipality drafts a round over the top unit and announces it, which queues its launch;
the launch then runs here as the task worker runs it (``launching.execute``: the
conversations the rules call for, in bulk, then the announcement to everyone in the
round, queued in bulk), timed in its two steps; then the progress tree of the whole
round is read REPEAT times, and its progress page (``/runder/<id>/fremdrift/?enhed=<top>``:
the tree read and the municipality's units rendered a page at a time) is fetched as HR
of the municipality through the test client. Goals: the conversations under 30 s, the
tree under 100 ms at p95; the announcement's time is reported (one row per person in the
mail queue); the page's row is marked SLOW above PAGE_BUDGET_MS, the budget of every
page (it does not fail the run).
Environment as bench/bench_pages.py (BENCH_PG, BENCH_DB, BENCH_PEOPLE, BENCH_REPEAT).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import bench_pages

LAUNCH_GOAL_S = 30.0
TREE_GOAL_MS = 100.0
PAGE_BUDGET_MS = 100  # every page's budget (bench/bench_pages.py)


class Rollback(Exception):
    pass


def run() -> bool:
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from samtale.access.viewer import acting_as
    from samtale.org import services as org_services
    from samtale.org.models import OrgUnit, Person, Role, RoleGrant
    from samtale.rounds import launching, progress, services
    from samtale.rounds.models import LaunchState, LaunchStep, RoundConversation, RoundLaunch

    top = OrgUnit.objects.filter(parent__isnull=True).order_by("pk").first()
    assert top is not None, "the bench database has no units"
    grant = RoleGrant.objects.filter(role=Role.HR, unit=top).select_related("person").first()
    hr_person = grant.person if grant else Person.objects.order_by("pk").first()
    assert hr_person is not None, "the bench database has no people"
    ok = True
    try:
        with transaction.atomic():
            if grant is None:
                RoleGrant.objects.create(person=hr_person, role=Role.HR, unit=top)
            hr = acting_as(hr_person)
            round_ = services.create_round(by=hr, name="Bench", year=2031, units=[top])
            steps: dict[str, float] = {}

            def step(name: str, done: int, total: int) -> None:
                steps.setdefault(name, time.perf_counter())

            started = time.perf_counter()
            round_ = services.announce(round_, by=hr, override_reason="bench")
            queued = RoundLaunch.objects.filter(round=round_).latest("pk")
            row = launching.execute(queued.pk, progress=step)  # no-op if it ran already
            finished = time.perf_counter()
            assert row.state == LaunchState.DONE, row.error
            mailing = steps.get(LaunchStep.MAILING, finished)
            launch_s = mailing - started
            made = RoundConversation.objects.filter(round=round_).count()
            mark = "" if launch_s <= LAUNCH_GOAL_S else "  SLOW"
            print(f"launch  {made} conversations for {top.name} in {launch_s:.1f} s{mark}")
            print(
                f"announcement queued for {row.mailed} people in {finished - mailing:.1f} s "
                "(no goal; the mails are sent by the worker afterwards)"
            )
            ok &= launch_s <= LAUNCH_GOAL_S

            times = []
            for n in range(bench_pages.WARMUP + bench_pages.REPEAT):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    progress.tree(round_)
                    spent = (time.perf_counter() - started) * 1000
                if n >= bench_pages.WARMUP:
                    times.append(spent)
            p95 = bench_pages.p95(times)
            mark = "" if p95 <= TREE_GOAL_MS else "  SLOW"
            print(
                f"progress tree, whole municipality: median {statistics.median(times):.1f} ms, "
                f"p95 {p95:.1f} ms, {len(queries.captured_queries)} queries{mark}"
            )
            ok &= p95 <= TREE_GOAL_MS

            client = Client()
            client.force_login(org_services.ensure_user(hr_person))
            url = f"{reverse('rounds:progress', args=[round_.pk])}?enhed={top.pk}"
            times, count, status = bench_pages.measure(client, url)
            p95 = bench_pages.p95(times)
            mark = "" if status == 200 and p95 <= PAGE_BUDGET_MS else "  SLOW"
            print(
                f"progress page, HR of the municipality: median "
                f"{statistics.median(times):.1f} ms, p95 {p95:.1f} ms, {count} queries, "
                f"HTTP {status}{mark}"
            )
            ok &= status == 200
            raise Rollback
    except Rollback:
        pass
    return ok


def main() -> int:
    url = bench_pages.ensure_database()
    if url is None:
        print("Skipping the round benchmark: it needs PostgreSQL on 127.0.0.1:5432.")
        return 1 if os.environ.get("CI") == "true" else 0
    bench_pages.setup_django(url)
    bench_pages.ensure_seeded()
    bench_pages.settle()
    return 0 if run() else 1


if __name__ == "__main__":
    sys.exit(main())
