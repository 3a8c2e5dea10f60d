"""Page benchmark: every org page at 50,000 people on PostgreSQL.

    .venv/bin/python bench/bench_pages.py        (or: make bench)

Creates the PostgreSQL database ``samtale_bench`` on 127.0.0.1:5432 when it is missing
(user postgres, trust authentication), migrates it, seeds Eksempel Kommune with 50,000
people once (a later run reuses it), then requests each page REPEAT times in-process with
django.test.Client as several personas and prints page, persona, median and p95 wall time
and the number of SQL queries. Rows over the budget (100 ms at p95) are marked SLOW.

Environment: BENCH_PG (server URL without database), BENCH_DB, BENCH_PEOPLE,
BENCH_REPEAT. Exits 0 with a message when PostgreSQL does not answer (1 with CI=true).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from dataclasses import dataclass
from typing import Any

PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = os.environ.get("BENCH_DB", "samtale_bench")
PEOPLE = int(os.environ.get("BENCH_PEOPLE", "50000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))
WARMUP = 3
BUDGET_MS = 100.0


def ensure_database() -> str | None:
    """The database URL, after creating the database if needed; None without a server."""
    import psycopg
    from psycopg import sql

    try:
        conn = psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3, autocommit=True)
    except psycopg.OperationalError as error:
        print(f"PostgreSQL does not answer at {PG_SERVER} ({error}).")
        return None
    with conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if found is None:
            print(f"Creating database {DB_NAME}.")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DB_NAME)))
    return f"{PG_SERVER}/{DB_NAME}"


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-secret-key-not-for-production-0123456789")
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ["DJANGO_SETTINGS_MODULE"] = "samtale.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def ensure_seeded() -> None:
    from django.core.management import call_command

    from samtale.demo import builder
    from samtale.org.models import Person

    call_command("migrate", verbosity=0, interactive=False)
    have = Person.objects.count()
    if builder.organisation_exists() and have >= PEOPLE * 0.95:
        print(f"Reusing {DB_NAME}: {have} people.")
        return
    print(f"Seeding {DB_NAME} with {PEOPLE} people ({have} there now).")
    started = time.perf_counter()
    call_command("seed", people=PEOPLE, reset=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"Seeded in {time.perf_counter() - started:.1f} s.")


def settle() -> None:
    """What autovacuum does soon after a bulk load: statistics for the planner and the
    visibility map that index-only scans need. Without it the first minutes after a
    seed measure the load, not the pages."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE org_orgunit, org_person, org_team, org_team_members")


@dataclass
class Row:
    page: str
    persona: str
    url: str
    median: float
    p95: float
    queries: int
    status: int


def measure(client: Any, url: str) -> tuple[list[float], int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARMUP):
        client.get(url)
    times: list[float] = []
    queries = 0
    status = 0
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        queries = max(queries, len(captured.captured_queries))
        status = response.status_code
    return times, queries, status


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[18]


def targets(user: Any) -> list[tuple[str, str]]:
    """The pages to measure for this user, each the heaviest of its kind they may see."""
    from django.conf import settings
    from django.db.models import Count
    from django.urls import reverse

    from samtale.access.viewer import viewer_for
    from samtale.org.models import Person, Team

    viewer = viewer_for(user)
    pages = [("home", reverse("home")), ("org tree", reverse("org:tree"))]
    people = Person.objects.visible_to(viewer).active()
    biggest = (
        people.exclude(unit=None).values("unit").annotate(n=Count("pk")).order_by("-n", "unit")
    ).first()
    if biggest:
        url = reverse("org:unit", args=[biggest["unit"]])
        pages.append((f"unit ({biggest['n']} people)", url))
        if biggest["n"] > settings.SAMTALE_PAGE_SIZE:
            pages.append(("unit, page 2", f"{url}?page=2"))
    boss = (
        people.values("manager")
        .exclude(manager=None)
        .annotate(n=Count("pk"))
        .order_by("-n", "manager")
        .first()
    )
    if boss and people.filter(pk=boss["manager"]).exists():
        pages.append(
            (f"person ({boss['n']} reports)", reverse("org:person", args=[boss["manager"]]))
        )
    elif viewer.person is not None:
        pages.append(("person (self)", reverse("org:person", args=[viewer.person.pk])))
    team = (
        Team.objects.visible_to(viewer)
        .with_member_counts()
        .order_by("-member_count", "pk")
        .values("pk", "member_count")
        .first()
    )
    if team:
        pages.append(
            (f"team ({team['member_count']} members)", reverse("org:team", args=[team["pk"]]))
        )
    return pages


def bench_users() -> list[tuple[str, Any]]:
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from samtale.demo import builder
    from samtale.org import services
    from samtale.org.models import Person

    users: list[tuple[str, Any]] = []
    for key in ("employee", "leader", "chief", "hr_kommune"):
        spec = next(p for p in builder.PERSONAS if p.key == key)
        person = Person.objects.get(email=builder.persona_email(spec))
        users.append((key, services.ensure_user(person)))
    # The leader with the most direct reports: the heaviest "people you lead" list.
    big = Person.objects.annotate(n=Count("reports")).filter(n__gt=0).order_by("-n", "pk").first()
    if big is not None and big.email:
        users.append(("leader of the most", services.ensure_user(big)))
    users.append(("admin", get_user_model().objects.get(email=builder.ADMIN_EMAIL)))
    return users


def run() -> list[Row]:
    from django.test import Client

    rows: list[Row] = []
    for persona, user in bench_users():
        client = Client()
        client.force_login(user)
        for page, url in targets(user):
            times, queries, status = measure(client, url)
            rows.append(
                Row(page, persona, url, statistics.median(times), p95(times), queries, status)
            )
    return rows


def print_table(rows: list[Row]) -> None:
    head = ("page", "persona", "median ms", "p95 ms", "queries", "status", "")
    table = [
        (
            r.page,
            r.persona,
            f"{r.median:.1f}",
            f"{r.p95:.1f}",
            str(r.queries),
            str(r.status),
            "SLOW" if r.p95 > BUDGET_MS or r.status != 200 else "",
        )
        for r in rows
    ]
    widths = [max(len(x[i]) for x in (head, *table)) for i in range(len(head))]
    right = {2, 3, 4, 5}

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    print(line(head))
    print(line(tuple("-" * w for w in widths)))
    for cells in table:
        print(line(cells))


def main() -> int:
    url = ensure_database()
    if url is None:
        print("Skipping the page benchmark: it needs PostgreSQL on 127.0.0.1:5432.")
        return 1 if os.environ.get("CI") == "true" else 0
    setup_django(url)
    ensure_seeded()
    settle()
    from samtale.org.models import OrgUnit, Person

    print(
        f"Database {DB_NAME}: {Person.objects.count()} people, {OrgUnit.objects.count()} units. "
        f"Each page {REPEAT} times after {WARMUP} warm-up requests; budget {BUDGET_MS:.0f} ms p95."
    )
    rows = run()
    print_table(rows)
    slow = [r for r in rows if r.p95 > BUDGET_MS or r.status != 200]
    print(f"{len(slow)} of {len(rows)} rows over budget or not 200.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
