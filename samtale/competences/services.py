"""Every change to the catalogue, the profiles and the future needs. Each takes the
actor (``by=``, a viewer) and asks the policy again; a refusal is ``PermissionDenied``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samtale.competences import policy
from samtale.competences.models import (
    LEVELS,
    Competence,
    CompetenceCategory,
    CompetenceProfile,
    FutureNeed,
    ProfileRequirement,
)

if TYPE_CHECKING:
    from samtale.org.models import OrgUnit, ProfessionalGroup
    from samtale.org.viewer import Viewer

COMPETENCE_FIELDS = (
    "category",
    "name",
    "description",
    "level_1",
    "level_2",
    "level_3",
    "level_4",
    "order",
)
NEED_FIELDS = ("competence", "unit", "level", "needed_within_years", "note")


def _keeper(by: Viewer) -> None:
    if not policy.can_keep_catalogue(by):
        raise PermissionDenied(_("Only HR for the whole organisation and administrators do this."))


def _save(obj: Any) -> Any:
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def add_category(*, by: Viewer, name: str, description: str = "") -> CompetenceCategory:
    _keeper(by)
    last = CompetenceCategory.objects.order_by("-order").values_list("order", flat=True).first()
    return _save(CompetenceCategory(name=name, description=description, order=(last or 0) + 1))


@transaction.atomic
def change_category(
    category: CompetenceCategory, *, by: Viewer, name: str, description: str = ""
) -> CompetenceCategory:
    _keeper(by)
    category.name, category.description = name, description
    return _save(category)


@transaction.atomic
def move_category(category: CompetenceCategory, *, by: Viewer, up: bool) -> None:
    """Swap the category with its neighbour above (``up``) or below in the catalogue's
    order; at the top or the bottom nothing changes. The order is renumbered 1, 2, ...
    so that categories of equal order get a place of their own."""
    _keeper(by)
    categories = list(CompetenceCategory.objects.select_for_update().order_by("order", "name"))
    at = next(i for i, c in enumerate(categories) if c.pk == category.pk)
    other = at - 1 if up else at + 1
    if 0 <= other < len(categories):
        categories[at], categories[other] = categories[other], categories[at]
    for number, each in enumerate(categories, start=1):
        each.order = number
    CompetenceCategory.objects.bulk_update(categories, ["order"])


@transaction.atomic
def add_competence(*, by: Viewer, **data: Any) -> Competence:
    _keeper(by)
    unknown = set(data) - set(COMPETENCE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    return _save(Competence(**data))


@transaction.atomic
def change_competence(competence: Competence, *, by: Viewer, **data: Any) -> Competence:
    _keeper(by)
    for name, value in data.items():
        if name not in COMPETENCE_FIELDS:
            raise TypeError(f"Unknown field: {name}")
        setattr(competence, name, value)
    return _save(competence)


@transaction.atomic
def set_active(competence: Competence, active: bool, *, by: Viewer) -> Competence:
    """Retire a competence (it leaves the grids and the profiles' lists; what was
    recorded about it stays) or take it into use again."""
    _keeper(by)
    competence.active = active
    competence.save(update_fields=["active"])
    return competence


@transaction.atomic
def set_profile(
    group: ProfessionalGroup,
    unit: OrgUnit | None,
    levels: Mapping[int, int | None],
    *,
    by: Viewer,
) -> CompetenceProfile:
    """Set the required levels of a group's profile (``unit`` None) or of its variant for
    a unit, made if it does not exist yet. ``levels`` maps competence ids to a level 1–4,
    or None for "not required"; competences not named keep their level."""
    if not policy.can_keep_profile(by, unit):
        raise PermissionDenied(_("You cannot change this profile."))
    bad = [level for level in levels.values() if level is not None and level not in LEVELS]
    if bad:
        raise ValidationError(_("A required level is 1, 2, 3 or 4."))
    known = set(Competence.objects.filter(pk__in=list(levels)).values_list("pk", flat=True))
    if known != set(levels):
        raise ValidationError(_("Unknown competence."))
    profile, _created = CompetenceProfile.objects.get_or_create(group=group, unit=unit)
    ProfileRequirement.objects.filter(
        profile=profile, competence_id__in=[pk for pk, level in levels.items() if level is None]
    ).delete()
    wanted = {pk: level for pk, level in levels.items() if level is not None}
    existing = {r.competence_id: r for r in ProfileRequirement.objects.filter(profile=profile)}
    changed = []
    for pk, level in wanted.items():
        if pk in existing and existing[pk].level != level:
            existing[pk].level = level
            changed.append(existing[pk])
    ProfileRequirement.objects.bulk_update(changed, ["level"])
    ProfileRequirement.objects.bulk_create(
        ProfileRequirement(profile=profile, competence_id=pk, level=level)
        for pk, level in wanted.items()
        if pk not in existing
    )
    profile.save(update_fields=["updated"])
    return profile


@transaction.atomic
def remove_profile(profile: CompetenceProfile, *, by: Viewer) -> None:
    """Remove a profile: a unit's variant (the profile above holds again there) or a
    group's own."""
    if not policy.can_keep_profile(by, profile.unit):
        raise PermissionDenied(_("You cannot change this profile."))
    profile.delete()


@transaction.atomic
def add_need(*, by: Viewer, **data: Any) -> FutureNeed:
    if not policy.can_keep_need(by, data["unit"]):
        raise PermissionDenied(_("You cannot keep the needs of this unit."))
    need = FutureNeed(created_by=by.person, **{k: v for k, v in data.items() if k in NEED_FIELDS})
    return _save(need)


@transaction.atomic
def change_need(need: FutureNeed, *, by: Viewer, **data: Any) -> FutureNeed:
    if not policy.can_keep_need(by, need.unit):
        raise PermissionDenied(_("You cannot keep the needs of this unit."))
    for name, value in data.items():
        if name not in NEED_FIELDS:
            raise TypeError(f"Unknown field: {name}")
        setattr(need, name, value)
    if not policy.can_keep_need(by, need.unit):
        raise PermissionDenied(_("You cannot keep the needs of this unit."))
    return _save(need)


@transaction.atomic
def remove_need(need: FutureNeed, *, by: Viewer) -> None:
    if not policy.can_keep_need(by, need.unit):
        raise PermissionDenied(_("You cannot keep the needs of this unit."))
    need.delete()
