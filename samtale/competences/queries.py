"""Reads: the catalogue in its order, the effective profile of a person, the profiles
and future needs a viewer may see, the assessments and agreed levels of a MUS, and a
person's levels (current, with the gap to their profile, and history)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Case,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Length
from django.http import Http404

from samtale.competences import policy
from samtale.competences.models import (
    AgreedLevel,
    Competence,
    CompetenceCategory,
    CompetenceProfile,
    FutureNeed,
    ProfileRequirement,
)
from samtale.lib.jsonrows import json_rows, parsed
from samtale.lib.paths import ids_in_path
from samtale.org.models import OrgUnit, Person, ProfessionalGroup
from samtale.org.policy import subtree_q

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer
    from samtale.conversations.models import Conversation, SummaryVersion


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


# --- assessments and agreed levels --------------------------------------------------------

CATALOGUE_ORDER = (
    "competence__category__order",
    "competence__category__name",
    "competence__order",
    "competence__name",
    "competence__pk",
)


def _grid_levels(responses: list[int]) -> dict[int, dict[int, int]]:
    """The levels given in the catalogue grids (rated 1-4) of these responses: response id
    -> competence id -> level (one query)."""
    from samtale.questionnaires.grid import SOURCE_POINTS
    from samtale.questionnaires.models import Answer, QuestionType

    found: dict[int, dict[int, int]] = {pk: {} for pk in responses}
    answers = Answer.objects.filter(
        response_id__in=responses,
        question__type=QuestionType.COMPETENCE_GRID,
        question__options__source="catalogue",
    ).select_related("question")
    for answer in answers:
        if answer.question.points != SOURCE_POINTS or not isinstance(answer.value, dict):
            continue
        for key, level in answer.value.items():
            if key.startswith("c") and key[1:].isdigit() and isinstance(level, int):
                found[answer.response_id][int(key[1:])] = level
    return found


@dataclass
class Assessments:
    """What the two preparations of a MUS say about the person's competences: the
    employee's own (only once shared: ``shared``) and the leader's."""

    own: dict[int, int] = field(default_factory=dict)
    leader: dict[int, int] = field(default_factory=dict)
    own_shared: bool = False


def assessments_of(conversation: Conversation) -> Assessments:
    """The self-assessment (if the person has shared their preparation) and the leader's
    assessment in a MUS's preparations: two queries."""
    from samtale.conversations.models import Preparation

    preparations = list(
        Preparation.objects.filter(
            conversation=conversation,
            person_id__in=[conversation.person_id, conversation.leader_id],
        ).only("person_id", "response_id", "shared_at")
    )
    own = next(
        (
            p
            for p in preparations
            if p.person_id == conversation.person_id and p.shared_at is not None
        ),
        None,
    )
    leader = next((p for p in preparations if p.person_id == conversation.leader_id), None)
    levels = _grid_levels([p.response_id for p in (own, leader) if p is not None])
    return Assessments(
        own=levels[own.response_id] if own else {},
        leader=levels[leader.response_id] if leader else {},
        own_shared=own is not None,
    )


@dataclass
class LevelRow:
    """One competence on the summary page: the level the profile asks for, the two
    assessments and the level agreed in the latest version."""

    competence: Competence
    required: int | None = None
    own: int | None = None
    leader: int | None = None
    agreed: int | None = None

    @property
    def field_name(self) -> str:
        return f"level_{self.competence.grid_key}"


