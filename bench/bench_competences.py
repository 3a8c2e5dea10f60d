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
- COLD: the municipality's (as HR and as the director) and the unit's heatmap with the
  counts' cache cleared and the per-process anonymised trees dropped before every
  request (the first page after any change to what is counted), with the same budgets.

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
    targets = [
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
    targets += [
        ("COLD competence heatmap: municipality", "hr_kommune", hr,
         reverse("competences:overview"), MUNICIPALITY_BUDGET_MS),
        ("COLD competence heatmap: an institution", "hr_kommune", hr,
         reverse("competences:overview_unit", args=[unit.pk]), UNIT_BUDGET_MS),
    ]  # fmt: skip
    if director is not None:
        targets.append(
            ("COLD competence heatmap: municipality", "its director", director,
             reverse("competences:overview"), MUNICIPALITY_BUDGET_MS)
        )  # fmt: skip
    for page, persona, user, url, budget in targets:
        client = Client()
        client.force_login(user)
        if page.startswith("COLD"):
            times, queries, status = measure_cold(client, url)
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
    return rows


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


def measure_cold(client: Any, url: str) -> tuple[list[float], int, int]:
    """GET ``url`` REPEAT times after one warm-up request, each with nothing counted
    kept: the cache cleared and the per-process anonymised trees dropped first."""
    from django.core.cache import cache

    from samtale.competences import gaps

    def cold() -> tuple[float, int, int]:
        cache.clear()
        gaps._TREES.clear()
        return bench_pages.measure_once(client, url)

    cold()
    found = [cold() for _ in range(bench_pages.REPEAT)]
    status = next((s for _t, _q, s in found if s != 200), 200)
    return [t for t, _q, _s in found], max(q for _t, q, _s in found), status


def main() -> int:
    url = bench_pages.ensure_database()
    if url is None:
        print("Skipping the competence benchmark: it needs PostgreSQL on 127.0.0.1:5432.")
        return 1 if os.environ.get("CI") == "true" else 0
    bench_pages.setup_django(url)
    bench_pages.ensure_seeded()
    ensure_competences()
    from samtale.competences.models import AgreedLevel
    from samtale.org.models import Person

    print(
        f"Database {bench_pages.DB_NAME}: {Person.objects.count()} people, "
        f"{AgreedLevel.objects.filter(current=True).count()} current agreed levels. Each "
        f"page {bench_pages.REPEAT} times after {bench_pages.WARMUP} warm-up requests; "
        f"load average {os.getloadavg()[0]:.2f}."
    )
    rows = run()
    bench_pages.print_table(rows)
    slow = [r for r in rows if r.over]
    print(f"{len(slow)} of {len(rows)} rows over budget or not 200.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
