"""The strategic overview (gaps and the heatmap): the numbers against a count person by
person, who sees what (the personas), k-anonymity across the drill-down, query counts
independent of size, and HR's workbook.

The world ``gap_world`` adds pædagoger to the personas' units with agreed levels:

    Dagtilbud Nord (DN)
      Børnehuset Solsikken (SOL)   Lene leads Emma, Kasper + 6 more (the SOL variant:
                                   Samarbejde 4)
        Solsikken Vuggestue (SOLV) Tina, Anders + 3 more (Lene leads them too)
      Mælkebøtten (MAE)            Mette + 3 more (Morten leads them): a small group
"""

from __future__ import annotations

import io
import re
from typing import Any
from unittest.mock import patch

import pytest
from django.db.models import Q
from django.test.utils import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from samtale.access.viewer import acting_as
from samtale.competences import gaps, queries, services
from samtale.competences.models import AgreedLevel, Competence
from samtale.org import services as org_services
from samtale.org.models import Person
from samtale.testing import worlds
from samtale.testing.competences import LEVELS, NAMES, agree, build_gap_world

pytestmark = pytest.mark.django_db


@worlds.world(on="personas")
def gap_world(personas: Any) -> dict[str, Any]:
    return build_gap_world(personas)


def _brute_force(people: list[Person], competences: list[Competence]) -> dict[str, Any]:
    """The counts person by person, through ``queries.profile_for``."""
    out = {"people": 0, "assessed": 0, "at": 0, "below": 0, "gap": 0}
    for person in people:
        required = {r.competence_id: r.level for r in queries.profile_for(person).requirements}
        for competence in competences:
            if competence.pk not in required:
                continue
            out["people"] += 1
            agreed = AgreedLevel.objects.filter(
                person=person, competence=competence, current=True
            ).first()
            if agreed is None:
                continue
            out["assessed"] += 1
            if agreed.level >= required[competence.pk]:
                out["at"] += 1
            else:
                out["below"] += 1
                out["gap"] += required[competence.pk] - agreed.level
    return out


@override_settings(SAMTALE_MIN_GROUP=1)
def test_the_cells_are_the_count_person_by_person(personas, gap_world):
    """With k = 1 nothing is hidden: every cell and total is the count made person by
    person with the profile that holds for each (the SOL variant in SOL and SOLV)."""
    scope = gaps.scope_for(acting_as(gap_world["org_hr"]))
    assert scope is not None and scope.top == personas.units["K"]
    dn = personas.units["DN"]
    heat = gaps.heatmap(scope, dn)
    competences = heat.competences
    for line in heat.table.lines():
        unit = line.key.unit or dn
        q = Q(unit__path__startswith=unit.path) if line.key.unit else Q(unit=dn)
        people = list(Person.objects.filter(q, professional_group__isnull=False))
        cells: list[Any] = line.cells
        for competence, cell in zip(competences, cells, strict=True):
            expected = _brute_force(people, [competence])
            assert cell.people == expected["people"]
            assert (cell.value.assessed, cell.value.at, cell.value.below, cell.value.gap) == (
                expected["assessed"],
                expected["at"],
                expected["below"],
                expected["gap"],
            )
    sol: Any = next(line for line in heat.table.lines() if line.key.unit == personas.units["SOL"])
    samarbejde = competences.index(gap_world["competences"][0])
    # SOL and SOLV hold the variant (Samarbejde 4): 13 pædagoger, 10 assessed.
    assert sol.cells[samarbejde].people == 13
    assert sol.cells[samarbejde].value.assessed == 11
    everyone = _brute_force(
        list(Person.objects.filter(unit__path__startswith=dn.path)), competences
    )
    # A row has no total across the competences (a person counts in each they are
    # required to have); each column's total is DN's whole count for the competence.
    assert heat.table.total is None and all(line.total is None for line in heat.table.lines())
    for competence in competences:
        expected = _brute_force(
            list(Person.objects.filter(unit__path__startswith=dn.path)), [competence]
        )
        column: Any = heat.table.column_totals[competence.pk]
        assert (column.people, column.value.below) == (expected["people"], expected["below"])
    columns: list[Any] = [heat.table.column_totals[c.pk] for c in competences]
    assert sum(column.people for column in columns) == everyone["people"]


