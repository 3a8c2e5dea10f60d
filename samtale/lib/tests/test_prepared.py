"""samtale.lib.prepared: a query compiled once gives what the queryset gives, each time."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.models import Count, Exists, OuterRef
from django.test.utils import CaptureQueriesContext

from samtale.lib.prepared import Prepared
from samtale.org.models import Person
from samtale.org.queries import active_q

pytestmark = pytest.mark.django_db


def _with_reports(manager_id: int):
    reports = Person.objects.filter(manager=OuterRef("pk"))
    return (
        Person.objects.select_related("unit", "manager")
        .annotate(leads=Exists(reports), teams_led=Count("led_teams"))
        .filter(manager_id=manager_id)
        .order_by("name", "pk")
    )


def _fields(person: Person) -> tuple:
    return (
        person.pk,
        person.name,
        person.unit.name if person.unit else None,
        person.manager.name if person.manager else None,
        person.leads,  # type: ignore[attr-defined]  # an annotation
        person.teams_led,  # type: ignore[attr-defined]
    )


def test_gives_what_the_queryset_gives_for_every_value(personas):
    prepared = Prepared(_with_reports)
    for person in personas.people.values():
        expected = [_fields(p) for p in _with_reports(person.pk)]
        assert [_fields(p) for p in prepared(person.pk)] == expected


def test_one_query_and_related_objects_need_none(personas):
    prepared = Prepared(_with_reports)
    prepared(personas.leader.pk)  # compiled here
    with CaptureQueriesContext(connection) as queries:
        found = prepared(personas.leader.pk)
        names = {(p.unit.name, p.manager.name) for p in found}
    assert len(queries) == 1
    expected = {(p.unit.name, p.manager.name) for p in _with_reports(personas.leader.pk)}
    assert names == expected
    assert {p.name for p in found} >= {personas.employee.name, personas.colleague.name}


def test_calls_do_not_share_their_value(personas):
    prepared = Prepared(_with_reports)
    for_leader = prepared(personas.leader.pk)
    for_chief = prepared(personas.chief.pk)
    assert personas.employee.pk in {p.pk for p in for_leader}
    assert personas.employee.pk not in {p.pk for p in for_chief}
    assert personas.leader.pk in {p.pk for p in for_chief}
    assert prepared(-1) == []


def test_a_query_without_its_parameter_is_refused(personas):
    prepared = Prepared(lambda value: Person.objects.filter(name="Emma"))
    with pytest.raises(ValueError):
        prepared(personas.employee.pk)


def _active_reports(manager_id: int, day: datetime.date):
    return Person.objects.filter(active_q(day=day), manager_id=manager_id).order_by("name", "pk")


def test_a_day_is_bound_on_each_call_not_kept_from_the_first(personas):
    """ "Active today" compiled on one day must not answer for the next: the day is a
    parameter like the id (sent as a date to PostgreSQL, as text to SQLite)."""
    last_day = datetime.date(2026, 6, 30)
    personas.employee.end_date = last_day
    personas.employee.save(update_fields=["end_date"])
    prepared = Prepared(_active_reports, kinds=(int, datetime.date))
    leader = personas.leader.pk
    for day in (last_day, last_day + datetime.timedelta(days=1), datetime.date(2031, 1, 1)):
        expected = [p.pk for p in _active_reports(leader, day)]
        assert [p.pk for p in prepared(leader, day)] == expected
    assert personas.employee.pk in {p.pk for p in prepared(leader, last_day)}
    assert personas.employee.pk not in {p.pk for p in prepared(leader, datetime.date(2026, 7, 1))}
    assert personas.colleague.pk in {p.pk for p in prepared(leader, datetime.date(2026, 7, 1))}


def test_every_parameter_must_be_used_and_given(personas):
    unused_day = Prepared(
        lambda pk, day: Person.objects.filter(manager_id=pk), kinds=(int, datetime.date)
    )
    with pytest.raises(ValueError):
        unused_day(personas.leader.pk, datetime.date(2026, 1, 1))
    prepared = Prepared(_active_reports, kinds=(int, datetime.date))
    with pytest.raises(TypeError):
        prepared(personas.leader.pk)


@pytest.mark.django_db(transaction=True)
def test_another_thread_runs_it_on_its_own_connection(personas):
    """Compiled in one thread, run in another (a threaded server): on that thread's
    connection, never the first one's (which Django refuses to share)."""
    import threading

    from django.db import connections

    prepared = Prepared(_with_reports)
    prepared(personas.leader.pk)  # compiled here
    errors: list[BaseException] = []
    found: list[list[int]] = []

    def other() -> None:
        try:
            found.append([p.pk for p in prepared(personas.leader.pk)])
        except BaseException as error:  # reported to the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=other)
    thread.start()
    thread.join()
    assert errors == []
    assert found == [[p.pk for p in _with_reports(personas.leader.pk)]]


def _people_in(ids: list[int]):
    return Person.objects.filter(manager_id__in=ids).order_by("name", "pk")


def test_prepared_in_gives_what_the_queryset_gives_for_each_number_of_ids(personas):
    from samtale.lib.prepared import PreparedIn

    prepared = PreparedIn(_people_in, most=2)
    leaders = [personas.leader.pk, personas.chief.pk, personas.ege_leader.pk]
    for ids in ([], leaders[:1], leaders[:2], leaders, [leaders[1], leaders[0]]):
        assert [p.pk for p in prepared(ids)] == [p.pk for p in _people_in(ids)], ids
    with CaptureQueriesContext(connection) as queries:
        prepared([])
    assert len(queries) == 0


def test_prefetched_rows_are_read_as_the_related_manager_without_a_query(personas):
    from samtale.lib.prepared import prefetched

    leader = Person.objects.get(pk=personas.leader.pk)
    reports = list(Person.objects.filter(manager=leader).order_by("pk"))
    prefetched(leader, "reports", reports)
    with CaptureQueriesContext(connection) as queries:
        assert list(leader.reports.all()) == reports
        assert all(r.manager is leader for r in leader.reports.all())
    assert len(queries) == 0


def test_values_are_converted_on_every_call_as_on_the_first(personas):
    """The converters kept from the first run turn each later row's values into what the
    queryset gives: aware times, dates, booleans (SQLite sends them as text and ints)."""
    from samtale.access.models import User

    def logins(pk: int):
        return User.objects.filter(pk=pk).values_list("date_joined", "is_active", "last_login")

    def with_dates(pk: int):
        return Person.objects.filter(pk=pk).values_list("start_date", "end_date", "weekly_hours")

    users, people = Prepared(logins), Prepared(with_dates)
    for person in (personas.leader, personas.employee, personas.chief):
        assert users(person.user_id) == list(logins(person.user_id))
        assert people(person.pk) == list(with_dates(person.pk))
    joined = users(personas.employee.user_id)[0][0]
    assert isinstance(joined, datetime.datetime) and joined.tzinfo is not None
