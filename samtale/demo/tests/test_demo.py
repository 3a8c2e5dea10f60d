"""The demo organisation and the scale generator: the shape, the logins, idempotence and
determinism. Speed is measured in bench/, not here."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Q

from samtale.access.models import User
from samtale.demo import builder
from samtale.org import services
from samtale.org.models import OrgUnit, Person, ProfessionalGroup, Role, RoleGrant, Team


def run(command: str, **options: object) -> str:
    out = StringIO()
    call_command(command, stdout=out, **options)
    return out.getvalue()


def logins_in(output: str) -> dict[str, tuple[str, str]]:
    """role -> (e-mail, password), read back from the printed login lines."""
    found: dict[str, tuple[str, str]] = {}
    for line in output.splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[-2].endswith("@" + builder.DOMAIN):
            found[" ".join(parts[:-2])] = (parts[-2], parts[-1])
    return found


def counts() -> dict[str, int]:
    return {
        "units": OrgUnit.objects.count(),
        "people": Person.objects.count(),
        "teams": Team.objects.count(),
        "memberships": Team.members.through.objects.count(),
        "grants": RoleGrant.objects.count(),
        "users": User.objects.count(),
        "groups": ProfessionalGroup.objects.count(),
    }


def check_shape(people_wanted: int) -> None:
    root = OrgUnit.objects.get(code=builder.ROOT_CODE)
    assert root.parent_id is None
    forvaltninger = OrgUnit.objects.filter(parent=root)
    assert sorted(forvaltninger.values_list("name", flat=True)) == [
        "Børn og Unge",
        "Kultur, Teknik og Miljø",
        "Social og Sundhed",
    ]
    # Every unit's path agrees with its parent (computed once after the bulk insert).
    for unit in OrgUnit.objects.select_related("parent"):
        expected = (unit.parent.path if unit.parent else "/") + f"{unit.pk}/"
        assert unit.path == expected
    people = Person.objects.count()
    assert people_wanted * 0.9 <= people <= people_wanted * 1.1
    # Every professional group is in use.
    unused = ProfessionalGroup.objects.annotate(n=Count("people")).filter(n=0)
    assert not unused.exists(), list(unused)
    assert set(builder.PROFESSIONAL_GROUPS) <= set(
        ProfessionalGroup.objects.values_list("name", flat=True)
    )
    # Board chairs: external (no number, no unit) and chief of an institution's leader.
    chairs = Person.objects.filter(employee_number=None, unit=None)
    assert chairs.exists()
    for chair in chairs:
        assert chair.reports.filter(professional_group__name=builder.LEDER).exists()
        assert chair.line_path == f"/{chair.pk}/"
    # One top of the management line, the kommunaldirektør; everyone else is below a
    # leader or a board chair, and the line paths are consistent.
    assert Person.objects.filter(manager=None, employee_number__isnull=False).count() == 1
    for person in Person.objects.filter(manager__isnull=False).select_related("manager")[:500]:
        manager = person.manager
        assert manager is not None
        assert person.line_path == f"{manager.line_path}{person.pk}/"
    # Leaders lead; some people have left; e-mails are unique.
    assert Person.objects.filter(professional_group__name=builder.LEDER, reports__isnull=False)
    assert Person.objects.filter(end_date__isnull=False).exists()
    emails = list(Person.objects.values_list("email", flat=True))
    assert len(emails) == len(set(emails))
    # Teams with members, role grants of every kind.
    assert Team.objects.annotate(n=Count("members")).filter(n__gt=0).count() >= 10
    assert {Role.HR, Role.TR, Role.AMR} <= set(RoleGrant.objects.values_list("role", flat=True))
    # Only the personas can log in with a password.
    assert User.objects.filter(person__isnull=False).count() == len(builder.PERSONAS)


def persona(key: str) -> Person:
    spec = next(p for p in builder.PERSONAS if p.key == key)
    return Person.objects.get(email=builder.persona_email(spec))


# --- the plan ------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_organisation():
    first = builder.make_plan(400, seed=7)
    again = builder.make_plan(400, seed=7)
    other = builder.make_plan(400, seed=8)
    assert first.fingerprint() == again.fingerprint()
    assert first.fingerprint() != other.fingerprint()
    names = [p.name for p in first.people]
    assert names == [p.name for p in again.people]


def test_plan_scales_in_institutions_and_keeps_the_personas():
    small = builder.make_plan(400)
    large = builder.make_plan(5000)
    assert len(large.units) > len(small.units)
    assert 4500 <= len(large.people) <= 5500
    assert set(small.personas) == set(large.personas) == {p.key for p in builder.PERSONAS}


def test_email_addresses_are_plain_ascii():
    assert builder.email_local("Søren Ærø Åberg") == "soeren.aeroe.aaberg"
    assert builder.email_local("René Juhl-Hansen") == "rene.juhlhansen"


# --- samtale demo -----------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_builds_eksempel_kommune():
    output = run("demo")
    check_shape(builder.DEMO_PEOPLE)
    root = OrgUnit.objects.get(code=builder.ROOT_CODE)
    institutions = OrgUnit.objects.filter(path__regex=r"^/\d+/\d+/\d+/\d+/$")
    assert 22 <= institutions.count() <= 30
    assert root.name in output
    # The personas stand where the login list says.
    assert persona("employee").manager == persona("leader")
    assert persona("colleague").unit == persona("employee").unit
    assert persona("leader").manager == persona("chief")
    assert persona("board_chair").is_external
    assert Team.objects.filter(members=persona("employee")).filter(members=persona("colleague"))
    assert RoleGrant.objects.filter(person=persona("hr_kommune"), role=Role.HR, unit=root)
    assert RoleGrant.objects.filter(person=persona("tr"), role=Role.TR)
    assert RoleGrant.objects.filter(person=persona("amr"), role=Role.AMR)


@pytest.mark.django_db
def test_every_printed_login_works_and_lands_on_the_right_home(client):
    logins = logins_in(run("demo"))
    assert len(logins) == len(builder.PERSONAS) + 1
    root = OrgUnit.objects.get(code=builder.ROOT_CODE)
    bu = OrgUnit.objects.get(code=f"{builder.ROOT_CODE}-BU")
    sol = persona("employee").unit
    assert sol is not None

    def home_as(role: str):
        email, password = logins[role]
        assert authenticate(email=email, password=password) is not None, role
        client.logout()
        assert client.login(email=email, password=password), role
        response = client.get("/")
        assert response.status_code == 200, role
        return response.context

    by_key = {p.key: p.role for p in builder.PERSONAS}
    ctx = home_as(by_key["employee"])
    assert ctx["me"] == persona("employee")
    assert ctx["my_leader"] == persona("leader")
    assert ctx.get("reports") is None and ctx.get("org_units") is None

    ctx = home_as(by_key["colleague"])
    assert ctx["me"] == persona("colleague")

    ctx = home_as(by_key["leader"])
    assert {persona("employee"), persona("colleague")} <= set(ctx["reports"])

    ctx = home_as(by_key["chief"])
    assert persona("leader") in ctx["reports"]
    assert ctx["led_count"] > len(ctx["reports"])  # through the leaders below

    ctx = home_as(by_key["board_chair"])
    assert [p.job_title for p in ctx["reports"]] == ["Daginstitutionsleder"]
    assert ctx["led_count"] == 1  # a board chair leads only directly

    ctx = home_as(by_key["hr"])
    assert [u.pk for u in ctx["org_units"]] == [bu.pk]

    ctx = home_as(by_key["hr_kommune"])
    assert [u.pk for u in ctx["org_units"]] == [root.pk]

    for key in ("tr", "amr"):
        ctx = home_as(by_key[key])
        assert sol.pk in [u.pk for u in ctx["org_units"]]

    ctx = home_as(builder.ADMIN_ROLE)
    assert ctx["viewer"].is_admin and ctx["me"] is None


@pytest.mark.django_db
def test_a_second_run_changes_nothing():
    first = run("demo")
    before = counts()
    names_before = list(Person.objects.order_by("pk").values_list("name", flat=True))
    # Someone changed a persona's password; the demo sets it back.
    services.ensure_user(persona("leader"), password="something-else")
    second = run("demo")
    assert counts() == before
    assert list(Person.objects.order_by("pk").values_list("name", flat=True)) == names_before
    assert "already loaded" in second
    assert logins_in(first) == logins_in(second)
    email, password = logins_in(second)[next(p.role for p in builder.PERSONAS if p.key == "leader")]
    assert authenticate(email=email, password=password) is not None


@pytest.mark.django_db
def test_demo_refuses_a_database_with_another_organisation():
    services.create_unit(code="X", name="Another organisation")
    with pytest.raises(CommandError, match="empty database"):
        run("demo")
    assert OrgUnit.objects.count() == 1


# --- samtale seed -----------------------------------------------------------------------


@pytest.mark.django_db
def test_seed_has_the_same_shape_at_another_size():
    output = run("seed", people=2000)
    check_shape(2000)
    assert len(logins_in(output)) == len(builder.PERSONAS) + 1
    # More institutions than the demo, each still led, and the departments of the big
    # ones led by an afdelingsleder who answers to the institution's leader.
    institutions = OrgUnit.objects.filter(path__regex=r"^/\d+/\d+/\d+/\d+/$")
    assert institutions.count() > 30
    departments = OrgUnit.objects.filter(path__regex=r"^/\d+/\d+/\d+/\d+/\d+/$")
    assert departments.exists()
    for unit in departments[:5]:
        head = Person.objects.get(unit=unit, job_title="Afdelingsleder")
        assert head.manager is not None and head.manager.unit_id == unit.parent_id
    assert not Person.objects.filter(
        ~Q(professional_group__name=builder.LEDER), unit=None, employee_number__isnull=False
    ).exists()


@pytest.mark.django_db
def test_seed_refuses_existing_data_unless_reset():
    run("seed", people=500)
    before = counts()
    with pytest.raises(CommandError, match="--reset"):
        run("seed", people=600)
    assert counts() == before
    run("seed", people=600, reset=True)
    check_shape(600)
    assert OrgUnit.objects.filter(code=builder.ROOT_CODE).count() == 1


def test_the_readme_lists_every_login():
    from pathlib import Path

    readme = (Path(builder.__file__).parents[2] / "README.md").read_text()
    for spec in builder.PERSONAS:
        assert f"| {builder.persona_email(spec)} | {builder.DEMO_PASSWORD} |" in readme
    assert f"| {builder.ADMIN_EMAIL} | {builder.DEMO_PASSWORD} |" in readme