@override_settings(SAMTALE_MIN_GROUP=1)
def test_a_variant_that_requires_other_competences_counts_its_people_there(personas, gap_world):
    """The SOL variant stops requiring the third competence: SOL's and SOLV's pædagoger
    are counted in it nowhere, for HR (from the kept counts) and for their leader (the
    people they lead, one by one), and every column total is still the count made person
    by person."""
    dropped = gap_world["competences"][2]
    services.set_profile(
        personas.employee.professional_group,
        personas.units["SOL"],
        {dropped.pk: None},
        by=acting_as(gap_world["org_hr"]),
    )
    sol = personas.units["SOL"]
    for viewer in (gap_world["org_hr"], personas.leader):
        scope = gaps.scope_for(acting_as(viewer))
        assert scope is not None
        heat = gaps.heatmap(scope, sol)
        people = list(Person.objects.filter(scope.people, unit__path__startswith=sol.path))
        for competence in heat.competences:
            column: Any = heat.table.column_totals[competence.pk]
            numbers = column.value or gaps.Stats()
            expected = _brute_force(people, [competence])
            assert (column.people, numbers.assessed, numbers.below) == (
                expected["people"],
                expected["assessed"],
                expected["below"],
            )
        assert heat.table.column_totals[dropped.pk].people == 0


def test_hr_sees_only_anonymous_numbers_and_small_cells_are_hidden(personas, gap_world):
    scope = gaps.scope_for(acting_as(personas.hr))
    assert scope is not None and scope.top == personas.units["BU"]
    heat = gaps.heatmap(scope, personas.units["DN"])
    for line in heat.table.lines():
        every: list[Any] = [*line.cells, *heat.table.column_totals.values()]
        for cell in every:
            assert cell.suppressed or cell.people == 0 or cell.people >= 5
    assert heat.table.suppressed > 0  # MAE has 4 pædagoger
    assert scope.leader is None


def test_a_number_hidden_one_level_up_stays_hidden_in_the_drill_down(personas, gap_world):
    """SOLV's 5 pædagoger are a row of SOL's table; at DN they are inside SOL's row.
    Whatever DN's table hides for SOL, SOL's own table hides as its totals, and the
    other way round (the whole tree is anonymised at once: samtale/lib/tests/
    test_anonymity_tree.py attacks every level together)."""
    scope = gaps.scope_for(acting_as(gap_world["org_hr"]))
    assert scope is not None
    dn = gaps.heatmap(scope, personas.units["DN"])
    sol = gaps.heatmap(scope, personas.units["SOL"])
    sol_row = next(line for line in dn.table.lines() if line.key.unit == personas.units["SOL"])
    for cell, column in zip(sol_row.cells, dn.table.columns, strict=True):
        below = sol.table.column_totals[column]
        if cell.suppressed:
            assert below.suppressed
        else:
            assert below.people == cell.people
    dn_top = gaps.heatmap(scope, personas.units["K"])
    dn_row = next(line for line in dn_top.table.lines() if line.key.unit == personas.units["BU"])
    for cell, column in zip(dn_row.cells, dn_top.table.columns, strict=True):
        assert (
            cell.suppressed
            == gaps.heatmap(scope, personas.units["BU"]).table.column_totals[column].suppressed
        )


# --- who sees what ------------------------------------------------------------------------


@pytest.fixture
def login(client, personas, gap_world):
    def as_(name: str) -> Any:
        client.logout()
        user = gap_world["org_hr"].user if name == "org_hr" else personas.user(name)
        if user is not None:
            client.force_login(user)
        return client

    return as_


