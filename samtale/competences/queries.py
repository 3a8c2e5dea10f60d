"""Reads: the catalogue in its order, the effective profile of a person, and the profiles
and future needs a viewer may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Length
from django.http import Http404

from samtale.competences import policy
from samtale.competences.models import (
    Competence,
    CompetenceCategory,
    CompetenceProfile,
    FutureNeed,
    ProfileRequirement,
)
from samtale.lib.paths import ids_in_path
from samtale.org.models import OrgUnit, Person, ProfessionalGroup
from samtale.org.policy import subtree_q

if TYPE_CHECKING:
    from samtale.org.viewer import Viewer


@dataclass
class EffectiveProfile:
    """The profile that holds for a person (None: their group has none) and its required
    levels in catalogue order (active competences only)."""

    profile: CompetenceProfile | None
    requirements: list[ProfileRequirement] = field(default_factory=list)

    @property
    def is_local(self) -> bool:
        return self.profile is not None and self.profile.unit_id is not None


def catalogue() -> list[tuple[CompetenceCategory, list[Competence]]]:
    """Every category with its competences (active and retired), in order: two queries."""
    competences: dict[int, list[Competence]] = {}
    for c in Competence.objects.order_by("order", "name", "pk"):
        competences.setdefault(c.category_id, []).append(c)
    return [(cat, competences.get(cat.pk, [])) for cat in CompetenceCategory.objects.all()]


def active_competences() -> list[Competence]:
    return list(Competence.objects.active().in_catalogue_order())


def holding_profile_q(person: Person) -> Q:
    """The profiles of the person's group that could hold for them: the group's own and
    the variants of their unit and the units above it."""
    own_or_below = Person.objects.filter(
        pk=person.pk, unit__path__startswith=OuterRef("unit__path")
    )
    return Q(group_id=person.professional_group_id) & (
        Q(unit__isnull=True) | Q(Exists(own_or_below))
    )


def _nearest(profiles: QuerySet[CompetenceProfile]) -> CompetenceProfile | None:
    """Of the profiles that could hold, the one of the nearest unit (the longest path);
    the group's own (no unit) last."""
    return (
        profiles.select_related("group", "unit")
        .order_by(Length("unit__path").desc(nulls_last=True))
        .first()
    )


def _requirements(profile: CompetenceProfile) -> list[ProfileRequirement]:
    return list(
        ProfileRequirement.objects.filter(profile=profile, competence__active=True)
        .select_related("competence__category")
        .order_by(
            "competence__category__order",
            "competence__category__name",
            "competence__order",
            "competence__name",
            "competence__pk",
        )
    )


def profile_at(group: ProfessionalGroup, unit: OrgUnit | None) -> EffectiveProfile:
    """The profile that holds for the group in a unit (None: the group's own): two
    queries."""
    q = Q(unit__isnull=True)
    if unit is not None:
        q |= Q(unit_id__in=ids_in_path(unit.path))
    profile = _nearest(CompetenceProfile.objects.filter(q, group=group))
    return EffectiveProfile(profile, _requirements(profile) if profile else [])


def profile_for(person: Person) -> EffectiveProfile:
    """The effective profile of a person: the variant of the nearest unit (their own, or
    the nearest above) if there is one, else their group's. Two queries, whatever the
    tree; none when the person has no professional group."""
    if person.professional_group_id is None:
        return EffectiveProfile(None)
    profile = _nearest(CompetenceProfile.objects.filter(holding_profile_q(person)))
    if profile is None:
        return EffectiveProfile(None)
    return EffectiveProfile(profile, _requirements(profile))


def profiles_for(viewer: Viewer) -> QuerySet[CompetenceProfile]:
    """The profiles the viewer sees on the profile pages: every group's own profile, and
    the variants of the units in their HR scope (administrators: all)."""
    if not policy.can_see_profiles(viewer):
        return CompetenceProfile.objects.none()
    q = Q() if viewer.is_admin else Q(unit__isnull=True) | subtree_q("unit__path", viewer.hr_paths)
    return (
        CompetenceProfile.objects.filter(q)
        .select_related("group", "unit")
        .order_by("group__name", Length("unit__path").asc(nulls_first=True), "unit__name")
    )


def profile_of(viewer: Viewer, pk: int) -> CompetenceProfile:
    """A profile the viewer may see, or 404."""
    profile = profiles_for(viewer).filter(pk=pk).first()
    if profile is None:
        raise Http404
    return profile


def units_for(viewer: Viewer) -> QuerySet[OrgUnit]:
    """The units whose variants and needs the viewer keeps, in tree order."""
    if viewer.is_admin:
        return OrgUnit.objects.order_by("path")
    return OrgUnit.objects.filter(subtree_q("path", viewer.hr_paths)).order_by("path")


def needs_for(viewer: Viewer) -> QuerySet[FutureNeed]:
    """The future needs of the units in the viewer's HR scope and those above them (the
    needs that hold for their area), for HR and administrators."""
    if not policy.can_see_profiles(viewer):
        return FutureNeed.objects.none()
    base = FutureNeed.objects.select_related("competence__category", "unit").order_by(
        "needed_within_years", "competence__name", "unit__path"
    )
    if viewer.is_admin:
        return base
    scopes = [p for p in viewer.hr_paths if p]
    above = Q(unit__pk__in=[int(i) for p in scopes for i in p.strip("/").split("/")])
    return base.filter(subtree_q("unit__path", viewer.hr_paths) | above)


def need_of(viewer: Viewer, pk: int) -> FutureNeed:
    """A future need the viewer keeps, or 404."""
    need = needs_for(viewer).filter(pk=pk).first()
    if need is None or not policy.can_keep_need(viewer, need.unit):
        raise Http404
    return need
