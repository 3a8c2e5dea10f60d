"""Page benchmark: every org and conversation page at 50,000 people on PostgreSQL.

    .venv/bin/python bench/bench_pages.py        (or: make bench)

Creates the PostgreSQL database ``samtale_bench`` on 127.0.0.1:5432 when it is missing
(user postgres, trust authentication), migrates it, seeds Eksempel Kommune with 50,000
people and a year of conversations once (a later run reuses them; an organisation seeded
without conversations gets them added), then requests each page REPEAT times in-process
with django.test.Client as several personas and prints page, persona, median and p95
wall time and the number of SQL queries. What the org pages keep is measured as found
(the usual case) and, in the AFTER A CHANGE rows, right after a change of the
organisation. Rows over the budget (100 ms at p95 for a page, 50 ms for the search box's
list as one types, 20 ms for saving a preparation answer or proposing a theme) are
marked SLOW.

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
WRITE_BUDGET_MS = 20.0
SEARCH_BUDGET_MS = 50.0


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
    from samtale.demo import conversations as demo_conversations
    from samtale.org.models import Person

    call_command("migrate", verbosity=0, interactive=False)
    have = Person.objects.count()
    quiet = open(os.devnull, "w")  # noqa: SIM115
    if builder.organisation_exists() and have >= PEOPLE * 0.95:
        if demo_conversations.has_conversations():
            print(f"Reusing {DB_NAME}: {have} people.")
            ensure_plans()
            return
        print(f"Adding a year of conversations to {DB_NAME} ({have} people).")
        started = time.perf_counter()
        call_command("seed", people=PEOPLE, conversations=True, stdout=quiet)
        print(f"Added in {time.perf_counter() - started:.1f} s.")
        return
    print(f"Seeding {DB_NAME} with {PEOPLE} people and their conversations ({have} there now).")
    started = time.perf_counter()
    call_command("seed", people=PEOPLE, reset=True, conversations=True, stdout=quiet)
    print(f"Seeded in {time.perf_counter() - started:.1f} s.")


def ensure_plans() -> None:
    """A database seeded before development plans existed gets its plans now."""
    from samtale.demo import plans
    from samtale.development.models import DevelopmentPlan

    if not DevelopmentPlan.objects.exists():
        started = time.perf_counter()
        made = plans.seed_plans()
        print(f"Added {made} development plans in {time.perf_counter() - started:.1f} s.")


def settle() -> None:
    """What autovacuum does soon after a bulk load: statistics for the planner and the
    visibility map that index-only scans need. Without it the first minutes after a
    seed (or a migration that rewrote a table) measure the load, not the pages."""
    from django.db import connection

    with connection.cursor() as cursor:
        # Every table: a list went stale when new apps' tables (the development plans'
        # activities, the rounds) came, and their pages were measured unanalysed.
        cursor.execute("VACUUM ANALYZE")


@dataclass
class Row:
    page: str
    persona: str
    url: str
    median: float
    p95: float
    queries: int
    status: int
    budget: float | None = BUDGET_MS  # None: shown for what it tells, held to no budget
    expected: int = 200

    @property
    def over(self) -> bool:
        return (self.budget is not None and self.p95 > self.budget) or (
            self.status != self.expected
        )


def measure(
    client: Any, url: str, data: dict[str, Any] | None = None
) -> tuple[list[float], int, int]:
    """GET ``url`` (POST ``data`` to it if given) REPEAT times after WARMUP."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def request() -> Any:
        if data is None:
            return client.get(url)
        return client.post(url, data, headers={"hx-request": "true"})

    for _ in range(WARMUP):
        request()
    times: list[float] = []
    queries = 0
    status = 0
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = request()
            times.append((time.perf_counter() - started) * 1000)
        queries = max(queries, len(captured.captured_queries))
        status = response.status_code
    return times, queries, status


def measure_each(client: Any, urls: list[str]) -> tuple[list[float], int, int]:
    """GET every one of ``urls`` REPEAT times (after one warm-up round): the times of all
    requests, the most queries one of them made, and the last status that was not 200
    (200 if all were)."""
    for url in urls:  # warm-up
        measure_once(client, url)
    times: list[float] = []
    queries, status = 0, 200
    for _ in range(REPEAT):
        rounds = [measure_once(client, url) for url in urls]
        times.extend(t for t, _q, _s in rounds)
        queries = max(queries, *(q for _t, q, _s in rounds))
        status = next((s for _t, _q, s in rounds if s != 200), status)
    return times, queries, status


