"""Throughput benchmark: requests per second over HTTP, against the login page as floor.

    .venv/bin/python bench/bench_throughput.py        (make bench runs it after the pages)

Serves the page benchmark's database (``BENCH_DB``, seeded by bench/bench_pages.py or
here) with gunicorn, 3 sync workers, on a free port of 127.0.0.1, and loads each page
with wrk for ``BENCH_SECONDS`` seconds (after a short warm-up) over ``BENCH_CONNECTIONS``
connections, logged in by session cookie as three personas: the demo leader (a leader
of about 9), the leader with the most direct reports (about 400) and HR for the whole
municipality. The login page (anonymous) is the floor: it is measured first and last in
the same run, and every row's ratio is to their mean. Goals: a page at least 20 % of the
floor, the API list at least 50 %; rows below are marked BELOW, rows that answered
anything but 200 are marked FAILED.

On a machine shared with other work requests/s swing with the neighbours' load, floor
included. So each row also says how much CPU a request cost, read from /proc: the
gunicorn workers' (app ms) and their PostgreSQL backends' (db ms). On two cores busy with
nothing else, throughput is about what that CPU allows, so "cpu ratio" (the login page's
CPU per request over the page's) is the ratio a quiet machine would show; BELOW and the
summary use it when the measured floor moved by more than a quarter within the run.

Every request goes to 127.0.0.1 only, and every wrk run ends by itself. Without wrk on
PATH or PostgreSQL the benchmark says so and is skipped (a failure with CI=true).
Environment: BENCH_PG, BENCH_DB, BENCH_SECONDS (default 4), BENCH_CONNECTIONS (default
6), BENCH_WORKERS (default 3).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import bench_pages

ROOT = Path(__file__).resolve().parent.parent
SECONDS = int(os.environ.get("BENCH_SECONDS", "4"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "6"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
WARMUP_SECONDS = 1
PAGE_GOAL = 0.20
API_GOAL = 0.50
PERSONAS = (
    ("leader", "leader"),
    ("most", "leader of the most"),
    ("hr_kommune", "HR, whole municipality"),
)


@dataclass
class Target:
    page: str
    persona: str
    path: str
    cookie: str = ""
    goal: float = PAGE_GOAL


@dataclass
class Result:
    target: Target
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int = 0
    app_ms: float = 0.0  # CPU of the gunicorn workers per request
    db_ms: float = 0.0  # CPU of their PostgreSQL backends per request

    @property
    def cpu_ms(self) -> float:
        return self.app_ms + self.db_ms


_TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def _cpu_ms(pid: int) -> float:
    """User and system CPU of a process so far, or 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) * _TICK_MS


class CpuMeter:
    """CPU of the server's workers and of the database backends serving them."""

    def __init__(self, server: subprocess.Popen[bytes]) -> None:
        self.server = server

    def workers(self) -> list[int]:
        try:
            text = Path(f"/proc/{self.server.pid}/task/{self.server.pid}/children").read_text()
        except OSError:
            return []
        return [int(pid) for pid in text.split()]

    def backends(self) -> list[int]:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
            )
            return [int(row[0]) for row in cursor.fetchall()]

    def read(self) -> tuple[dict[int, float], dict[int, float]]:
        return (
            {pid: _cpu_ms(pid) for pid in self.workers()},
            {pid: _cpu_ms(pid) for pid in self.backends()},
        )


def _spent(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(ms - before.get(pid, 0.0) for pid, ms in after.items())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(database_url: str, port: int, workers: int = WORKERS) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
        "SECURE_COOKIES": "false",
        "DJANGO_SETTINGS_MODULE": "samtale.settings",
        # one database connection per worker for the whole run: its backend is measured
        "DATABASE_CONN_MAX_AGE": "3600",
    }
    env.setdefault("SECRET_KEY", "bench-secret-key-not-for-production-0123456789")
    gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
    command = [
        str(gunicorn if gunicorn.exists() else "gunicorn"),
        "samtale.wsgi:application",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers),
        "--log-level", "warning",
        "--access-logfile", "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=10) as answer:
                if answer.status == 200:
                    return server
        except OSError:  # not listening yet, or still booting (URLError, timeouts)
            time.sleep(0.3)
    stop_server(server)
    raise RuntimeError("gunicorn did not answer within 60 seconds")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def session_cookie(user: Any) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def persona_targets(key: str, persona: str) -> list[Target]:
    """The pages a persona opens: home, "Mine samtaler", "Mine medarbejdere" (a leader),
    the org tree, the biggest unit they see, the person page of the leader with the most
    reports they see (else their own), the API list and their latest conversation."""
    from django.urls import reverse

    from samtale.access.viewer import viewer_for
    from samtale.conversations.models import Conversation

    user = bench_pages.persona_user(key)
    viewer = viewer_for(user)
    cookie = session_cookie(user)
    pages = [("home", reverse("home")), ("Mine samtaler", reverse("conversations:mine"))]
    if viewer.leads_anyone:
        pages.append(("Mine medarbejdere", reverse("conversations:overview")))
    org = bench_pages.targets(user)
    pages += [(page, url) for page, url in org if page != "home" and page != "unit, page 2"]
    latest = (
        Conversation.objects.visible_to(viewer)
        .filter(starts_at__isnull=False)
        .order_by("-starts_at", "-pk")
        .first()
    )
    if latest is not None:
        pages.append(("conversation (latest)", reverse("conversations:detail", args=[latest.pk])))
    found = [Target(page, persona, url, cookie) for page, url in pages]
    found.append(Target("API list", persona, "/api/v1/conversations", cookie, goal=API_GOAL))
    return found