# persona -> (top unit of their overview or None for 404, sees names)
MATRIX = {
    "employee": (None, False),
    "colleague": (None, False),
    "outsider": (None, False),
    "anonymous": (None, False),
    "leader": ("SOL", True),
    "chief": ("SOL", True),  # leads Lene and her people (in SOL and SOLV)
    "board_chair": ("MAE", True),  # leads Morten only: his unit
    "hr": ("BU", False),
    "hr_elsewhere": ("SS", False),
    "org_hr": ("K", False),
    "tr": ("SOL", False),  # TR for SOL; leads nobody
    "amr": ("SOL", False),
    "admin": ("K", False),
}


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_the_overview_per_persona(name, login, personas):
    top, names = MATRIX[name]
    response = login(name).get(reverse("competences:overview"))
    if top is None:
        assert response.status_code in (302, 404)
        return
    assert response.status_code == 200
    assert response.context["heat"].unit == personas.units[top]
    people = response.context["people"]
    assert (people is not None) == names
    if names:
        assert people is not None
        direct = {p.person.pk for p in people}
        me = personas.people[name]
        assert direct == set(
            Person.objects.filter(
                manager=me, unit__path__startswith=personas.units[top].path
            ).values_list("pk", flat=True)
        )
    else:
        assert people is None
        assert "people-heading" not in response.content.decode()


def test_a_leader_sees_their_direct_reports_by_name_with_their_gaps(login, personas, gap_world):
    response = login("leader").get(reverse("competences:overview"))
    page = response.content.decode()
    assert "Emma Ansat" in page and "Pædagog SOLV 1" in page
    emma = next(p for p in response.context["people"] if p.person == personas.employee)
    # Emma holds the SOL variant (4, 3, 2) and agreed (3, 3, 2): Samarbejde 3/4.
    assert [(r.competence.name, r.agreed, r.required) for r in emma.below] == [("Samarbejde", 3, 4)]
    # The chief sees Lene's people only as numbers: Lene's people are not his direct ones.
    chief = login("chief").get(reverse("competences:overview"))
    assert "Emma Ansat" not in chief.content.decode()