def measure_once(client: Any, url: str) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
    return elapsed, len(captured.captured_queries), response.status_code


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


def conversation_targets(user: Any, persona: str) -> list[tuple[str, str]]:
    """ "Mine samtaler", the leader's overview ("Mine medarbejdere") and, for the demo's
    employee and leader, the employee's upcoming MUS and her team's GRUS."""
    from django.urls import reverse

    from samtale.access.viewer import viewer_for

    viewer = viewer_for(user)
    pages = [
        ("Mine samtaler", reverse("conversations:mine")),
        ("API list", reverse("api-v1:conversations")),
    ]
    if viewer.leads_anyone:
        pages.append(("Mine medarbejdere", reverse("conversations:overview")))
    if persona in ("employee", "leader"):
        mus, grus = employee_conversations()
        if mus is not None:
            pages.append(("conversation (MUS)", reverse("conversations:detail", args=[mus.pk])))
        if grus is not None:
            members = grus.participants.count() - 1
            pages.append(
                (
                    f"conversation (GRUS, {members} members)",
                    reverse("conversations:detail", args=[grus.pk]),
                )
            )
    if persona == "leader":
        held = held_mus_with_plans()
        if held is not None:
            pages.append(("conversation (held MUS)", reverse("conversations:detail", args=[held])))
    return pages


