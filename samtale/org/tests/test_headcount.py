"""samtale.org.headcount: each unit's active people, itself and every unit below it, as
counting them person by person gives them."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from samtale.org import headcount, services
from samtale.org.models import OrgUnit, Person
from samtale.org.queries import active_q

pytestmark = pytest.mark.django_db


def _counted_one_by_one(day: datetime.date) -> dict[int, int]:
    paths = [
        p.unit.path
        for p in Person.objects.filter(active_q(day=day)).select_related("unit")
        if p.unit is not None
    ]
    return {
        unit.pk: len([path for path in paths if path.startswith(unit.path)])
        for unit in OrgUnit.objects.all()
    }


def test_counts_are_every_active_person_at_and_below_each_unit(personas):
    today = timezone.localdate()
    sol = personas.units["SOL"]
    below = services.create_unit(code="HC1", name="Ny stue", parent=sol)
    empty = services.create_unit(code="HC2", name="Tom stue", parent=below)
    services.create_person(name="Går i dag", unit=below, end_date=today)  # still active today
    services.create_person(name="Gik i går", unit=below, end_date=today - datetime.timedelta(1))
    services.create_person(
        name="Går om en måned", unit=below, end_date=today.replace(day=1) + datetime.timedelta(40)
    )
    services.create_person(name="Uden enhed")
    counts = headcount.subtree_counts(today=today)
    assert counts == _counted_one_by_one(today)
    assert counts[below.pk] == 2 and counts[empty.pk] == 0
    # tomorrow the one whose last day was today no longer counts
    tomorrow = today + datetime.timedelta(days=1)
    assert headcount.subtree_counts(today=tomorrow) == _counted_one_by_one(tomorrow)
    assert headcount.subtree_counts(today=tomorrow)[below.pk] == 1
