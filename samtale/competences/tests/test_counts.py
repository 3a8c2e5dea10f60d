"""The overview's maintained counts (``samtale.competences.counts``): after any sequence
of changes, through the services, the import's bulk writers and plain saves, they equal
a recount; the heatmap's numbers from them equal the numbers counted person by person;
an end of employment passing needs no job; the rebuild command; and on PostgreSQL,
concurrent changes lose nothing."""

from __future__ import annotations

import datetime
import io
import threading
from typing import Any
from unittest.mock import patch

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samtale.competences import counts, gaps
from samtale.competences.models import AgreedLevel, LevelCount, PeopleCount
from samtale.conversations import services as conversation_services
from samtale.lib.tabular import read_table
from samtale.org import importing
from samtale.org import services as org_services
from samtale.org.models import OrgUnit, Person, ProfessionalGroup
from samtale.testing import factories, worlds
from samtale.testing.competences import build_gap_world
from samtale.testing.factories import actor, host

pytestmark = pytest.mark.django_db

PEOPLE_HEADER = (
    "employee_number;name;email;unit_code;manager_employee_number;job_title;"
    "professional_group;start_date;end_date;weekly_hours\n"
)


@worlds.world(on="personas")
def count_world(personas: Any) -> dict[str, Any]:
    return build_gap_world(personas)


def _live(top: OrgUnit) -> gaps.OverviewScope:
    """Everyone, counted person by person (as before the counts were kept)."""
    return gaps.OverviewScope(top, Q(), key="live", others=Q())


def _kept(top: OrgUnit) -> gaps.OverviewScope:
    return gaps.OverviewScope(top, Q(), key="kept", paths=("/",))


def assert_heatmap_numbers_equal(top: OrgUnit) -> None:
    profiles = gaps.Profiles()
    assert gaps._count_units(_kept(top), profiles) == gaps._count_units(_live(top), profiles)


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


END_DATES = (None, -30, -1, 0, 1, 40)


class Changes:
    """The changes a sequence draws from, each as the product makes it."""

    def __init__(self, personas: Any, world: dict[str, Any]) -> None:
        self.personas = personas
        self.world = world
        self.units = [personas.units[code] for code in ("K", "BU", "DN", "SOL", "SOLV", "MAE")]
        paed = personas.employee.professional_group
        other, _new = org_services.get_or_create_professional_group("Sygeplejerske")
        self.groups: list[ProfessionalGroup | None] = [paed, other, None]
        self.made = 0

    def people(self) -> list[Person]:
        return list(
            Person.objects.filter(employee_number__isnull=False, unit__isnull=False)
            .exclude(pk=self.personas.leader.pk)
            .order_by("pk")
        )

    def pick(self, n: int) -> Person:
        people = self.people()
        return people[n % len(people)]

    def end(self, n: int) -> datetime.date | None:
        days = END_DATES[n % len(END_DATES)]
        return None if days is None else _days(days)

    def hire(self, a: int, b: int) -> None:
        self.made += 1
        org_services.create_person(
            name=f"Ny {self.made}",
            email=f"ny-{self.made}-{timezone.now().timestamp()}@eksempel.dk",
            employee_number=f"77{self.made}{a}{b}{Person.objects.count()}",
            unit=self.units[a % len(self.units)],
            manager=self.personas.leader,
            professional_group=self.groups[b % len(self.groups)],
            end_date=self.end(a + b),
        )

    def move(self, a: int, b: int) -> None:
        person = self.pick(a)
        person.unit = self.units[b % len(self.units)]
        person.save()

    def regroup(self, a: int, b: int) -> None:
        person = self.pick(a)
        person.professional_group = self.groups[b % len(self.groups)]
        person.save()

    def ends(self, a: int, b: int) -> None:
        person = self.pick(a)
        person.end_date = self.end(b)
        person.save()

    def bulk(self, a: int, b: int) -> None:
        """Several people moved and ended at once (a queryset update)."""
        chosen = [p.pk for p in self.people()[a % 3 :: 3]]
        Person.objects.filter(pk__in=chosen).update(
            unit=self.units[b % len(self.units)], end_date=self.end(a)
        )

    def imported(self, a: int, b: int) -> None:
        """A person's unit, group and end date changed by the people import."""
        person = self.pick(a)
        unit = self.units[b % len(self.units)]
        group = self.groups[(a + b) % len(self.groups)]
        end = self.end(b)
        manager = person.manager.employee_number if person.manager else ""
        line = ";".join(
            [
                person.employee_number or "",
                person.name,
                person.email,
                unit.code,
                manager or "",
                person.job_title,
                group.name if group else "",
                "",
                end.isoformat() if end else "",
                "",
            ]
        )
        table = read_table((PEOPLE_HEADER + line + "\n").encode(), filename="people.csv")
        result = importing.validate_people(table)
        assert result.ok and result.plan is not None, result.problems
        importing.apply_plan(result.plan)

    def agree(self, a: int, b: int) -> None:
        """A MUS held, its summary with agreed levels written, shared and accepted."""
        led = [p for p in self.people() if p.manager_id is not None]
        person = led[a % len(led)]
        conversation = factories.held("mus", person=person)
        levels = {
            c.pk: (None if (b + i) % 4 == 3 else 1 + (a + b + i) % 4)
            for i, c in enumerate(self.world["competences"])
        }
        conversation_services.write_summary(
            conversation,
            by=host(conversation),
            summary="Referat",
            parts={"agreed_levels": {"levels": levels}},
        )
        conversation_services.share_summary(conversation, by=host(conversation))
        conversation_services.respond_to_summary(conversation, by=actor(person), accept=True)

    def forget(self, a: int, b: int) -> None:
        """A current level deleted (its summary deleted by the retention rules)."""
        row = AgreedLevel.objects.filter(current=True).order_by("pk")[a % 5 : a % 5 + 1].first()
        if row is not None:
            AgreedLevel.objects.filter(pk=row.pk).delete()

    def unit_moved(self, a: int, b: int) -> None:
        """A unit put under another (its counts go along through its path)."""
        sol, dn, bu = (self.personas.units[c] for c in ("SOL", "DN", "BU"))
        org_services.update_unit(OrgUnit.objects.get(pk=sol.pk), parent=bu if a % 2 else dn)