def held_mus_with_plans() -> int | None:
    """The leader's latest held MUS whose person has an earlier plan too: the page with
    every part (summary, answers, this year's plan and last year's)."""
    from samtale.conversations.models import Conversation, State
    from samtale.development.models import DevelopmentPlan

    leader = persona_person("leader")
    planned = DevelopmentPlan.objects.filter(conversation__leader=leader).values("person_id")
    pk: int | None = (
        Conversation.objects.filter(
            leader=leader,
            kind__code="mus",
            state__in=[State.ACCEPTED, State.CLOSED],
            person__in=planned,
        )
        .order_by("-starts_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return pk


def employee_conversations() -> tuple[Any, Any]:
    """The demo employee's open MUS and her team's GRUS (the demo's story puts both
    there)."""
    from samtale.conversations.models import Conversation, State

    employee = persona_person("employee")
    mine = Conversation.objects.filter(participants__person=employee).order_by("pk")
    mus = mine.filter(kind__code="mus", state__in=[State.INVITED, State.RESCHEDULED]).first()
    grus = mine.filter(kind__code="grus").last()
    return mus, grus


def persona_person(key: str) -> Any:
    from samtale.demo import builder
    from samtale.org.models import Person

    spec = next(p for p in builder.PERSONAS if p.key == key)
    return Person.objects.get(email=builder.persona_email(spec))


def run_writes() -> list[Row]:
    """Saving a preparation answer (the htmx endpoint, as one types) and proposing a
    theme, as the employee on her upcoming MUS; then the development-plan writes.
    The themes the benchmark proposed are withdrawn again through the service."""
    from django.test import Client
    from django.urls import reverse

    from samtale.access.viewer import acting_as
    from samtale.conversations import services
    from samtale.conversations.models import AgendaItem
    from samtale.org import services as org_services
    from samtale.questionnaires.models import Question, QuestionType

    mus, _grus = employee_conversations()
    if mus is None:
        print("No open MUS for the employee: the write benchmarks are skipped.")
        return []
    employee = persona_person("employee")
    client = Client()
    client.force_login(org_services.ensure_user(employee))
    question = (
        Question.objects.filter(section__version=mus.questionnaire_version, type=QuestionType.TEXT)
        .order_by("section__order", "order", "pk")
        .first()
    )
    rows: list[Row] = []
    if question is not None:
        url = reverse("conversations:prepare_save", args=[mus.pk])
        data = {"question": str(question.pk), f"q{question.pk}": "Jeg vil gerne arbejde med sprog."}
        times, queries, status = measure(client, url, data)
        rows.append(
            Row(
                "save preparation answer", "employee", url, statistics.median(times), p95(times),
                queries, status, budget=WRITE_BUDGET_MS,
            )
        )  # fmt: skip
    before = set(AgendaItem.objects.filter(conversation=mus).values_list("pk", flat=True))
    url = reverse("conversations:propose_theme", args=[mus.pk])
    times, queries, status = measure(client, url, {"text": "Benchmark: et tema"})
    rows.append(
        Row(
            "propose theme", "employee", url, statistics.median(times), p95(times),
            queries, status, budget=WRITE_BUDGET_MS, expected=302,
        )
    )  # fmt: skip
    for item in AgendaItem.objects.filter(conversation=mus).exclude(pk__in=before):
        services.withdraw_theme(item, by=acting_as(employee))
    rows.extend(run_plan_writes())
    return rows


def run_plan_writes() -> list[Row]:
    """Adding a goal to a development plan, as the leader on a MUS she has held, and
    following up on a goal (its status), as the employee. Undone afterwards."""
    from django.test import Client
    from django.urls import reverse

    from samtale.access.viewer import acting_as
    from samtale.conversations.models import Conversation, State
    from samtale.development import services as plan_services
    from samtale.development.models import PlanItem
    from samtale.org import services as org_services

    leader = persona_person("leader")
    held = (
        Conversation.objects.filter(
            leader=leader, kind__development_plan=True, state=State.HELD, person__isnull=False
        )
        .order_by("pk")
        .first()
    )
    if held is None:
        print("No held MUS for the leader: the plan benchmarks are skipped.")
        return []
    client = Client()
    client.force_login(org_services.ensure_user(leader))
    before = set(PlanItem.objects.filter(plan__conversation=held).values_list("pk", flat=True))
    url = reverse("development:add_item", args=[held.pk])
    data = {
        "goal": "Benchmark: et udviklingsmål",
        "activities": "Et kursus",
        "due": "2027-06-30",
        "responsible": "both",
    }
    times, queries, status = measure(client, url, data)
    rows = [
        Row(
            "save plan item", "leader", url, statistics.median(times), p95(times),
            queries, status, budget=WRITE_BUDGET_MS, expected=302,
        )
    ]  # fmt: skip
    added = PlanItem.objects.filter(plan__conversation=held).exclude(pk__in=before)
    item = added.first()
    if item is not None and held.person is not None:
        employee_client = Client()
        employee_client.force_login(org_services.ensure_user(held.person))
        url = reverse("development:set_status", args=[item.pk])
        times, queries, status = measure(employee_client, url, {"status": "under_way"})
        rows.append(
            Row(
                "follow up on a plan item", "employee", url, statistics.median(times),
                p95(times), queries, status, budget=WRITE_BUDGET_MS, expected=200,
            )
        )  # fmt: skip
    for goal in added.select_related("plan__conversation"):
        plan_services.remove_item(goal, by=acting_as(leader))
    return rows


SURNAME = 5


def search_queries(viewer: Any) -> list[str]:
    """What one types to find a person in the viewer's scope, letter by letter (2, 3
    letters of the first name, the first name, then the surname's start, the whole
    name), the surname alone, the start of the employee number, of the e-mail address
    and of the unit's code; and two short, common ones that match thousands ("an",
    "sen"). The surname comes sixth (``SURNAME``): the search page's query."""
    from samtale.org.models import Person

    person = (
        Person.objects.visible_to(viewer)
        .active()
        .exclude(pk=getattr(viewer.person, "pk", None))
        .exclude(employee_number=None)
        .exclude(unit=None)
        .select_related("unit")
        .order_by("pk")
        .first()
    )
    if person is None:
        return ["an", "sen"]
    first, *others = person.name.split()
    last = others[-1] if others else first
    return [
        first[:2],
        first[:3],
        first,
        f"{first} {last[:2]}",
        f"{first} {last}",
        last,
        (person.employee_number or "")[:4],
        person.email.split("@")[0][:6],
        person.unit.code[:5],
        "an",
        "sen",
    ]


def run_search() -> list[Row]:
    """The search box's list as one types (budget SEARCH_BUDGET_MS at p95, over every
    query of ``search_queries``) and the search page (a common surname), as HR for the
    whole municipality and as a leader."""
    from urllib.parse import urlencode

    from django.test import Client
    from django.urls import reverse

    from samtale.access.viewer import viewer_for
    from samtale.org import services

    rows: list[Row] = []
    for persona in ("hr_kommune", "leader"):
        user = services.ensure_user(persona_person(persona))
        client = Client()
        client.force_login(user)
        queries = search_queries(viewer_for(user))
        urls = [f"{reverse('org:search_suggestions')}?{urlencode({'q': q})}" for q in queries]
        times, count, status = measure_each(client, urls)
        rows.append(
            Row(
                f"search box, as one types ({len(urls)} queries)", persona, urls[0],
                statistics.median(times), p95(times), count, status, budget=SEARCH_BUDGET_MS,
            )
        )  # fmt: skip
        surname = queries[SURNAME] if len(queries) > SURNAME else queries[0]
        url = f"{reverse('org:search')}?{urlencode({'q': surname})}"
        times, count, status = measure(client, url)
        rows.append(
            Row(f"search page ({surname})", persona, url, statistics.median(times),
                p95(times), count, status)
        )  # fmt: skip
    return rows


def persona_user(key: str) -> Any:
    """The login of a demo persona (``employee``, ``leader``, ``chief``, ``hr_kommune``),
    ``admin``, or ``most``: the leader with the most direct reports (None if none)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from samtale.demo import builder
    from samtale.org import services
    from samtale.org.models import Person

    if key == "admin":
        return get_user_model().objects.get(email=builder.ADMIN_EMAIL)
    if key == "most":
        big = (
            Person.objects.annotate(n=Count("reports")).filter(n__gt=0).order_by("-n", "pk").first()
        )
        return services.ensure_user(big) if big is not None and big.email else None
    return services.ensure_user(persona_person(key))


def bench_users() -> list[tuple[str, Any]]:
    users: list[tuple[str, Any]] = [
        (key, persona_user(key)) for key in ("employee", "leader", "chief", "hr_kommune")
    ]
    # The leader with the most direct reports: the heaviest "people you lead" list.
    big = persona_user("most")
    if big is not None:
        users.append(("leader of the most", big))
    users.append(("admin", persona_user("admin")))
    return users


def run_after_a_change() -> list[Row]:
    """The org pages and the home page met right after a change of the organisation:
    what they keep (``samtale.org.kept``) is made anew, the head counts counted again
    (the version changed before each request, outside its time)."""
    from django.test import Client

    from samtale.org import headcount

    rows: list[Row] = []
    for persona in ("hr_kommune", "leader"):
        user = persona_user(persona)
        client = Client()
        client.force_login(user)
        for page, url in targets(user):
            client.get(url)  # warm-up
            times: list[float] = []
            queries = status = 0
            for _ in range(REPEAT):
                headcount.changed()
                elapsed, asked, status = measure_once(client, url)
                times.append(elapsed)
                queries = max(queries, asked)
            name = f"AFTER A CHANGE {page}"
            rows.append(
                Row(name, persona, url, statistics.median(times), p95(times), queries, status)
            )
    return rows


def run() -> list[Row]:
    from django.test import Client

    rows: list[Row] = []
    for persona, user in bench_users():
        client = Client()
        client.force_login(user)
        for page, url in targets(user) + conversation_targets(user, persona):
            times, queries, status = measure(client, url)
            rows.append(
                Row(page, persona, url, statistics.median(times), p95(times), queries, status)
            )
    return rows + run_after_a_change() + run_search() + run_writes()


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
            "SLOW" if r.over else ("no budget" if r.budget is None else ""),
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
    from samtale.conversations.models import Conversation
    from samtale.org.models import OrgUnit, Person

    print(
        f"Database {DB_NAME}: {Person.objects.count()} people, {OrgUnit.objects.count()} units. "
        f"{Conversation.objects.count()} conversations. Each page {REPEAT} times after "
        f"{WARMUP} warm-up requests; budget {BUDGET_MS:.0f} ms p95 for a page, "
        f"{SEARCH_BUDGET_MS:.0f} ms for the search box, {WRITE_BUDGET_MS:.0f} ms for a write."
    )
    rows = run()
    print_table(rows)
    slow = [r for r in rows if r.over]
    print(f"{len(slow)} of {len(rows)} rows over budget or not 200.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
