"""State changes in the organisation. Views, commands, imports and tests call these;
nobody else saves org models. Each function keeps the materialised paths true."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from samtale.lib.paths import child_path, compute_paths, ids_in_path, move_subtree
from samtale.org import headcount
from samtale.org.models import (
    LeaderChange,
    OrgUnit,
    Person,
    ProfessionalGroup,
    Role,
    RoleGrant,
    Team,
)

# --- units -----------------------------------------------------------------------------


@transaction.atomic
def create_unit(*, code: str, name: str, parent: OrgUnit | None = None) -> OrgUnit:
    unit = OrgUnit(code=code, name=name, parent=parent)
    unit.full_clean(exclude=["path"])
    unit.save()
    unit.path = child_path(parent.path if parent else None, unit.pk)
    OrgUnit.objects.filter(pk=unit.pk).update(path=unit.path)
    return unit


@transaction.atomic
def update_unit(unit: OrgUnit, *, name: str | None = None, parent: Any = ...) -> OrgUnit:
    """Rename and/or move a unit; moving rewrites the paths of its whole subtree."""
    if name is not None:
        unit.name = name
    if parent is not ...:
        if parent is not None and parent.path.startswith(unit.path):
            raise ValidationError(_("A unit cannot be moved below itself."))
        unit.parent = parent
        old = unit.path
        unit.path = child_path(parent.path if parent else None, unit.pk)
        move_subtree(OrgUnit.objects.all(), "path", old, unit.path)
    unit.full_clean(exclude=["path"])
    unit.save()
    return unit


def recompute_unit_paths() -> int:
    """Set every unit's path from the parent links (after a bulk import). Returns the
    number of units whose path changed."""
    parents = dict(OrgUnit.objects.values_list("pk", "parent_id"))
    paths = compute_paths(parents)
    changed = [
        OrgUnit(pk=pk, path=paths[pk])
        for pk, path in OrgUnit.objects.values_list("pk", "path")
        if paths[pk] != path
    ]
    OrgUnit.objects.bulk_update(changed, ["path"], batch_size=1000)
    headcount.changed()
    return len(changed)


# --- professional groups ---------------------------------------------------------------


def get_or_create_professional_group(name: str) -> tuple[ProfessionalGroup, bool]:
    name = name.strip()
    existing = ProfessionalGroup.objects.annotate(lname=Lower("name")).filter(lname=name.lower())
    group = existing.first()
    if group is not None:
        return group, False
    return ProfessionalGroup.objects.create(name=name), True


# --- people ----------------------------------------------------------------------------


@transaction.atomic
def create_person(
    *,
    name: str,
    email: str = "",
    employee_number: str | None = None,
    unit: OrgUnit | None = None,
    manager: Person | None = None,
    job_title: str = "",
    professional_group: ProfessionalGroup | None = None,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    weekly_hours: Decimal | None = None,
    leave_from: datetime.date | None = None,
    leave_until: datetime.date | None = None,
) -> Person:
    person = Person(
        name=name,
        email=email.strip().lower(),
        employee_number=employee_number or None,
        unit=unit,
        manager=manager,
        job_title=job_title,
        professional_group=professional_group,
        start_date=start_date,
        end_date=end_date,
        weekly_hours=weekly_hours,
        leave_from=leave_from,
        leave_until=leave_until,
    )
    person.full_clean(exclude=["line_path", "user"])
    person.save()
    person.line_path = child_path(manager.line_path if manager else None, person.pk)
    Person.objects.filter(pk=person.pk).update(line_path=person.line_path)
    return person


# --- nobody makes themselves someone's leader --------------------------------------------


def makes_own_leader[K](by: K | None, old_leaders: Iterable[K], new_leaders: Iterable[K]) -> bool:
    """The rule, in one place: a change of someone's nearest leader made by ``by`` (the
    acting person's key) must not put ``by`` into that person's management line when
    they were not in it before, directly (as the nearest leader) or above a leader in the
    new line. ``old_leaders``/``new_leaders`` are the person's line above them, before
    and after, as keys of the same kind (pks, or the import's employee numbers). Nobody
    acting (the HR system's import on the command line) is never refused. Used by
    ``set_manager`` (the admin, SCIM) and by the people import
    (``samtale.org.importing``)."""
    return by is not None and by in set(new_leaders) and by not in set(old_leaders)


def own_leader_message(actor_name: str, person_name: str) -> str:
    return _(
        "%(actor)s cannot make themselves the leader of %(person)s, neither directly nor "
        "through a leader below them: a leader may read what their people write. Someone "
        "else with the right (another administrator or HR) must make this change, or it "
        "comes from the HR system's own import."
    ) % {"actor": actor_name, "person": person_name}


def check_not_own_leader(person: Person, manager: Person | None, *, by: Person | None) -> None:
    """Raise ``ValidationError`` when ``by`` giving ``person`` the nearest leader
    ``manager`` would make ``by`` one of ``person``'s leaders (``makes_own_leader``)."""
    if by is None or manager is None:
        return
    new_line = ids_in_path(manager.line_path) if manager.line_path else [manager.pk]
    old_line = ids_in_path(person.line_path)[:-1] if person.pk else []
    if makes_own_leader(by.pk, old_line, new_line):
        raise ValidationError(own_leader_message(by.name, person.name), code="own_leader")


@transaction.atomic
def change_employee_number(person: Person, number: str) -> Person:
    """Give a person another employee number (the payroll system's key for them),
    unless someone else has it."""
    number = number.strip()
    if number == person.employee_number:
        return person
    if not number:
        raise ValidationError(_("An employee has an employee number."))
    if Person.objects.filter(employee_number=number).exclude(pk=person.pk).exists():
        raise ValidationError(
            _("The employee number %(number)s belongs to someone else.") % {"number": number}
        )
    person.employee_number = number
    Person.objects.filter(pk=person.pk).update(employee_number=number)
    return person


@transaction.atomic
def set_manager(
    person: Person,
    manager: Person | None,
    *,
    by: Person | None = None,
    source: LeaderChange.Source = LeaderChange.Source.EDIT,
) -> Person:
    """Give a person a new nearest leader; everyone below them moves along. The change is
    kept (``LeaderChange``, from ``source``). ``by``, the acting person, may not become
    one of the person's leaders by it (``check_not_own_leader``)."""
    if manager is not None and (
        manager.pk == person.pk or manager.line_path.startswith(person.line_path)
    ):
        raise ValidationError(
            _("%(manager)s is led by %(person)s and cannot be their leader.")
            % {"manager": manager.name, "person": person.name}
        )
    check_not_own_leader(person, manager, by=by)
    old = person.line_path
    if person.manager_id != (manager.pk if manager else None):
        LeaderChange.objects.create(
            person=person,
            previous_id=person.manager_id,
            leader=manager,
            source=source,
        )
    person.manager = manager
    person.line_path = child_path(manager.line_path if manager else None, person.pk)
    Person.objects.filter(pk=person.pk).update(manager=manager, line_path=person.line_path)
    move_subtree(Person.objects.exclude(pk=person.pk), "line_path", old, person.line_path)
    return person


def recompute_line_paths() -> int:
    """Set every person's management line from the manager links (after a bulk import)."""
    parents = dict(Person.objects.values_list("pk", "manager_id"))
    paths = compute_paths(parents)
    changed = [
        Person(pk=pk, line_path=paths[pk])
        for pk, path in Person.objects.values_list("pk", "line_path")
        if paths[pk] != path
    ]
    Person.objects.bulk_update(changed, ["line_path"], batch_size=1000)
    return len(changed)


@transaction.atomic
def ensure_user(person: Person, *, password: str | None = None) -> Any:
    """The person's login account, created when first needed (password reset, SSO, the
    demo). Without a password it gets an unusable one until they set their own. An
    existing login with the person's address is theirs, unless it is an administrator's,
    HR's (``check_login_link``) or another person's: then ``ValidationError``."""
    User = get_user_model()
    if person.user is not None:
        user = person.user
        if password is not None:
            user.set_password(password)
            user.save(update_fields=["password"])
        return user
    if not person.email:
        raise ValidationError(_("%(name)s has no e-mail address.") % {"name": person.name})
    found = User.objects.filter(email__iexact=person.email).first()
    if found is not None:
        check_login_link(person, found, by=None)
        if Person.objects.filter(user=found).exclude(pk=person.pk).exists():
            raise ValidationError(
                _("%(login)s is already another person's login.") % {"login": found.email}
            )
    user = User.objects.create_user(person.email, password) if found is None else found
    if found is not None and password is not None:
        user.set_password(password)
        user.save(update_fields=["password"])
    person.user = user
    Person.objects.filter(pk=person.pk).update(user=user)
    return user


# --- linking a login to a person ----------------------------------------------------------


def check_login_link(person: Person, user: Any, *, by: Any) -> None:
    """Raise ``ValidationError`` when ``by`` (the acting login) may not link the login
    ``user`` to ``person``: their own login, an administrator's (never linked to a
    person: an administrator who is also an employee has a second, ordinary login), or
    the login of someone else who holds HR (whoever has that login reads what the person
    may read)."""
    if user is None:
        return
    if by is not None and user.pk == by.pk:
        message = _("You cannot link your own login to %(person)s.")
    elif user.is_staff or user.is_superuser:
        message = _("%(login)s is an administrator's login and cannot be linked to %(person)s.")
    elif (
        Person.objects.filter(user=user, role_grants__role=Role.HR).exclude(pk=person.pk).exists()
        or RoleGrant.objects.filter(role=Role.HR, person__email__iexact=user.email)
        .exclude(person=person)
        .exists()
    ):
        message = _("%(login)s is the login of someone in HR and cannot be linked to %(person)s.")
    else:
        return
    raise ValidationError(message % {"login": user.email, "person": person.name}, code="own_login")


@transaction.atomic
def link_login(person: Person, user: Any, *, by: Any) -> Person:
    """Link the login ``user`` to ``person`` (``check_login_link`` first). The link is
    recorded (``signals.login_linked``: the person sees it with the reads of their
    conversations) and the person is told by e-mail, at their address."""
    from samtale.org import emails, signals

    check_login_link(person, user, by=by)
    if person.user_id == user.pk:
        return person
    person.user = user
    Person.objects.filter(pk=person.pk).update(user=user)
    signals.login_linked.send(Person, person=person, user=user, by=by)
    if person.email:
        emails.send_login_linked(person, user, by=by)
    return person


# --- teams and roles -------------------------------------------------------------------


@transaction.atomic
def create_team(
    *,
    name: str,
    unit: OrgUnit,
    leader: Person | None = None,
    members: list[Person] = (),  # type: ignore[assignment]
) -> Team:
    team = Team(name=name, unit=unit, leader=leader)
    team.full_clean()
    team.save()
    team.members.set(members)
    return team


@transaction.atomic
def grant_role(person: Person, role: Role | str, unit: OrgUnit) -> RoleGrant:
    grant, _created = RoleGrant.objects.get_or_create(person=person, role=role, unit=unit)
    return grant
