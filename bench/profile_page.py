"""Profile one page of the benchmark database: its SQL (each query's time, the slowest
with EXPLAIN ANALYZE) and where Python spends its time (cProfile).

    .venv/bin/python bench/profile_page.py PERSONA URL [--explain N] [--profile N]

PERSONA is a demo persona's key (employee, leader, chief, hr_kommune, admin) or "most"
(the leader with the most direct reports). Uses the database the page benchmark seeded
(``BENCH_DB``; run ``make bench`` once first). Prints only; changes nothing but what the
page itself writes (the read log).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_pages import ensure_database, persona_user, setup_django


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("persona")
    parser.add_argument("url")
    parser.add_argument("--explain", type=int, default=3, help="EXPLAIN ANALYZE the N slowest")
    parser.add_argument("--profile", type=int, default=25, help="cProfile's N costliest")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    url = ensure_database()
    if url is None:
        return 1
    setup_django(url)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(persona_user(args.persona))
    for _ in range(3):
        client.get(args.url)
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(args.url)
        total = (time.perf_counter() - started) * 1000
    queries = captured.captured_queries
    sql_ms = sum(float(q["time"]) for q in queries) * 1000
    print(f"{args.url} as {args.persona}: {response.status_code}, {total:.1f} ms, "
          f"{len(queries)} queries, {sql_ms:.1f} ms of them SQL")  # fmt: skip
    for i, query in enumerate(queries):
        print(f"  {i + 1:2d}. {float(query['time']) * 1000:6.1f} ms  {query['sql'][:160]}")
    slowest = sorted(queries, key=lambda q: -float(q["time"]))[: args.explain]
    for query in slowest:
        if not query["sql"].lstrip().upper().startswith("SELECT"):
            continue
        print(f"\nEXPLAIN ANALYZE ({float(query['time']) * 1000:.1f} ms):\n{query['sql']}\n")
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query['sql']}")
            print("\n".join(row[0] for row in cursor.fetchall()))
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.repeat):
        client.get(args.url)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats(
        os.environ.get("PROFILE_SORT", "cumulative")
    )
    stats.print_stats(args.profile)
    print(f"\ncProfile over {args.repeat} requests:")
    print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