CHANGES = ("hire", "move", "regroup", "ends", "bulk", "imported", "agree", "forget", "unit_moved")


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(CHANGES), st.integers(0, 50), st.integers(0, 50)),
        min_size=1,
        max_size=8,
    )
)
def test_the_counts_equal_a_recount_after_any_changes(personas, count_world, steps):
    """Each example goes on from where the one before left the database."""
    changes = Changes(personas, count_world)
    for name, a, b in steps:
        getattr(changes, name)(a, b)
        assert counts.differences() == {}, (name, a, b)
    assert_heatmap_numbers_equal(personas.units["K"])


def test_every_change_of_a_person_and_a_level_is_counted(personas, count_world):
    """The table of cases, each once, with the heatmap's numbers compared at the end."""
    changes = Changes(personas, count_world)
    assert counts.differences() == {}
    assert PeopleCount.objects.exists() and LevelCount.objects.exists()
    for name in CHANGES:
        for a, b in ((0, 1), (4, 2), (7, 5)):
            getattr(changes, name)(a, b)
            assert counts.differences() == {}, (name, a, b)
    assert_heatmap_numbers_equal(personas.units["K"])
    # A person who leaves no conversations behind, deleted.
    fresh = org_services.create_person(
        name="Kort tid",
        employee_number="55501",
        unit=personas.units["SOL"],
        professional_group=personas.employee.professional_group,
    )
    assert counts.differences() == {}
    fresh.delete()
    assert counts.differences() == {}


def test_an_end_of_employment_passing_needs_no_job(personas, count_world):
    """A person whose employment ends today counts today and not tomorrow, with nothing
    run in between: the kept counts are keyed by the end date."""
    person = count_world["made"][0]
    assert AgreedLevel.objects.filter(person=person, current=True).exists()
    person.end_date = timezone.localdate()
    person.save()
    top = personas.units["K"]
    profiles = gaps.Profiles()
    today, _groups = gaps._count_units(_kept(top), profiles)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with patch("django.utils.timezone.localdate", return_value=tomorrow):
        later, _groups = gaps._count_units(_kept(top), profiles)
        assert (later, _groups) == gaps._count_units(_live(top), profiles)
        assert counts.differences() == {}
    unit = person.unit
    assert unit is not None
    profile = profiles.holding(person.professional_group_id, unit.path)
    assert profile is not None
    assert sum(n[0] for n in later[unit.pk].own.values()) == sum(
        n[0] for n in today[unit.pk].own.values()
    ) - len(profiles.requirements[profile])
    assert_heatmap_numbers_equal(top)