def level_rows(
    conversation: Conversation, latest: SummaryVersion | None
) -> tuple[list[LevelRow], Assessments]:
    """The rows of "Aftalte kompetenceniveauer": the competences of the person's profile,
    and any other competence assessed in the preparations or agreed in the latest version,
    in catalogue order."""
    assert conversation.person is not None
    profile = profile_for(conversation.person)
    assessments = assessments_of(conversation)
    agreed = (
        {r.competence_id: r.level for r in AgreedLevel.objects.filter(summary=latest)}
        if latest is not None
        else {}
    )
    rows = {r.competence_id: LevelRow(r.competence, required=r.level) for r in profile.requirements}
    others = (set(assessments.own) | set(assessments.leader) | set(agreed)) - set(rows)
    if others:
        for competence in Competence.objects.filter(pk__in=others).in_catalogue_order():
            rows[competence.pk] = LevelRow(competence)
    if not profile.requirements:
        ordered = sorted(
            rows.values(),
            key=lambda r: (
                r.competence.category.order,
                r.competence.category.name,
                r.competence.order,
                r.competence.name,
                r.competence.pk,
            ),
        )
    else:
        ordered = list(rows.values())
    for row in ordered:
        pk = row.competence.pk
        row.own, row.leader, row.agreed = (
            assessments.own.get(pk),
            assessments.leader.get(pk),
            agreed.get(pk),
        )
    return ordered, assessments


@dataclass
class PersonLevel:
    """A competence on "Mine kompetencer": required and current level, and the history."""

    competence: Competence
    required: int | None = None
    current: AgreedLevel | None = None
    history: list[AgreedLevel] = field(default_factory=list)

    @property
    def gap(self) -> int | None:
        """How far the agreed level is below the required one (None: not below, or not
        both known)."""
        if self.required is None or self.current is None:
            return None
        missing = self.required - self.current.level
        return missing if missing > 0 else None


def levels_of(person: Person) -> list[PersonLevel]:
    """The person's competences: those of their profile and those they have an accepted
    level in, each with its required level, the current agreed level and the earlier
    accepted ones (newest first). Three queries."""
    profile = profile_for(person)
    rows = {
        r.competence_id: PersonLevel(r.competence, required=r.level) for r in profile.requirements
    }
    accepted = (
        AgreedLevel.objects.filter(person=person, accepted_at__isnull=False)
        .select_related("competence__category", "summary__conversation__kind")
        .order_by(*CATALOGUE_ORDER, "-accepted_at", "-pk")
    )
    extra: list[PersonLevel] = []
    for level in accepted:
        row = rows.get(level.competence_id)
        if row is None:
            row = rows[level.competence_id] = PersonLevel(level.competence)
            extra.append(row)
        if level.current:
            row.current = level
        else:
            row.history.append(level)
    return [r for r in rows.values() if r not in extra] + extra


def agreed_levels_annotation() -> dict[str, Any]:
    """Each summary version's agreed levels as one JSON text (a list of objects: the
    competence's id ``c``, name ``n``, the level ``l`` and whether accepted ``a``), in
    any order (``agreed_levels_in`` puts them in catalogue order: not every database orders
    within an aggregate), computed in the versions' own query: the panel on the
    conversation page costs no query (``Panel.summary_annotations``)."""
    levels = json_rows(
        AgreedLevel.objects.filter(summary=OuterRef("pk")),
        c="competence_id",
        n="competence__name",
        co="competence__category__order",
        cn="competence__category__name",
        o="competence__order",
        l="level",
        a=Case(When(accepted_at__isnull=False, then=Value(1)), default=Value(0)),
    )
    return {AGREED_LEVELS_ANNOTATION: levels}


AGREED_LEVELS_ANNOTATION = "agreed_levels_json"


@dataclass(frozen=True)
class AgreedShown:
    competence_id: int
    name: str
    level: int
    accepted: bool


def agreed_levels_in(version: SummaryVersion) -> list[AgreedShown]:
    """A version's agreed levels, from the annotation when the version has it (no query),
    else read."""
    if hasattr(version, AGREED_LEVELS_ANNOTATION):
        found = parsed(getattr(version, AGREED_LEVELS_ANNOTATION))
        found.sort(key=lambda o: (o["co"], o["cn"], o["o"], o["n"], o["c"]))
        return [AgreedShown(int(o["c"]), str(o["n"]), int(o["l"]), bool(o["a"])) for o in found]
    return [
        AgreedShown(r.competence_id, r.competence.name, r.level, r.accepted_at is not None)
        for r in AgreedLevel.objects.filter(summary=version)
        .select_related("competence")
        .order_by(*CATALOGUE_ORDER)
    ]
