"""State changes in the organisation. Views, commands, imports and tests call these;
nobody else saves org models. Each function keeps the materialised paths true."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
from samtale.org.viewer import Login

# Refused attempts to give oneself access (a login linked, oneself made someone's leader,
# a role or a team's lead given to oneself): who, what, whom, as keys; never content.
security_log = logging.getLogger("samtale.security")


def _who(by: Login | Person) -> str:
    """The actor of a refused attempt, for the security log: a person, a login or nobody."""
    if by is None:
        return "nobody (the system)"
    if isinstance(by, Person):
        return f"person {by.pk}"
    return f"login {getattr(by, 'pk', by)}"


def log_refused(what: str, *, by: Login | Person, whom: Person | str) -> None:
    """Write a refused attempt to the ``samtale.security`` log at WARNING: who tried
    (``by``: an acting person or login), what, and for whom (a person or their key)."""
    target = f"person {whom.pk}" if isinstance(whom, Person) else str(whom)
    security_log.warning("Refused %s: by %s, for %s", what, _who(by), target)


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
        log_refused("making oneself someone's leader", by=by, whom=person)
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
    headcount.changed()  # who leads whom decides what the org pages show (org.kept)
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


def check_login_link(person: Person, user: Any, *, by: Login) -> None:
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
    log_refused(f"linking login {user.pk}", by=by, whom=person)
    raise ValidationError(message % {"login": user.email, "person": person.name}, code="own_login")


@transaction.atomic
def link_login(person: Person, user: Any, *, by: Login) -> Person:
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


# --- changes to a person's login, address and roles, told to them ------------------------

# What someone else changed, as the person reads it (the read log's "what" and the mail):
# each formatted with the change's values, in the language of where it is shown.
CHANGES = {
    "login_email": gettext_lazy("Changed the e-mail address of your login from %(old)s to %(new)s"),
    "login_closed": gettext_lazy("Closed your login %(login)s"),
    "login_opened": gettext_lazy("Reopened your login %(login)s"),
    "login_removed": gettext_lazy("Removed the login %(login)s from you"),
    "email": gettext_lazy("Changed your e-mail address in Samtale from %(old)s to %(new)s"),
    "role_granted": gettext_lazy("Gave you the role %(role)s for %(unit)s"),
    "role_removed": gettext_lazy("Took the role %(role)s for %(unit)s from you"),
}


def describe_change(change: str, values: dict[str, Any]) -> str:
    """The change in the active language (``CHANGES``)."""
    return str(CHANGES[change]) % {key: str(value) for key, value in values.items()}


def acting_person(by: Login) -> Person | None:
    """The person of the acting login ``by`` (None: nobody, or a login without a person,
    such as an administrator's: never refused by the rules that ask for the actor)."""
    person = getattr(by, "person", None) if by is not None else None
    return person if isinstance(person, Person) else None


def tell_of_change(
    person: Person, change: str, *, by: Login, to: Iterable[str] = (), **values: Any
) -> None:
    """Someone other than the person (``by``, the acting login) changed their login,
    their address or their roles (``CHANGES``): it is recorded where the person sees who
    has read their things (``signals.access_changed``), and the person is told by
    e-mail at each address of ``to`` (their own address when none is given: an old
    address too when it changed, so that a new one cannot hide it). Nobody acting (the
    HR system's import, commands) and the person's own login are not told."""
    from samtale.org import emails, signals

    if by is None or getattr(by, "pk", None) == person.user_id:
        return
    signals.access_changed.send(Person, person=person, by=by, what=describe_change(change, values))
    addresses = list(dict.fromkeys(a.strip().lower() for a in (*to, person.email) if a.strip()))
    emails.send_access_changed(person, change, values, by=by, to=addresses)


def login_changed(user: Any, *, by: Login, email_before: str, active_before: bool) -> None:
    """The login ``user`` was changed (the administration pages, *Brugere*): a new
    e-mail address (its user name: a password reset then goes there) or closed or
    reopened. The person whose login it is is told (``tell_of_change``), at the old
    address and the new."""
    person = Person.objects.filter(user=user).first()
    if person is None:
        return
    if user.email.lower() != email_before.lower():
        tell_of_change(
            person,
            "login_email",
            by=by,
            to=[email_before, user.email],
            old=email_before,
            new=user.email,
        )
    if bool(user.is_active) != active_before:
        tell_of_change(
            person,
            "login_opened" if user.is_active else "login_closed",
            by=by,
            login=user.email,
        )


@transaction.atomic
def change_email(person: Person, email: str, *, by: Login) -> Person:
    """Give a person another e-mail address. A person without a login gets one for this
    address when they ask for a new password (``ensure_user``), so a change by someone
    else is told at the old address as well as the new (``tell_of_change``)."""
    email = email.strip().lower()
    old = person.email
    if email == (old or "").strip().lower():
        return person
    person.email = email
    Person.objects.filter(pk=person.pk).update(email=email)
    tell_of_change(person, "email", by=by, to=[old, email], old=old or "-", new=email or "-")
    return person


@transaction.atomic
def unlink_login(person: Person, *, by: Login) -> Person:
    """Take the login away from a person. Told to the person (``tell_of_change``): with
    another address, a password reset would give them a new login there."""
    if person.user_id is None:
        return person
    login = type(person).objects.values_list("user__email", flat=True).get(pk=person.pk)
    tell_of_change(person, "login_removed", by=by, login=login or "")
    person.user = None
    Person.objects.filter(pk=person.pk).update(user=None)
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


def check_not_own_team_leader(
    team: Team, leader: Person | None, members: Iterable[Person], *, by: Person | None
) -> None:
    """Raise ``ValidationError`` when ``by`` giving ``team`` the leader ``leader`` and the
    members ``members`` would make ``by`` the leader of a member they did not lead
    before: a team's leader holds the team's GRUS and reads what the team prepares. The
    rule is ``makes_own_leader``: before, a member's leaders are their management line
    (and this team's leader if they were in it); after, this team's leader. A leader
    already above a member may lead them in a team too. ``code`` says which field:
    "own_team_leader" (the leader changed) or "own_team_members"."""
    if by is None or leader is None or leader.pk != by.pk:
        return
    old_leader = team.leader_id if team.pk else None
    old_members = set(team.members.values_list("pk", flat=True)) if team.pk else set()
    newly_led = [
        member
        for member in members
        if member.pk != by.pk
        and makes_own_leader(
            by.pk,
            [
                *ids_in_path(member.line_path)[:-1],
                *([old_leader] if old_leader and member.pk in old_members else []),
            ],
            [leader.pk],
        )
    ]
    if not newly_led:
        return
    names = ", ".join(member.name for member in newly_led)
    for member in newly_led:
        log_refused(f"making oneself a leader through team {team.pk}", by=by, whom=member)
    raise ValidationError(
        _(
            "%(actor)s cannot make themselves the leader of %(people)s through the team "
            "%(team)s: a team's leader holds its GRUS and reads what the team prepares. "
            "Someone else with the right (another administrator or HR) must make this change."
        )
        % {"actor": by.name, "people": names, "team": team.name},
        code="own_team_leader" if old_leader != by.pk else "own_team_members",
    )


def check_not_own_role(person: Person, *, by: Person | None) -> None:
    """Raise ``ValidationError`` when ``by`` (the acting person) would give ``person`` a
    role while being that person: nobody gives themselves HR, TR or AMR (a role decides
    what they may read)."""
    if by is None or person.pk != by.pk:
        return
    log_refused("granting oneself a role", by=by, whom=person)
    raise ValidationError(
        _(
            "%(actor)s cannot give themselves a role: a role (HR, TR, AMR) decides what "
            "they may read. Someone else with the right (another administrator) must give it."
        )
        % {"actor": by.name},
        code="own_role",
    )


def _role_values(grant: RoleGrant) -> dict[str, Any]:
    return {"role": Role(grant.role).label, "unit": grant.unit.name}


@transaction.atomic
def grant_role(person: Person, role: Role | str, unit: OrgUnit, *, by: Login = None) -> RoleGrant:
    """Give ``person`` the role for ``unit`` (and below). ``by``, the acting login, may not
    be the person's own (``check_not_own_role``); a new grant is told to the person."""
    check_not_own_role(person, by=acting_person(by))
    grant, created = RoleGrant.objects.get_or_create(person=person, role=role, unit=unit)
    if created:
        tell_of_change(person, "role_granted", by=by, **_role_values(grant))
    return grant


@transaction.atomic
def change_role_grant(
    grant: RoleGrant, *, person: Person, role: Role | str, unit: OrgUnit, by: Login = None
) -> RoleGrant:
    """Change a grant's person, role or unit: the role taken from whom had it and given
    to whom has it now, each told (``grant_role``'s rule)."""
    stored = RoleGrant.objects.select_related("person", "unit").get(pk=grant.pk)
    if (stored.person_id, stored.role, stored.unit_id) == (person.pk, role, unit.pk):
        return stored
    check_not_own_role(person, by=acting_person(by))
    grant.person, grant.role, grant.unit = person, role, unit
    grant.full_clean()
    grant.save()
    tell_of_change(stored.person, "role_removed", by=by, **_role_values(stored))
    tell_of_change(person, "role_granted", by=by, **_role_values(grant))
    return grant


@transaction.atomic
def remove_role(grant: RoleGrant, *, by: Login = None) -> None:
    """Take a role away; told to the person."""
    values = _role_values(grant)
    person = grant.person
    grant.delete()
    tell_of_change(person, "role_removed", by=by, **values)