def test_the_rebuild_command_recounts_from_scratch(personas, count_world):
    before = set(
        PeopleCount.objects.filter(n__gt=0).values_list("unit_id", "group_id", "ends", "n")
    )
    PeopleCount.objects.update(n=99)
    LevelCount.objects.all().delete()
    assert counts.differences() != {}
    with pytest.raises(CommandError, match="differ from a recount"):
        call_command("rebuild_competence_counts", "--check", "--lang", "en")
    out = io.StringIO()
    call_command("rebuild_competence_counts", "--lang", "en", stdout=out)
    assert "Recounted" in out.getvalue() and "(0 differed)" not in out.getvalue()
    assert counts.differences() == {}
    assert set(PeopleCount.objects.values_list("unit_id", "group_id", "ends", "n")) == before
    out = io.StringIO()
    call_command("rebuild_competence_counts", "--check", "--lang", "en", stdout=out)
    assert "are right" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_concurrent_changes_in_one_unit_lose_nothing(personas, count_world):
    if connection.vendor != "postgresql":
        pytest.skip(
            "concurrent transactions need PostgreSQL (the SQLite suite runs in one connection)"
        )
    sol = personas.units["SOL"]
    paed = personas.employee.professional_group
    people = list(Person.objects.filter(unit=sol, professional_group=paed).order_by("pk"))[:4]
    mae = personas.units["MAE"]
    barrier = threading.Barrier(4)
    failures: list[BaseException] = []

    def hire(i: int) -> None:
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            for j in range(5):
                org_services.create_person(
                    name=f"Samtidig {i} {j}",
                    email=f"samtidig-{i}-{j}@eksempel.dk",
                    employee_number=f"66{i}{j}",
                    unit=sol,
                    manager=personas.leader,
                    professional_group=paed,
                )
        except BaseException as error:
            failures.append(error)
        finally:
            connections.close_all()

    def move(person: Person) -> None:
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            Person.objects.filter(pk=person.pk).update(unit=mae)
            AgreedLevel.objects.filter(person=person, current=True).update(level=1)
        except BaseException as error:
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=hire, args=(i,)) for i in range(2)]
    threads += [threading.Thread(target=move, args=(p,)) for p in people[:2]]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert failures == []
    assert Person.objects.filter(name__startswith="Samtidig").count() == 10
    assert counts.differences() == {}
    assert_heatmap_numbers_equal(personas.units["K"])


@pytest.mark.parametrize("name", ["chief", "leader"])
def test_the_units_a_leader_leads_wholly_are_counted_from_the_kept_counts(
    personas, count_world, name
):
    """A leader's whole units come from the kept counts, the rest of their people one by
    one: the same numbers as counting everyone they lead one by one, also after someone
    they do not lead joins one of those units."""
    import dataclasses

    from samtale.access.viewer import acting_as
    from samtale.org.policy import led_people_q

    viewer = acting_as(getattr(personas, name))

    def both() -> tuple[Any, Any]:
        scope = gaps.scope_for(viewer)
        assert scope is not None
        live = dataclasses.replace(
            scope,
            paths=(),
            others=led_people_q(viewer) & Q(unit__path__startswith=scope.top.path),
        )
        profiles = gaps.Profiles()
        return scope, (gaps._count_units(scope, profiles), gaps._count_units(live, profiles))

    scope, (kept, live) = both()
    assert kept == live
    if name == "chief":
        assert scope.paths, "the chief leads whole units"
        wholly = OrgUnit.objects.filter(path=scope.paths[-1]).get()
        stranger = org_services.create_person(
            name="Ikke ledet herfra",
            employee_number="55502",
            unit=wholly,
            professional_group=personas.employee.professional_group,
        )
        assert stranger.manager is None
        scope, (kept, live) = both()
        assert wholly.path not in scope.paths
        assert kept == live


def test_the_future_needs_from_the_kept_counts_equal_those_counted_one_by_one(
    personas, count_world
):
    from samtale.competences.models import Competence, FutureNeed

    top = personas.units["K"]
    competences = list(Competence.objects.active().order_by("pk")[:3])
    needs = [
        FutureNeed.objects.update_or_create(
            competence=competence,
            unit=personas.units[code],
            defaults={"level": level, "needed_within_years": 2},
        )[0]
        for competence, code, level in (
            (competences[0], "K", 2),
            (competences[1], "BU", 3),
            (competences[2], "SOL", 4),
            (competences[0], "DN", 1),
        )
    ]
    needs = list(FutureNeed.objects.filter(pk__in=[n.pk for n in needs]).select_related("unit"))
    kept = gaps._need_counts(_kept(top), needs, "")
    assert kept == gaps._need_counts(_live(top), needs, "")
    assert any(n for n in kept.values())
