"""The shared worlds (samtale.testing.worlds): every test meets a world as it was built,
whatever the tests before it changed, and sees no world it did not ask for."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

from samtale.conversations.models import ConversationKind
from samtale.org import services as org_services
from samtale.org.models import OrgUnit, Person
from samtale.testing import worlds

builds: list[str] = []


@worlds.world()
def one_unit() -> OrgUnit:
    builds.append("one_unit")
    mail.send_mail("Bygget", "En verden er bygget.", None, ["verden@eksempel.dk"])
    return org_services.create_unit(code="W1", name="Verden")


@worlds.world(on="one_unit", media=True)
def two_units(one_unit: OrgUnit) -> OrgUnit:
    builds.append("two_units")
    Path(settings.MEDIA_ROOT, "verden.txt").write_text("to")
    return org_services.create_unit(code="W2", name="Verden to", parent=one_unit)


def codes() -> set[str]:
    return set(OrgUnit.objects.values_list("code", flat=True))


# Run in two processes (xdist -n 2), at least two of the three rounds share one, one
# after the other: the later one fails if the earlier one's changes stayed.
@pytest.mark.django_db
@pytest.mark.parametrize("round_", [1, 2, 3])
def test_a_test_meets_the_personas_as_they_were_built(personas, round_):
    emma = personas.employee
    assert emma.name == "Emma Ansat" and emma.manager is personas.leader
    assert Person.objects.get(pk=emma.pk).name == "Emma Ansat"
    assert not Person.objects.filter(name__startswith="Ny ").exists()
    assert personas.units["SOL"].name == "Børnehuset Solsikken"
    # Changed in the database and in memory: the next test sees neither.
    emma.name = f"Emma {round_}"
    emma.save()
    personas.units["SOL"].name = f"Ændret {round_}"
    org_services.create_person(name=f"Ny {round_}", email=f"ny{round_}@eksempel.dk")


@pytest.mark.django_db
def test_a_world_on_another_has_both_with_its_files_and_without_its_mail(two_units, one_unit):
    assert codes() == {"W1", "W2"}
    assert two_units.parent is one_unit  # one copy of the worlds, as the builders left them
    assert (Path(settings.MEDIA_ROOT) / "verden.txt").read_text() == "to"
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_test_without_a_world_sees_none():
    assert codes() == set() and not Person.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", [1, 2, 3])
def test_a_committing_test_meets_its_world_as_it_was_built(one_unit, round_):
    assert codes() == {"W1"} and OrgUnit.objects.get().name == "Verden"
    assert ConversationKind.objects.filter(code="mus").exists()  # as the migrations left it
    assert one_unit.name == "Verden" and mail.outbox == []
    OrgUnit.objects.filter(code="W1").update(name=f"Ændret {round_}")
    one_unit.name = f"Ændret {round_}"
    org_services.create_unit(code=f"W{round_ + 2}", name="Ny")
    ConversationKind.objects.filter(code="mus").delete()


@pytest.mark.django_db(transaction=True)
def test_the_stack_builds_keeps_rolls_back_and_rebuilds_the_next_day(
    django_db_blocker, monkeypatch
):
    stack = worlds.Stack(django_db_blocker)
    try:
        del builds[:]
        stack.open(("one_unit", "two_units"))
        assert codes() == {"W1", "W2"} and builds == ["one_unit", "two_units"]
        assert mail.outbox == []
        # The world on top is rolled back; the one below stays as it is.
        stack.open(("one_unit",))
        assert codes() == {"W1"} and builds == ["one_unit", "two_units"]
        stack.open(())
        assert codes() == set()
        stack.open(("one_unit",))
        assert codes() == {"W1"} and builds == ["one_unit", "two_units", "one_unit"]
        # Tomorrow, it is built again.
        tomorrow = datetime.date.today() + datetime.timedelta(days=1)
        monkeypatch.setattr(worlds.timezone, "localdate", lambda: tomorrow)
        stack.open(("one_unit",))
        assert codes() == {"W1"} and builds[-1] == "one_unit" and len(builds) == 4
    finally:
        stack.close()
    assert codes() == set()
