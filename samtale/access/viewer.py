"""The viewer: who is asking. Built once per request from the organisation's data.

Domain apps write their rules against this object (see each app's ``policy.py``); this
module knows nothing of conversations or plans.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import CharField, Exists, F, OuterRef, StringAgg, Subquery, Value
from django.db.models.functions import Concat

from samtale.lib.prepared import Prepared
from samtale.org.models import Person, Role, RoleGrant

if TYPE_CHECKING:
    from samtale.access.models import User


@dataclass(frozen=True, eq=False)
class Viewer:
    user: User | None = None
    person: Person | None = None
    is_admin: bool = False
    leads_anyone: bool = False
    hr_paths: tuple[str, ...] = field(default_factory=tuple)
    tr_paths: tuple[str, ...] = field(default_factory=tuple)
    amr_paths: tuple[str, ...] = field(default_factory=tuple)

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None and self.user.is_active

    @property
    def is_hr(self) -> bool:
        return bool(self.hr_paths)

    @property
    def is_representative(self) -> bool:
        return bool(self.tr_paths or self.amr_paths)

    @property
    def is_chief(self) -> bool:
        """Leads leaders (a chief, or an external board chair)."""
        return bool(getattr(self.person, "leads_leaders", False))

    def __repr__(self) -> str:
        who = self.person or self.user or "anonymous"
        return f"<Viewer {who}>"


ANONYMOUS = Viewer()

# Grants are read with the person, as one string "role:path;role:path" (role codes and
# unit paths hold neither ":" nor ";"), so that building the viewer is one query.
_GRANT_SEPARATOR = ";"


def _people() -> Any:
    reports = Person.objects.filter(manager=OuterRef("pk"))
    grants = (
        RoleGrant.objects.filter(person=OuterRef("pk"))
        .order_by()
        .values("person")
        .annotate(
            all=StringAgg(
                Concat(F("role"), Value(":"), F("unit__path")),
                delimiter=Value(_GRANT_SEPARATOR),
            )
        )
        .values("all")
    )
    return Person.objects.select_related("unit", "manager").annotate(
        leads_anyone=Exists(reports),
        leads_leaders=Exists(reports.filter(Exists(Person.objects.filter(manager=OuterRef("pk"))))),
        grant_list=Subquery(grants, output_field=CharField()),
    )


def _viewer(user: Any, person: Person | None, *, is_admin: bool) -> Viewer:
    found: dict[str, list[str]] = {Role.HR: [], Role.TR: [], Role.AMR: []}
    for grant in (getattr(person, "grant_list", None) or "").split(_GRANT_SEPARATOR):
        role, _sep, path = grant.partition(":")
        if role in found and path:
            found[role].append(path)
    return Viewer(
        user=user,
        person=person,
        is_admin=is_admin,
        leads_anyone=bool(getattr(person, "leads_anyone", False)),
        hr_paths=tuple(sorted(found[Role.HR])),
        tr_paths=tuple(sorted(found[Role.TR])),
        amr_paths=tuple(sorted(found[Role.AMR])),
    )


# Set on a user by ``remember_person``: their person as ``_people()`` reads it (or None).
_PERSON_READ = "_samtale_viewer_person"


# Asked on every request: built and compiled once per process (samtale.lib.prepared).
# A login has at most one person (Person.user is one-to-one).
_person_of_user = Prepared(lambda user_id: _people().select_related("user").filter(user_id=user_id))


def person_of_user(user_id: Any) -> Person | None:
    """The person of the login with this id, with the login and everything the viewer
    needs: one query (``samtale.access.backends.ViewerBackend`` loads each request's
    user this way)."""
    try:
        key = int(user_id)
    except (TypeError, ValueError):
        return None
    found = _person_of_user(key)
    return found[0] if found else None


def remember_person(user: Any, person: Person | None) -> None:
    """Keep the person read with the user, so that ``viewer_for`` asks nothing more."""
    setattr(user, _PERSON_READ, person)
    if person is not None:
        user.person = person  # fills the reverse relation's cache: no query for user.person


def viewer_for(user: Any) -> Viewer:
    """Build the viewer for a user (or AnonymousUser): one query, none when the user was
    loaded with their person (``remember_person``)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    if hasattr(user, _PERSON_READ):
        person = getattr(user, _PERSON_READ)
    else:
        person = _people().filter(user=user).first()
        if person is not None:
            user.person = person  # fills the reverse relation's cache: no query for it
    return _viewer(user, person, is_admin=bool(user.is_staff and user.is_superuser))


def acting_as(person: Person) -> Viewer:
    """The viewer for a person acting without a request (the demo, a command, a test):
    their login if they have one (never an administrator's powers), their scopes from the
    organisation's data. One query."""
    found = _people().select_related("user").filter(pk=person.pk).first()
    if found is None:
        raise ValueError(f"No person with id {person.pk}")
    return _viewer(found.user, found, is_admin=False)
