"""Competence overview benchmark: the heatmap of gaps at 50,000 people on PostgreSQL.

    .venv/bin/python bench/bench_competences.py        (or: make bench)

Uses the page benchmark's database (``samtale_bench``, seeded by bench/bench_pages.py,
which this reuses). Adds, once, a competence profile for every professional group with a
few local variants and the agreed levels of everyone whose MUS summary was shared
(``samtale.demo.competences``), then fetches through the test client, as HR of the
municipality:

- the heatmap of the whole municipality (``/kompetencer/overblik/``): budget 150 ms p95;
- the heatmap of a unit: the institution with the most people (its page draws the tables
  of every unit above it too, to keep the drill-down k-anonymous): budget 100 ms p95;
- the same unit's heatmap as its leader (the tables and their people by name);
- the whole municipality's heatmap as its director (the leader at the top of the line,
  who leads nearly everyone and holds no HR role): management's view, budget 150 ms p95;
- AFTER A CHANGE: the same three right after an acceptance (an agreed level's
  acceptance time moved past the last one: a new key for the counts), each time with the last
  counts kept: the page shows them while the new ones are counted in a thread
  (``samtale.lib.refreshing``), which is waited for before the next change; the time
  the thread took is printed above the table;
- COLD: the same three with nothing of the overviews kept: their cache entries dropped
  (``forget_overviews``: the counts, what the trees hide, the needs' numbers; the rest
  of the cache as the other pages keep it) and the per-process anonymised trees, before
  every request: the first page of a scope nobody has opened for a day. Shown, held to
  no budget: ``count_competence_overviews`` counts these scopes ahead of the pages (after a
  deployment and every night), so that in a deployment as the README describes nobody
  meets them cold. The leader's own unit cold, a scope left to the pages, with its
  budget;
- NEW PROCESS: the same three with only the per-process trees dropped (a process started
  after another kept the counts in the shared cache), with the same budgets.

- DEPLOYED: after ``count_competence_overviews`` (as after a deployment), gunicorn (the
  same Redis) serving the municipality's heatmap over HTTP to HR and to the director: a
  worker's first heatmap (a server of one worker started anew three times, asked once
  each: its own row, median and the slowest of the three), then REPEAT one after the
  other from a server of 3 workers; budget 150 ms p95.

The cache is a Redis of its own (``redis-server`` on a free port, as ``CACHE_URL`` sets
it for a deployment of several processes); BENCH_CACHE=local uses the process's memory.

Rows over budget are marked SLOW (they do not fail the run). Environment as
bench/bench_pages.py (BENCH_PG, BENCH_DB, BENCH_PEOPLE, BENCH_REPEAT).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import bench_pages

MUNICIPALITY_BUDGET_MS = 150.0
FIRSTS = 3  # servers started for a worker's first request
UNIT_BUDGET_MS = 100.0


def ensure_competences() -> None:
    from samtale.competences.models import AgreedLevel, CompetenceProfile
    from samtale.demo import competences
    from samtale.org.models import Person

    if not CompetenceProfile.objects.exists():
        started = time.perf_counter()
        made = competences.seed_profiles()
        print(f"Added {made} competence profiles in {time.perf_counter() - started:.1f} s.")
    # The conversations' seed records a few levels itself: add everyone else's.
    if AgreedLevel.objects.filter(current=True).count() < Person.objects.count() // 4:
        started = time.perf_counter()
        made = competences.seed_agreed_levels()
        print(f"Added {made} agreed levels in {time.perf_counter() - started:.1f} s.")
        bench_pages.settle()


def biggest_institution() -> Any:
    """The unit at the third level of the tree with the most people below it."""
    from samtale.org.headcount import subtree_counts
    from samtale.org.models import OrgUnit

    counts = subtree_counts()
    units = OrgUnit.objects.filter(path__regex=r"^/\d+/\d+/\d+/\d+/$")
    return max(units, key=lambda u: (counts.get(u.pk, 0), -u.pk))


def run() -> list[bench_pages.Row]:
    from django.test import Client
    from django.urls import reverse

    from samtale.org import services
    from samtale.org.models import Person

    rows = []
    unit = biggest_institution()
    hr = bench_pages.persona_user("hr_kommune")
    leader = (
        Person.objects.filter(unit=unit, reports__isnull=False, email__gt="").order_by("pk").first()
    )
    targets: list[tuple[str, str, Any, str, float | None]] = [
        ("competence heatmap: municipality", "hr_kommune", hr, reverse("competences:overview"),
         MUNICIPALITY_BUDGET_MS),
        ("competence heatmap: an institution", "hr_kommune", hr,
         reverse("competences:overview_unit", args=[unit.pk]), UNIT_BUDGET_MS),
    ]  # fmt: skip
    if leader is not None:
        targets.append(
            ("competence heatmap: own unit", "its leader", services.ensure_user(leader),
             reverse("competences:overview"), UNIT_BUDGET_MS)
        )  # fmt: skip
    director = director_of_all()
    if director is not None:
        targets.append(
            ("competence heatmap: municipality", "its director", director,
             reverse("competences:overview"), MUNICIPALITY_BUDGET_MS)
        )  # fmt: skip
    # The same pages after a change, cold and in a new process: HR's two and the director's.
    # Cold, these scopes are held to no budget: `count_competence_overviews` counts them
    # ahead of the pages (after a deployment and every night), so in a deployment nobody
    # meets them cold. A scope it leaves to the pages, a leader's own, is held to its
    # budget cold too.
    again = [t for t in targets if t[1] == "hr_kommune" or t[1] == "its director"]
    targets += [
        (f"{case} {page}", persona, user, url, None if case == "COLD" else budget)
        for case in ("AFTER A CHANGE", "COLD", "NEW PROCESS")
        for page, persona, user, url, budget in again
    ]
    targets += [(f"COLD {t[0]}", *t[1:]) for t in targets if t[1] == "its leader"]
    counting: list[float] = []
    for page, persona, user, url, budget in targets:
        client = Client()
        client.force_login(user)
        if page.startswith("COLD"):
            times, queries, status = measure_cold(client, url)
        elif page.startswith("NEW PROCESS"):
            times, queries, status = measure_cold(client, url, keep_cache=True)
        elif page.startswith("AFTER"):
            times, queries, status = measure_after_change(client, url, counting)
        else:
            times, queries, status = bench_pages.measure(client, url)
        rows.append(
            bench_pages.Row(
                page,
                persona,
                url,
                statistics.median(times),
                bench_pages.p95(times),
                queries,
                status,
                budget=budget,
            )
        )
    if counting:
        print(
            f"After a change the new counts were ready in the background after a median of "
            f"{statistics.median(counting):.0f} ms (max {max(counting):.0f} ms)."
        )
    return rows


def deployed() -> list[bench_pages.Row]:
    """DEPLOYED: as production runs it with a shared cache. ``count_competence_overviews``
    first (as after a deployment), then per persona: a worker's first heatmap (gunicorn
    of one worker, the bench's Redis, started FIRSTS times), and the municipality's
    heatmap fetched REPEAT times over HTTP, one after the other, from gunicorn with 3
    workers."""
    from django.core.management import call_command
    from django.urls import reverse

    from bench import bench_throughput

    started = time.perf_counter()
    call_command("count_competence_overviews", "--lang", "en")
    print(f"count_competence_overviews took {time.perf_counter() - started:.1f} s.")
    url = reverse("competences:overview")
    people = [("hr_kommune", bench_pages.persona_user("hr_kommune"))]
    director = director_of_all()
    if director is not None:
        people.append(("its director", director))
    rows = []
    for persona, user in people:
        cookie = bench_throughput.session_cookie(user)
        statuses: list[int] = []
        # A worker's first heatmap: a server of one worker started anew each time (its
        # first request was the start-up check's login page), asked once, alone, as every
        # other row is asked.
        firsts = []
        for _ in range(FIRSTS):
            port = bench_throughput.free_port()
            server = bench_throughput.start_server(os.environ["DATABASE_URL"], port, workers=1)
            try:
                firsts.append(_get(f"http://127.0.0.1:{port}{url}", cookie, statuses))
            finally:
                bench_throughput.stop_server(server)
        port = bench_throughput.free_port()
        server = bench_throughput.start_server(os.environ["DATABASE_URL"], port)
        try:
            where = f"http://127.0.0.1:{port}{url}"
            times = [_get(where, cookie, statuses) for _ in range(bench_pages.REPEAT)]
        finally:
            bench_throughput.stop_server(server)
        status = next((s for s in statuses if s != 200), 200)
        print(
            f"DEPLOYED, {persona}: a worker's first heatmap (three servers) "
            + ", ".join(f"{t:.0f}" for t in sorted(firsts))
            + " ms."
        )
        for name, found in (
            ("DEPLOYED competence heatmap: municipality", times),
            ("DEPLOYED, a worker's first request", firsts),
        ):
            rows.append(
                bench_pages.Row(
                    name,
                    persona,
                    url,
                    statistics.median(found),
                    max(found) if found is firsts else bench_pages.p95(found),
                    0,
                    status,
                    budget=MUNICIPALITY_BUDGET_MS,
                )
            )
    return rows


def _get(url: str, cookie: str, statuses: list[int]) -> float:
    """GET ``url`` with the session ``cookie``: ms; its status added to ``statuses``."""
    import urllib.request

    request = urllib.request.Request(url, headers={"Cookie": cookie})
    began = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as answer:
        answer.read()
        statuses.append(answer.status)
    return (time.perf_counter() - began) * 1000


def director_of_all() -> Any:
    """The login of the person at the top of the line with the most people below them
    (one count per top of the line: a handful)."""
    from samtale.org import services
    from samtale.org.models import Person

    tops = list(Person.objects.filter(manager__isnull=True, email__gt="").order_by("pk"))
    if not tops:
        return None
    sizes = {p.pk: Person.objects.filter(line_path__startswith=p.line_path).count() for p in tops}
    return services.ensure_user(max(tops, key=lambda p: sizes[p.pk]))


def measure_cold(
    client: Any, url: str, *, keep_cache: bool = False
) -> tuple[list[float], int, int]:
    """GET ``url`` REPEAT times after one warm-up request, each with nothing counted
    kept: the cache cleared and the per-process anonymised trees dropped first; with
    ``keep_cache`` only the trees (a process started after the counts were kept in a
    shared cache)."""
    from django.core.cache import cache

    from samtale.competences import gaps

    def cold() -> tuple[float, int, int]:
        if not keep_cache:
            forget_overviews(cache)
        gaps._TREES.clear()
        return bench_pages.measure_once(client, url)

    cold()
    found = [cold() for _ in range(bench_pages.REPEAT)]
    status = next((s for _t, _q, s in found if s != 200), 200)
    return [t for t, _q, _s in found], max(q for _t, q, _s in found), status


def forget_overviews(cache: Any) -> None:
    """With the shared Redis: drop every entry the competence overviews keep
    (``samtale:gaps:...``: the counts, what their trees hide, the future needs' numbers,
    a leader's bounds), as a scope nobody has opened for a day has none; the rest of the
    cache (head counts, the menus' answers) stays, as the other pages keep it. With each
    process's own memory (BENCH_CACHE=local): everything, as after a restart."""
    if not hasattr(cache, "_cache") or not hasattr(cache._cache, "get_client"):
        cache.clear()
        return
    client = cache._cache.get_client(write=True)
    for key in client.scan_iter(match=cache.make_key("samtale:gaps:") + "*", count=1000):
        client.delete(key)


def measure_after_change(
    client: Any, url: str, counting: list[float]
) -> tuple[list[float], int, int]:
    """GET ``url`` REPEAT times, each right after an acceptance (an acceptance time moved to
    a second after the last), with the counts from before it kept; the count started in the
    background is waited for (its time, from the request, added to ``counting``)."""
    from datetime import timedelta

    from django.db.models import Max

    from samtale.competences.models import AgreedLevel
    from samtale.lib import refreshing

    def _later() -> Any:
        """A second after the last acceptance (the seed's may lie ahead of today)."""
        last = AgreedLevel.objects.aggregate(last=Max("accepted_at"))["last"]
        return last + timedelta(seconds=1)

    level = AgreedLevel.objects.filter(current=True, accepted_at__isnull=False).order_by("pk")[0]

    def after_change() -> tuple[float, int, int]:
        AgreedLevel.objects.filter(pk=level.pk).update(accepted_at=_later())
        started = time.perf_counter()
        found = bench_pages.measure_once(client, url)
        refreshing.wait_for_counting()
        counting.append((time.perf_counter() - started) * 1000)
        return found

    bench_pages.measure_once(client, url)
    refreshing.wait_for_counting()
    found = [after_change() for _ in range(bench_pages.REPEAT)]
    status = next((s for _t, _q, s in found if s != 200), 200)
    return [t for t, _q, _s in found], max(q for _t, q, _s in found), status


def main() -> int:
    url = bench_pages.ensure_database()
    if url is None:
        print("Skipping the competence benchmark: it needs PostgreSQL on 127.0.0.1:5432.")
        return 1 if os.environ.get("CI") == "true" else 0
    redis = start_redis()
    try:
        bench_pages.setup_django(url)
        bench_pages.ensure_seeded()
        ensure_competences()
        return report()
    finally:
        if redis is not None:
            redis.stop()


def start_redis() -> Any:
    """A Redis of its own as the cache (``CACHE_URL``), as a deployment of several
    processes has it (BENCH_CACHE=redis, the default; BENCH_CACHE=local: each process's
    memory). None when the local cache is used."""
    from samtale.testing.redis import RedisMissing, RedisServer

    if os.environ.get("BENCH_CACHE", "redis") != "redis":
        print("Cache: this process's memory (BENCH_CACHE=local).")
        return None
    server = RedisServer()
    try:
        server.start()
    except RedisMissing:
        print("Cache: this process's memory (redis-server is not installed).")
        return None
    os.environ["CACHE_URL"] = server.url
    print(f"Cache: a Redis of its own ({server.url}), as CACHE_URL sets it.")
    return server


def report() -> int:
    from samtale.competences.models import AgreedLevel
    from samtale.org.models import Person

    print(
        f"Database {bench_pages.DB_NAME}: {Person.objects.count()} people, "
        f"{AgreedLevel.objects.filter(current=True).count()} current agreed levels. Each "
        f"page {bench_pages.REPEAT} times after {bench_pages.WARMUP} warm-up requests; "
        f"load average {os.getloadavg()[0]:.2f}."
    )
    rows = run()
    if os.environ.get("CACHE_URL"):
        rows += deployed()
    bench_pages.print_table(rows)
    slow = [r for r in rows if r.over]
    print(f"{len(slow)} of {len(rows)} rows over budget or not 200.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
