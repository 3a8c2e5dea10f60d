"""SCIM's reads and writes of people.

A write is one row of a people file: it goes through the import's checks and is applied
by the import (``samtale.org.importing.import_table``), so a SCIM change follows exactly
the import's rules (a known unit, no circle of leaders, dates in order, a free login
e-mail, ...). Deactivation (``active: false``) is an end date, as a leaver in the file
is: whatever follows from leaving follows from it. Every write is kept as a
``ScimChange`` under the token's name; a change of leader also as ``LeaderChange``.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from scim2_models import Meta, ScimFilter
from scim2_models.path.expressions import (
    CompareOperator,
    Comparison,
    FilterNode,
    LogicalExpr,
    LogicalOperator,
)

from samtale.lib.tabular import Row, Table
from samtale.org import importing
from samtale.org import services as org
from samtale.org.models import LeaderChange, Person
from samtale.scim.models import ScimChange, ScimIdentity, ScimToken
from samtale.scim.schema import ScimEmail, ScimEnterpriseUser, ScimManager, ScimUser

# The import's columns a SCIM user fills, and the SCIM attribute each comes from (for
# the import's messages about a column).
COLUMNS = {
    "employee_number": "employeeNumber",
    "name": "displayName",
    "email": "emails",
    "unit_code": "department",
    "manager_employee_number": "manager",
    "job_title": "title",
    "end_date": "active",
}


class Refused(Exception):
    """The request cannot be carried out; ``status`` and ``scim_type`` as RFC 7644
    §3.12 names them, ``detail`` in the active language."""

    def __init__(self, detail: str, *, status: int = 400, scim_type: str | None = None):
        super().__init__(detail)
        self.detail = detail
        self.status = status
        self.scim_type = scim_type


# --- reading ---------------------------------------------------------------------------


def people() -> QuerySet[Person]:
    """Everyone SCIM sees: people with an employee number (employees, leavers too),
    with the user name SCIM knows them by (their SCIM identity, else their e-mail)."""
    return (
        Person.objects.filter(employee_number__isnull=False)
        .exclude(scim__deleted_at__isnull=False)
        .select_related("unit", "manager", "scim")
        .annotate(
            scim_user_name=Lower(
                Coalesce("scim__user_name", "email", output_field=models.CharField())
            )
        )
        .order_by("pk")
    )


_FIELDS = {
    ("", "username"): ("scim_user_name", True),
    ("", "externalid"): ("scim__external_id", False),
    ("", "displayname"): ("name", True),
    ("", "id"): ("pk", False),
    ("enterprise", "employeenumber"): ("employee_number", False),
    ("enterprise", "department"): ("unit__code", False),
}


def _q(node: FilterNode) -> Q:
    if isinstance(node, LogicalExpr):
        qs = [_q(term) for term in node.terms]
        combined = qs[0]
        for q in qs[1:]:
            combined = combined & q if node.op == LogicalOperator.and_ else combined | q
        return combined
    if isinstance(node, Comparison) and node.op == CompareOperator.eq:
        path = node.attr_path
        schema = "enterprise" if path.uri and "enterprise" in path.uri else ""
        name = path.attr.lower() + (f".{path.sub_attr.lower()}" if path.sub_attr else "")
        if name == "emails.value" or (name == "emails" and not schema):
            return Q(email__iexact=str(node.value))
        found = _FIELDS.get((schema, name))
        if found is not None:
            field, fold = found
            value = str(node.value)
            if field == "pk" and not value.isdigit():
                return Q(pk__in=[])
            return Q(**{field: value.lower() if fold else value})
    raise Refused(
        _(
            "Only eq (joined by and or or) on userName, externalId, displayName, emails, "
            "employeeNumber and department can be filtered on."
        ),
        scim_type="invalidFilter",
    )


def filtered(query: str) -> QuerySet[Person]:
    try:
        node = ScimFilter(query).ast
    except Exception as error:  # the library's own parse errors
        raise Refused(str(error), scim_type="invalidFilter") from error
    return people().filter(_q(node))


def user_of(person: Person, base: str) -> ScimUser:
    """The person as a SCIM user; ``base`` is the address of ``/scim/v2``."""
    identity: ScimIdentity | None = getattr(person, "scim", None)
    manager = None
    if person.manager_id is not None:
        manager = ScimManager.model_validate(
            {"value": str(person.manager_id), "$ref": f"{base}/Users/{person.manager_id}"}
        )
    user = ScimUser(
        id=str(person.pk),
        external_id=(identity.external_id or None) if identity else None,
        user_name=identity.user_name if identity else (person.email or person.employee_number),
        display_name=person.name,
        title=person.job_title or None,
        active=person.is_active,
        emails=[ScimEmail(value=person.email, type="work")] if person.email else None,
        meta=Meta(resource_type="User", location=f"{base}/Users/{person.pk}"),
    )
    user[ScimEnterpriseUser] = ScimEnterpriseUser(
        employee_number=person.employee_number,
        department=person.unit.code if person.unit else None,
        manager=manager,
    )
    return user


def person_of(pk: str) -> Person:
    person = people().filter(pk=int(pk)).first() if pk.isdigit() else None
    if person is None:
        raise Refused(_("No such user."), status=404)
    return person


# --- writing ---------------------------------------------------------------------------


def _end_date(user: ScimUser, person: Person | None) -> str:
    """``active`` as an end date: false ends the employment yesterday (unless it has
    already ended), true keeps a future end date and clears a past one."""
    today = timezone.localdate()
    end = person.end_date if person else None
    if user.active is False:
        if end is not None and end < today:
            return end.isoformat()
        day = today - datetime.timedelta(days=1)
        if person is not None and person.start_date and person.start_date > day:
            day = person.start_date
        return day.isoformat()
    if end is not None and end >= today:
        return end.isoformat()
    return ""


def _manager_number(user: ScimUser, person: Person | None) -> str:
    """The leader's employee number for the import's leader column. An external leader
    (a board chair: no employee number) the person already has is kept as the import
    keeps one: with an empty cell."""
    extension = user[ScimEnterpriseUser]
    manager = extension.manager if extension else None
    if manager is None or not manager.value:
        return ""
    if person is not None and manager.value == str(person.manager_id):
        kept = person.manager
        if kept is not None and not kept.employee_number:
            return ""
    number = (
        Person.objects.filter(pk=int(manager.value))
        .values_list("employee_number", flat=True)
        .first()
        if manager.value.isdigit()
        else None
    )
    if not number:
        raise Refused(
            _("The manager %(id)s is not a user Samtale knows.") % {"id": manager.value},
            scim_type="invalidValue",
        )
    return number


def _row(user: ScimUser, person: Person | None) -> dict[str, str]:
    extension = user[ScimEnterpriseUser]
    number = (extension.employee_number if extension else None) or ""
    email = next((e.value for e in user.emails or [] if e.value), "")
    return {
        "employee_number": number,
        "name": user.display_name or "",
        "email": email,
        "unit_code": (extension.department if extension else None) or "",
        "manager_employee_number": _manager_number(user, person),
        "job_title": user.title or "",
        "end_date": _end_date(user, person),
    }


def _table(values: dict[str, str]) -> Table:
    header = list(COLUMNS)
    return Table(header=header, raw_header=header, rows=[Row(2, [values[c] for c in header])])


def _problems(result: importing.Result) -> str:
    return " ".join(
        f"{COLUMNS.get(p.column, p.column)}: {p.message}" if p.column else p.message
        for p in result.problems
    )


def _keep_identity(person: Person, user: ScimUser) -> None:
    user_name = (user.user_name or "").strip()
    clash = ScimIdentity.objects.filter(user_name__iexact=user_name).exclude(person=person)
    if clash.exists():
        raise Refused(_("Another user has this userName."), status=409, scim_type="uniqueness")
    try:
        with transaction.atomic():
            ScimIdentity.objects.update_or_create(
                person=person,
                defaults={
                    "user_name": user_name,
                    "external_id": user.external_id or "",
                    "deleted_at": None,
                },
            )
    except IntegrityError as error:
        raise Refused(
            _("Another user has this userName."), status=409, scim_type="uniqueness"
        ) from error


@transaction.atomic
def write(user: ScimUser, *, person: Person | None, token: ScimToken) -> Person:
    """Create (``person`` None) or replace a person from a SCIM user, through the import.
    A new user whose employee number Samtale already has (from the import) takes over
    that person, unless another SCIM user has it."""
    if not (user.user_name or "").strip():
        raise Refused(_("userName is required."), scim_type="invalidValue")
    values = _row(user, person)
    if person is None and values["employee_number"]:
        existing = Person.objects.filter(employee_number=values["employee_number"]).first()
        if existing is not None:
            if ScimIdentity.objects.filter(person=existing, deleted_at__isnull=True).exists():
                raise Refused(
                    _("Another user has this employee number."),
                    status=409,
                    scim_type="uniqueness",
                )
            person = existing
            values["end_date"] = _end_date(user, person)
    was_active = person.is_active if person else True
    if person is not None and values["employee_number"] != person.employee_number:
        try:
            org.change_employee_number(person, values["employee_number"])
        except ValidationError as error:
            raise Refused(" ".join(error.messages), status=409, scim_type="uniqueness") from error
    # A token acts for the person who made it: it cannot make them anyone's leader
    # (``org.services.makes_own_leader``), as the import page cannot.
    result = importing.import_table(
        importing.PEOPLE, _table(values), source=LeaderChange.Source.SCIM, by=token.created_by
    )
    if not result.ok:
        raise Refused(_problems(result), scim_type="invalidValue")
    saved = Person.objects.get(employee_number=values["employee_number"])
    _keep_identity(saved, user)
    plan = result.plan
    fields = ", ".join(str(f) for change in (plan.changes if plan else []) for f in change.fields)
    if person is None:
        action = ScimChange.Action.CREATE
    elif was_active and user.active is False:
        action = ScimChange.Action.DEACTIVATE
    else:
        action = ScimChange.Action.REPLACE
    ScimChange.objects.create(
        token=token, token_name=token.name, person=saved, action=action, fields=fields[:500]
    )
    return saved


@transaction.atomic
def delete(person: Person, *, token: ScimToken) -> None:
    """DELETE: Samtale never deletes a person. The employment ends (as with ``active:
    false``) and SCIM stops finding the person; the identity system's deactivation
    (``active: false``) is the usual way, and keeps the user visible."""
    user = user_of(person, "")
    user.active = False
    write(user, person=person, token=token)
    ScimIdentity.objects.filter(person=person).update(deleted_at=timezone.now())
