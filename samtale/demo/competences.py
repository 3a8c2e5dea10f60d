"""The benchmark's competences: profiles for the professional groups (with a few local
variants) and agreed levels for everyone whose MUS summary was shared, bulk-inserted.

SYNTHETIC DATA: rows written directly, for benchmarks (``bench/bench_competences.py``).
"""

from __future__ import annotations

import random

from django.db import transaction
from django.db.models import Max

from samtale.competences.gaps import Profiles
from samtale.competences.models import (
    AgreedLevel,
    Competence,
    CompetenceProfile,
    ProfileRequirement,
)
from samtale.conversations.models import SummaryVersion
from samtale.org.models import OrgUnit, Person, ProfessionalGroup

LEADER_GROUP = "Leder"
VARIANTS = 12  # local variants, on units of the second level of the tree


def seed_profiles(seed: int = 2024) -> int:
    """A profile for every professional group without one: eight competences of the
    catalogue (leaders: the leadership category among them) at levels 2-4, and local
    variants for a few units. Returns the number of profiles made."""
    rng = random.Random(seed)
    competences = list(Competence.objects.active().in_catalogue_order())
    if not competences:
        return 0
    have = set(CompetenceProfile.objects.values_list("group_id", flat=True))
    made = 0
    with transaction.atomic():
        for group in ProfessionalGroup.objects.exclude(pk__in=have).order_by("pk"):
            chosen = rng.sample(competences, min(8, len(competences)))
            if group.name == LEADER_GROUP:
                leading = [
                    c
                    for c in competences
                    if c.category.order == max(x.category.order for x in competences)
                ]
                chosen = list(dict.fromkeys([*leading, *chosen]))[:8]
            profile = CompetenceProfile.objects.create(group=group)
            ProfileRequirement.objects.bulk_create(
                ProfileRequirement(profile=profile, competence=c, level=rng.choice((2, 3, 3, 4)))
                for c in chosen
            )
            made += 1
        units = list(OrgUnit.objects.filter(path__regex=r"^/\d+/\d+/\d+/$").order_by("path"))
        for unit in rng.sample(units, min(VARIANTS, len(units))):
            base = CompetenceProfile.objects.filter(unit__isnull=True).order_by("?").first()
            if (
                base is None
                or CompetenceProfile.objects.filter(group=base.group, unit=unit).exists()
            ):
                continue
            variant = CompetenceProfile.objects.create(group=base.group, unit=unit)
            ProfileRequirement.objects.bulk_create(
                ProfileRequirement(
                    profile=variant, competence_id=r.competence_id, level=min(4, r.level + 1)
                )
                for r in base.requirements.all()
            )
            made += 1
    return made


def seed_agreed_levels(seed: int = 2024, batch: int = 5000) -> int:
    """Current agreed levels for every active person with a profile and a shared summary
    of a conversation about them, and none yet: each requirement of their profile at a
    level around the required one (one in ten not assessed). Returns the rows made."""
    rng = random.Random(seed)
    profiles = Profiles()
    latest = (
        SummaryVersion.objects.filter(shared_at__isnull=False, conversation__person__isnull=False)
        .values("conversation__person_id")
        .annotate(last=Max("pk"))
    )
    summary_of = {row["conversation__person_id"]: row["last"] for row in latest}
    done = set(AgreedLevel.objects.values_list("person_id", flat=True).distinct())
    shared = dict(
        SummaryVersion.objects.filter(pk__in=summary_of.values()).values_list("pk", "shared_at")
    )
    people = (
        Person.objects.active()
        .filter(pk__in=list(summary_of), professional_group__isnull=False)
        .exclude(pk__in=done)
        .values_list("pk", "professional_group_id", "unit__path")
        .order_by("pk")
    )
    rows: list[AgreedLevel] = []
    made = 0
    for pk, group_id, path in people.iterator(chunk_size=batch):
        profile = profiles.holding(group_id, path or "")
        summary = summary_of[pk]
        when = shared[summary]
        if when is None:
            continue
        for competence_id, required in profiles.requirements.get(profile or 0, {}).items():
            if rng.random() < 0.1:
                continue
            level = max(1, min(4, required + rng.choice((-2, -1, -1, 0, 0, 0, 1))))
            rows.append(
                AgreedLevel(
                    person_id=pk,
                    competence_id=competence_id,
                    level=level,
                    summary_id=summary,
                    agreed_on=when.date(),
                    accepted_at=when,
                    current=True,
                )
            )
        if len(rows) >= batch:
            AgreedLevel.objects.bulk_create(rows)
            made += len(rows)
            rows.clear()
    if rows:
        AgreedLevel.objects.bulk_create(rows)
        made += len(rows)
    return made