def test_a_leader_of_many_sees_their_people_a_page_at_a_time(login, personas, gap_world, settings):
    """The list by name is paginated (by name, SAMTALE_PAGE_SIZE a page): every direct
    report on exactly one page, the filter kept in the links, and the work done for the
    page shown, not for everyone the leader leads."""
    settings.SAMTALE_PAGE_SIZE = 4
    client = login("leader")
    url = reverse("competences:overview")
    direct = list(
        Person.objects.active()
        .filter(manager=personas.leader, unit__path__startswith=personas.units["SOL"].path)
        .order_by("name", "pk")
        .values_list("name", flat=True)
    )
    assert len(direct) > 8  # three pages or more
    pages = -(-len(direct) // 4)
    seen: list[str] = []
    for number in range(1, pages + 1):
        response = client.get(url, {"page": number, "category": ""})
        people = response.context["people"]
        assert people.number == number
        assert len(people) == min(4, len(direct) - 4 * (number - 1))
        seen += [p.person.name for p in people]
        page = response.content.decode()
        assert f"Medarbejdere {4 * (number - 1) + 1}–" in page
        assert f"af {len(direct)}, sorteret efter navn." in page
        if number < pages:
            (link,) = re.findall(r'href="(\?[^"]*)">Næste<', page)
            assert sorted(link[1:].split("&amp;")) == ["category=", f"page={number + 1}"]
    assert seen == direct
    # A page past the end shows the last; nonsense shows the first (as every list does).
    assert client.get(url, {"page": 99}).context["people"].number == pages
    assert client.get(url, {"page": "x"}).context["people"].number == 1
    # One page of few people: no count of pages, no page links.
    settings.SAMTALE_PAGE_SIZE = 50
    page = client.get(url).content.decode()
    assert "sorteret efter navn" not in page and 'class="pagination"' not in page


def test_tr_and_amr_never_see_names(login):
    for name in ("tr", "amr"):
        page = login(name).get(reverse("competences:overview")).content.decode()
        assert "Emma Ansat" not in page
        assert "Pædagog SOL 1" not in page


def test_a_unit_outside_the_viewers_area_is_404(login, personas):
    ege = personas.units["EGE"]
    assert login("hr").get(reverse("competences:overview_unit", args=[ege.pk])).status_code == 404
    assert (
        login("leader")
        .get(reverse("competences:overview_unit", args=[personas.units["DN"].pk]))
        .status_code
        == 404
    )
    assert (
        login("hr_elsewhere").get(reverse("competences:overview_unit", args=[ege.pk])).status_code
        == 200
    )


@override_settings(SAMTALE_MIN_GROUP=1)
def test_the_top_is_also_split_by_professional_group(personas, gap_world):
    """At the top the same people per professional group: each group's cells are the
    count person by person, and they add up to the units'."""
    scope = gaps.scope_for(acting_as(gap_world["org_hr"]))
    assert scope is not None
    heat = gaps.heatmap(scope, scope.top)
    assert heat.groups is not None
    paed = personas.employee.professional_group
    line = next(line for line in heat.groups.lines() if line.key.name == paed.name)
    people = list(Person.objects.filter(professional_group=paed))
    for competence, cell in zip(heat.competences, line.cells, strict=True):
        found: Any = cell
        assert found.people == _brute_force(people, [competence])["people"]
    for c in heat.table.columns:
        groups: list[Any] = [g.cells[heat.table.columns.index(c)] for g in heat.groups.lines()]
        column: Any = heat.table.column_totals[c]
        assert sum(g.people for g in groups) == column.people
    assert gaps.heatmap(scope, personas.units["DN"]).groups is None


def test_small_groups_are_hidden_with_the_units(personas, gap_world):
    scope = gaps.scope_for(acting_as(gap_world["org_hr"]))
    assert scope is not None
    heat = gaps.heatmap(scope, scope.top)
    assert heat.groups is not None
    for line in heat.groups.lines():
        for cell in line.cells:
            found: Any = cell
            assert found.suppressed or found.people == 0 or found.people >= 5


def test_a_leader_sees_their_teams_counted_from_the_members_they_lead(login, personas, gap_world):
    """Lene leads Stue Mariehønen (Emma and Kasper): a row per team, each competence's
    cell the members' requirements against their agreed levels, person by person."""
    response = login("leader").get(reverse("competences:overview"))
    assert response.status_code == 200
    teams: Any = response.context["teams"]
    assert [line.key.name for line in teams.lines()] == ["Stue Mariehønen"]
    heat = response.context["heat"]
    members = [personas.employee, personas.colleague]
    line = next(teams.lines())
    for competence, cell in zip(heat.competences, line.cells, strict=True):
        expected = _brute_force(members, [competence])
        assert (cell.people, cell.value.below) == (expected["people"], expected["below"])
    assert 'id="teams"' in response.content.decode()
    # HR leads no team; the page below the top has none.
    assert login("hr").get(reverse("competences:overview")).context["teams"] is None


def test_filters_by_category_and_not_by_group(login, personas, gap_world):
    """A group's heatmap and all groups' add up to each other: a number hidden in one
    could be worked out from the other, so there is no group filter above a leader's
    own people."""
    client = login("org_hr")
    category = gap_world["competences"][0].category
    dn = reverse("competences:overview_unit", args=[personas.units["DN"].pk])
    response = client.get(dn, {"category": category.pk})
    assert response.status_code == 200
    assert {c.category_id for c in response.context["heat"].competences} == {category.pk}
    assert 'name="group"' not in response.content.decode()
    assert client.get(reverse("competences:overview"), {"category": "x"}).status_code == 404


def test_future_needs_against_todays_levels(personas, gap_world):
    """DN needs Faglig viden at level 3 within 2 years: of DN's pædagoger (19 and the
    leaders without a profile are not counted), those at 3 or more."""
    scope = gaps.scope_for(acting_as(gap_world["org_hr"]))
    assert scope is not None
    with override_settings(SAMTALE_MIN_GROUP=1):
        table = gaps.future_needs(scope, personas.units["DN"])
    need = table.rows[0]
    faglig = gap_world["competences"][2]
    people = Person.objects.filter(
        unit__path__startswith=personas.units["DN"].path, professional_group__isnull=False
    )
    levels = AgreedLevel.objects.filter(person__in=people, competence=faglig, current=True)
    assert table.cell(need, "at").people == levels.filter(level__gte=3).count()
    assert table.cell(need, "below").people == levels.filter(level__lt=3).count()
    assert table.row_totals[need].people == people.count()
    # One level down (SOL) DN's need shows the same numbers: the levels never split it.
    below = gaps.future_needs(scope, personas.units["SOL"])
    assert need in below.rows
    for column in gaps.NEED_COLUMNS:
        assert str(below.cell(need, column)) == str(
            gaps.future_needs(scope, personas.units["DN"]).cell(need, column)
        )


# --- size ---------------------------------------------------------------------------------


def _more_people(personas: Any, unit: str, count: int) -> None:
    competences = [Competence.objects.get(name=n) for n in NAMES]
    for i in range(count):
        person = org_services.create_person(
            name=f"Ekstra {unit} {i}",
            email=f"x-{unit}-{i}@eksempel.dk",
            employee_number=f"8{unit}{i}",
            unit=personas.units[unit],
            manager=personas.leader,
            professional_group=personas.employee.professional_group,
        )
        levels = LEVELS[i % 2]
        assert levels is not None
        agree(person, levels, competences)


def test_the_number_of_queries_does_not_grow_with_the_organisation(login, personas, gap_world):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url: str, name: str) -> tuple[int, int]:
        """The queries of the page with the counts not in the cache, and in it."""
        client = login(name)
        client.get(url)  # the session
        cache.clear()
        gaps._TREES.clear()
        found = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            found.append(len(captured.captured_queries))
        return found[0], found[1]

    top = reverse("competences:overview")
    unit = reverse("competences:overview_unit", args=[personas.units["SOL"].pk])
    before = {(u, n): count(u, n) for u in (top, unit) for n in ("org_hr", "leader")}
    _more_people(personas, "SOL", 8)
    _more_people(personas, "SOLV", 6)
    after = {(u, n): count(u, n) for u in (top, unit) for n in ("org_hr", "leader")}
    assert before == after
    # The session and the viewer, the scope (2), the chain and the units below it, the
    # profiles (2), the cache's key (3: the agreed levels' newest and last accepted, the
    # organisation's version), the catalogue, the future needs (1), the category
    # filter's list; not in the cache: the two counts, the units' parents and the future
    # needs' two counts; a unit below the top: that unit; the top: the professional
    # groups' names; a leader: the organisation's version, their people (2: how many,
    # the page's) and the page's levels; not in the cache: the bounds of the people
    # they lead, the units they lead wholly (2) and those units' kept counts (2, and 2
    # for their future needs).
    assert after == {
        (top, "org_hr"): (19, 14),
        (unit, "org_hr"): (19, 14),
        (top, "leader"): (34, 21),  # and the menu's cached "do they see rounds"
        (unit, "leader"): (34, 21),  # SOL is the leader's top: the groups, the teams
    }