_RPS = re.compile(r"Requests/sec:\s+([\d.]+)")
_REQUESTS = re.compile(r"(\d+) requests in")
_NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
_ERRORS = re.compile(r"Socket errors:.*?(\d+).*?(\d+).*?(\d+).*?(\d+)")
_PERCENTILE = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def load(port: int, target: Target, meter: CpuMeter, warmup: int = WARMUP_SECONDS) -> Result:
    url = f"http://127.0.0.1:{port}{target.path}"
    header = ["-H", f"Cookie: {target.cookie}"] if target.cookie else []
    status = check_status(url, target.cookie)
    base = ["wrk", "-t1", f"-c{CONNECTIONS}", "--timeout", "10s", *header]
    subprocess.run([*base, f"-d{warmup}s", url], capture_output=True, check=True)
    app_before, db_before = meter.read()
    out = subprocess.run(
        [*base, f"-d{SECONDS}s", "--latency", url], capture_output=True, text=True, check=True
    ).stdout
    app_after, db_after = meter.read()
    done = int(m.group(1)) if (m := _REQUESTS.search(out)) else 0
    rps = float(m.group(1)) if (m := _RPS.search(out)) else 0.0
    errors = int(m.group(1)) if (m := _NON_2XX.search(out)) else 0
    if (m := _ERRORS.search(out)) is not None:
        errors += sum(int(x) for x in m.groups())
    if status != 200:
        errors = max(errors, 1)
    percentiles = {p: _ms(v, u) for p, v, u in _PERCENTILE.findall(out)}
    return Result(
        target,
        rps,
        percentiles.get("50", 0.0),
        percentiles.get("99", 0.0),
        errors,
        requests=done,
        app_ms=_spent(app_before, app_after) / max(done, 1),
        db_ms=_spent(db_before, db_after) / max(done, 1),
    )


def check_status(url: str, cookie: str) -> int:
    """The page's status, without following a redirect (a lost session would send the
    load to the login page and look fast)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with opener.open(request, timeout=30) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def print_table(results: list[Result], floor: float, floor_cpu: float, by_cpu: bool) -> None:
    head = ("page", "persona", "req/s", "ratio", "app ms", "db ms", "cpu ratio", "goal",
            "p50 ms", "p99 ms", "")  # fmt: skip
    rows = []
    for r in results:
        is_floor = r.target.persona == "anonymous"
        ratio = r.rps / floor if floor else 0.0
        cpu_ratio = floor_cpu / r.cpu_ms if r.cpu_ms else 0.0
        judged = cpu_ratio if by_cpu else ratio
        mark = "FAILED" if r.errors else ("BELOW" if judged < r.target.goal else "")
        rows.append(
            (
                r.target.page,
                r.target.persona,
                f"{r.rps:.0f}",
                "floor" if is_floor else f"{ratio:.0%}",
                f"{r.app_ms:.1f}",
                f"{r.db_ms:.1f}",
                "floor" if is_floor else f"{cpu_ratio:.0%}",
                "" if is_floor else f"{r.target.goal:.0%}",
                f"{r.p50_ms:.1f}",
                f"{r.p99_ms:.1f}",
                "" if is_floor else mark,
            )
        )
    widths = [max(len(x[i]) for x in (head, *rows)) for i in range(len(head))]
    right = set(range(2, 10))

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    print(line(head))
    print(line(tuple("-" * w for w in widths)))
    for cells in rows:
        print(line(cells))


def main() -> int:
    failing = 1 if os.environ.get("CI") == "true" else 0
    if shutil.which("wrk") is None:
        print("Skipping the throughput benchmark: wrk is not installed (apt-get install wrk).")
        return failing
    url = bench_pages.ensure_database()
    if url is None:
        print("Skipping the throughput benchmark: it needs PostgreSQL on 127.0.0.1:5432.")
        return failing
    bench_pages.setup_django(url)
    bench_pages.ensure_seeded()
    bench_pages.settle()
    from django.urls import reverse

    targets = [t for key, persona in PERSONAS for t in persona_targets(key, persona)]
    login = Target("login page", "anonymous", reverse("login"))
    port = free_port()
    print(
        f"gunicorn, {WORKERS} sync workers on 127.0.0.1:{port}; wrk, 1 thread, "
        f"{CONNECTIONS} connections, {SECONDS} s per page after {WARMUP_SECONDS} s of "
        f"warm-up; {os.cpu_count()} cores shared with PostgreSQL and wrk. Goals: a page "
        f"{PAGE_GOAL:.0%} of the login page's requests/s, the API list {API_GOAL:.0%}."
    )
    server = start_server(url, port)
    meter = CpuMeter(server)
    try:
        # the workers' first requests load templates and translations: warm them all
        first = load(port, login, meter, warmup=3)
        results = [load(port, target, meter) for target in targets]
        last = load(port, login, meter)
    finally:
        stop_server(server)
    floor = (first.rps + last.rps) / 2
    floor_cpu = (first.cpu_ms + last.cpu_ms) / 2
    moved = abs(first.rps - last.rps) > 0.25 * max(first.rps, last.rps)
    print(
        f"Login page (the floor): {first.rps:.0f} req/s first, {last.rps:.0f} last; "
        f"{floor_cpu:.1f} ms of CPU a request."
    )
    if moved:
        print(
            "The floor moved by more than a quarter within the run (a shared, busy "
            "machine): rows are judged by their CPU ratio."
        )
    print_table([first, *results, last], floor, floor_cpu, moved)
    below = [
        r
        for r in results
        if r.errors
        or (floor_cpu / r.cpu_ms if moved and r.cpu_ms else r.rps / floor) < r.target.goal
    ]
    print(f"{len(below)} of {len(results)} rows below goal or failed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
