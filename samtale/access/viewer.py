"""The viewer: who is asking. Built once per request from the organisation's data.

Domain apps write their rules against this object (see each app's ``policy.py``); this
module knows nothing of conversations or plans.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef

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


def viewer_for(user: Any) -> Viewer:
    """Build the viewer for a user (or AnonymousUser): two queries."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    reports = Person.objects.filter(manager=OuterRef("pk"))
    person = (
        Person.objects.select_related("unit", "manager")
        .annotate(
            leads_anyone=Exists(reports),
            leads_leaders=Exists(
                reports.filter(Exists(Person.objects.filter(manager=OuterRef("pk"))))
            ),
        )
        .filter(user=user)
        .first()
    )
    grants: dict[str, list[str]] = {Role.HR: [], Role.TR: [], Role.AMR: []}
    if person is not None:
        user.person = person  # fills the reverse relation's cache: no query for user.person
        for role, path in RoleGrant.objects.filter(person=person).values_list("role", "unit__path"):
            grants[role].append(path)
    return Viewer(
        user=user,
        person=person,
        is_admin=bool(user.is_staff and user.is_superuser),
        leads_anyone=bool(getattr(person, "leads_anyone", False)),
        hr_paths=tuple(sorted(grants[Role.HR])),
        tr_paths=tuple(sorted(grants[Role.TR])),
        amr_paths=tuple(sorted(grants[Role.AMR])),
    )