def _new_pedagogue(personas: Any) -> Person:
    """A pædagog joining Solsikken, led by the leader: three more requirements there."""
    return org_services.create_person(
        name="Ny Pædagog",
        email="ny@eksempel.dk",
        employee_number="7777",
        unit=personas.units["SOL"],
        manager=personas.leader,
        professional_group=personas.employee.professional_group,
    )


def test_the_counts_follow_a_new_agreed_level_at_once(personas, gap_world):
    """The cached counts are keyed by the newest agreed level and the last acceptance:
    a new one shows on the next page."""
    scope = gaps.scope_for(acting_as(gap_world["org_hr"]))
    assert scope is not None
    with override_settings(SAMTALE_MIN_GROUP=1):

        def total() -> Any:
            table = gaps.heatmap(scope, personas.units["SOL"]).table
            columns: list[Any] = list(table.column_totals.values())
            return sum(c.people for c in columns), sum(c.value.below for c in columns)

        before = total()
        new = _new_pedagogue(personas)
        after_person = total()
        agree(new, (1, 1, 1), gap_world["competences"])
        after_levels = total()
    assert after_person[0] == before[0] + 3
    assert after_levels[1] == after_person[1] + 3


def test_after_an_acceptance_the_page_shows_the_last_counts_until_the_new_are_counted(
    monkeypatch, login, personas, gap_world
):
    """In production the counts after a change are counted in a thread
    (``samtale.lib.refreshing``): meanwhile the page shows the last ones, says so, and
    when they are counted shows the new ones. The thread is replaced by a call made
    here (a thread would not see the test's transaction)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from samtale.lib import refreshing

    waiting: list[Any] = []
    monkeypatch.setattr(refreshing, "_count_in_background", lambda *args: waiting.append(args))
    client = login("org_hr")
    url = reverse("competences:overview")  # the top: what the thread prepares

    def shown() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url)
        asked.append(len(captured.captured_queries))
        columns: list[Any] = list(page.context["heat"].table.column_totals.values())
        return sum(c.people for c in columns), page.content.decode()

    asked: list[int] = []

    with override_settings(SAMTALE_MIN_GROUP=1, REFRESH_IN_BACKGROUND=True):
        before, html = shown()
        assert "Optalt" in html and "tælles op nu" not in html
        _new_pedagogue(personas)
        during, html = shown()
        assert during == before
        assert "De seneste ændringer tælles op nu" in html
        assert len(waiting) == 1
        key, latest, count, keep, ready = waiting[0]
        ready(refreshing._count_now(key, latest, count, keep))
        after, html = shown()
        shown()
    assert after == before + 3
    assert "tælles op nu" not in html
    assert len(waiting) == 1
    # The thread made the tree and the future needs' numbers too: the first page after
    # it asks no more than the next.
    assert asked[-2] == asked[-1]


def test_with_a_shared_cache_a_new_process_reads_the_counts_another_counted(
    monkeypatch, redis_cache, login, personas, gap_world
):
    """CACHE_URL=redis://...: the counts one process made serve a process started after
    it (here: the per-process trees dropped and a new client of the same Redis): its
    first page shows the same numbers without counting them again, nor working out again
    what to hide; after a change that is worked out for the new counts."""
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from samtale.lib import anonymity

    worked_out: list[int] = []
    hide_sums = anonymity._hide_sums

    def counted_hide_sums(*args: Any) -> Any:
        worked_out.append(1)
        return hide_sums(*args)

    monkeypatch.setattr(anonymity, "_hide_sums", counted_hide_sums)

    client = login("org_hr")
    url = reverse("competences:overview")

    def shown() -> tuple[list[str], int]:
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url)
        cells = [str(c) for c in page.context["heat"].table.column_totals.values()]
        return cells, len(captured.captured_queries)

    with override_settings(SAMTALE_MIN_GROUP=1):
        counted, counting = shown()
        _warm, warm = shown()
        assert worked_out
        worked_out.clear()
        gaps._TREES.clear()
        del caches["default"]  # a new client of the same Redis, as a new process has
        started, asked = shown()
        assert not worked_out
        _new_pedagogue(personas)
        changed, _asked = shown()
        assert worked_out
    assert started == counted
    assert any(cell != "0" for cell in counted)
    # the tree made from the kept counts and the units' parents kept with them: no query
    # more than a page whose process has the tree, and no counting
    assert warm == asked < counting
    assert changed != counted


def test_counts_kept_without_the_units_parents_make_the_same_tree(personas, gap_world):
    """The units' parents are kept with the counts (the tree is made without a query);
    counts kept before they were (an older release's, in a shared cache) make the same
    tree, the parents read from the units."""
    import dataclasses

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    scope = gaps.scope_for(acting_as(gap_world["org_hr"]))
    assert scope is not None
    counts = gaps._packed(scope, gaps.Profiles(), at_once=True)
    assert counts.value.get("parents")
    older = gaps.Packed(units=counts.value["units"], groups=counts.value["groups"])
    gaps._TREES.clear()
    with CaptureQueriesContext(connection) as kept:
        tree = gaps._tree_of(scope, counts)
    gaps._TREES.clear()
    with CaptureQueriesContext(connection) as read:
        again = gaps._tree_of(scope, dataclasses.replace(counts, value=older))
    gaps._TREES.clear()
    assert len(kept.captured_queries) == 0
    assert len(read.captured_queries) == 1
    assert list(again.nodes) == list(tree.nodes)
    for node in tree.nodes:
        assert again.table(node) == tree.table(node)


def test_counted_ahead_the_pages_count_nothing(redis_cache, login, personas, gap_world):
    """``count_competence_overviews`` (after a deployment, at night, with a shared
    cache): HR's and the administrator's overviews are counted and their trees decided
    ahead, so their first pages in a new process count nothing."""
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from samtale.lib import anonymity

    out = io.StringIO()
    with override_settings(SAMTALE_MIN_GROUP=1):
        call_command("count_competence_overviews", stdout=out)
        assert "Optalte" in out.getvalue()
        gaps._TREES.clear()
        asked = {}
        for who in ("org_hr", "admin"):
            client = login(who)
            with (
                CaptureQueriesContext(connection) as captured,
                patch.object(anonymity, "_hide_sums", side_effect=AssertionError("counted")),
            ):
                assert client.get(reverse("competences:overview")).status_code == 200
            asked[who] = len(captured.captured_queries)
            client.get(reverse("competences:overview"))
            with CaptureQueriesContext(connection) as warm:
                client.get(reverse("competences:overview"))
            assert asked[who] <= len(warm.captured_queries) + 1  # the tree's units, no counting


def test_counting_ahead_refuses_a_cache_of_its_own():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="CACHE_URL"):
        call_command("count_competence_overviews", "--lang", "en")


# --- the workbook -------------------------------------------------------------------------


def test_hr_downloads_the_gaps_as_shown_with_the_hidden_numbers_hidden(login, personas):
    client = login("hr")
    dn = personas.units["DN"]
    page = client.get(reverse("competences:overview_unit", args=[dn.pk]))
    response = client.get(reverse("competences:overview_xlsx", args=[dn.pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    heat = page.context["heat"]
    names = {c.pk: c.name for c in heat.competences}
    by_key = {(r[0], r[1]): r for r in rows[1:]}
    for line in heat.table.lines():
        label = line.key.name if line.key.unit else f"{line.key.name} (egne medarbejdere)"
        for column, cell in zip(heat.table.columns, line.cells, strict=True):
            row = by_key[(label, names[column])]
            if cell.suppressed:
                assert row[2:] == ("–",) * 6
            else:
                assert row[2] == cell.people
    assert "Emma" not in str(rows)


def test_the_workbook_is_written_row_by_row(monkeypatch, login, personas):
    """The view hands ``stream_xlsx`` a generator of rows (``export_rows``), never a
    list: the rows are made one at a time as the workbook is written."""
    import types

    from samtale.lib import tabular

    given: list[Any] = []

    def spy(sheets: Any, out: Any, **kwargs: Any) -> None:
        sheets = list(sheets)
        given.extend(sheet.rows for sheet in sheets)
        tabular.stream_xlsx(sheets, out, **kwargs)

    monkeypatch.setattr("samtale.competences.overview_views.stream_xlsx", spy)
    response = login("hr").get(reverse("competences:overview_xlsx", args=[personas.units["DN"].pk]))
    assert response.status_code == 200
    assert len(given) == 1 and isinstance(given[0], types.GeneratorType)


@pytest.mark.parametrize("name", ["employee", "leader", "tr", "amr", "chief"])
def test_only_hr_and_administrators_download(name, login, personas):
    url = reverse("competences:overview_xlsx", args=[personas.units["SOL"].pk])
    assert login(name).get(url).status_code == 404
