"""The services keep both trees (units, management line) true."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from samtale.org import services
from samtale.org.models import OrgUnit, Person

pytestmark = pytest.mark.django_db


def test_units_below_are_one_query(personas, django_assert_num_queries):
    dn = personas.units["DN"]
    with django_assert_num_queries(1):
        codes = set(OrgUnit.objects.below(dn).values_list("code", flat=True))
    assert codes == {"DN", "SOL", "SOLV", "MAE"}


def test_moving_a_unit_moves_its_subtree(personas):
    sol, ss = personas.units["SOL"], personas.units["SS"]
    services.update_unit(sol, parent=ss)
    solv = OrgUnit.objects.get(code="SOLV")
    assert solv.path.startswith(ss.path)
    assert set(OrgUnit.objects.below(ss).values_list("code", flat=True)) == {
        "SS",
        "EGE",
        "SOL",
        "SOLV",
    }


def test_a_unit_cannot_move_below_itself(personas):
    with pytest.raises(ValidationError):
        services.update_unit(personas.units["DN"], parent=personas.units["SOLV"])


def test_chief_leads_through_the_tree(personas):
    led = set(
        Person.objects.filter(line_path__startswith=personas.chief.line_path)
        .exclude(pk=personas.chief.pk)
        .values_list("name", flat=True)
    )
    assert {"Lene Leder", "Emma Ansat", "Tina Tillid"} <= led
    assert "Otto Udenfor" not in led


def test_new_manager_moves_everyone_below(personas):
    leader, ege_leader = personas.leader, personas.ege_leader
    services.set_manager(leader, ege_leader)
    emma = Person.objects.get(pk=personas.employee.pk)
    assert emma.line_path.startswith(ege_leader.line_path)
    assert emma.line_path == f"{ege_leader.line_path}{leader.pk}/{emma.pk}/"


def test_a_manager_cycle_is_refused(personas):
    with pytest.raises(ValidationError):
        services.set_manager(personas.chief, personas.employee)
    # nothing changed
    assert Person.objects.get(pk=personas.chief.pk).manager_id is None


def test_recompute_repairs_paths(personas):
    Person.objects.update(line_path="")
    OrgUnit.objects.update(path="")
    assert services.recompute_line_paths() == Person.objects.count()
    assert services.recompute_unit_paths() == OrgUnit.objects.count()
    emma = Person.objects.get(pk=personas.employee.pk)
    assert emma.line_path.endswith(f"/{personas.leader.pk}/{emma.pk}/")
    assert services.recompute_line_paths() == 0


def test_database_refuses_end_before_start(personas):
    emma = personas.employee
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.filter(pk=emma.pk).update(end_date="2019-01-01")


def test_ensure_user_links_by_email(personas):
    p = services.create_person(name="Ny Person", email="NY@Eksempel.dk", employee_number="9")
    user = services.ensure_user(p)
    assert user.email == "ny@eksempel.dk"
    assert not user.has_usable_password()
    assert services.ensure_user(p) == user


def test_professional_groups_match_case_insensitively(db):
    a, created_a = services.get_or_create_professional_group("Pædagog")
    b, created_b = services.get_or_create_professional_group(" pædagog ")
    assert created_a and not created_b and a == b
