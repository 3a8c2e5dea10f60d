"""The demo's competence profiles and future needs, set by HR through the services HR
uses (``samtale.competences.services``): a profile for every professional group of the
demo, Børnehuset Solsikken's local variant for its pædagoger (the house works with
language), and the needs the kommune and Børn og Unge foresee.

``tell_competences()`` runs with the story (``builder.build``); it changes nothing when
the profiles are there already.

``seed_profiles()`` and ``seed_agreed_levels()`` are for the benchmark's organisation
(SYNTHETIC DATA: rows written directly, ``bench/bench_competences.py``)."""

from __future__ import annotations

import random

from django.db import transaction
from django.db.models import Max

from samtale.competences import services
from samtale.competences.gaps import Profiles
from samtale.competences.models import (
    AgreedLevel,
    Competence,
    CompetenceProfile,
    FutureNeed,
    ProfileRequirement,
)
from samtale.conversations.models import SummaryVersion
from samtale.demo.conversations import _actor, _persona
from samtale.org.models import OrgUnit, Person, ProfessionalGroup

# Required levels by competence name (the default catalogue's names).
CORE = {
    "Faglig viden": 3,
    "Borger- og brugerfokus": 3,
    "Ansvarlighed": 3,
    "Samarbejde": 3,
    "Kommunikation": 2,
}
CARE = CORE | {"Kvalitet og dokumentation": 3, "Lovgivning og regler": 2, "Relationer og empati": 3}
CHILDREN = CORE | {"Relationer og empati": 3, "Konflikthåndtering": 2, "Læring og refleksion": 2}
SUPPORT = {"Faglig viden": 2, "Ansvarlighed": 3, "Samarbejde": 2, "Planlægning og struktur": 2}
OFFICE = CORE | {"Digitale kompetencer": 3, "Lovgivning og regler": 3, "Planlægning og struktur": 3}


def _profiles() -> dict[str, dict[str, int]]:
    from samtale.demo import builder as org  # builder calls this module

    return {
        org.LAERER: CHILDREN | {"Planlægning og struktur": 3, "Digitale kompetencer": 2},
        org.PAED: CHILDREN | {"Kvalitet og dokumentation": 2},
        org.PMH: SUPPORT | {"Relationer og empati": 2},
        org.PA: CHILDREN | {"Faglig viden": 2},
        org.SSH: CARE | {"Faglig viden": 2, "Lovgivning og regler": 1},
        org.SSA: CARE | {"Digitale kompetencer": 2},
        org.SYG: CARE
        | {"Faglig viden": 4, "Kvalitet og dokumentation": 4, "Videndeling og sparring": 3},
        org.ERGO: CARE | {"Videndeling og sparring": 3},
        org.FYS: CARE | {"Videndeling og sparring": 3},
        org.PSYK: CORE | {"Faglig viden": 4, "Konflikthåndtering": 3, "Læring og refleksion": 3},
        org.ADM: OFFICE,
        org.LEDER: {
            "Faglig viden": 3,
            "Lovgivning og regler": 3,
            "Kommunikation": 3,
            "Konflikthåndtering": 3,
            "Personaleledelse": 3,
            "Strategisk ledelse": 2,
            "Forandringsledelse": 3,
            "Økonomi og ressourcer": 3,
            "Arbejdsmiljø og trivsel": 3,
        },
        org.BIB: OFFICE | {"Videndeling og sparring": 2},
        org.KULT: CORE | {"Initiativ og engagement": 3},
        org.MUSIK: CHILDREN,
        org.TEK: SUPPORT | {"Lovgivning og regler": 2},
        org.VEJ: SUPPORT,
        org.REN: SUPPORT | {"Kvalitet og dokumentation": 2},
        org.KOK: SUPPORT | {"Kvalitet og dokumentation": 3, "Lovgivning og regler": 2},
    }


# Solsikken works with language: its pædagoger are asked for more (on top of the
# group's profile).
VARIANT = ("Børnehuset Solsikken", "Pædagog", {"Kommunikation": 3, "Læring og refleksion": 3})
# (unit, competence, level, within years, why)
NEEDS: tuple[tuple[str, str, int, int, str], ...] = (
    (
        "Eksempel Kommune",
        "Digitale kompetencer",
        3,
        2,
        "Flere borgerrettede opgaver bliver digitale, og velfærdsteknologi kommer ind i "
        "pleje og undervisning.",
    ),
    (
        "Eksempel Kommune",
        "Omstillingsparathed",
        3,
        3,
        "Opgaverne flytter mellem forvaltningerne, og der bliver færre hænder.",
    ),
    (
        "Børn og Unge",
        "Relationer og empati",
        4,
        2,
        "Den nye pædagogiske læreplan og flere børn med særlige behov i almindelige grupper.",
    ),
    (
        "Dagtilbud Nord",
        "Kommunikation",
        3,
        1,
        "Sprogindsatsen for de 0-3-årige starter til august.",
    ),
)


def tell_competences() -> int:
    """Set the profiles, the variant and the needs; returns how many profiles were set
    (0 when they were there already, or HR for the kommune is not in the organisation)."""
    hr = _persona("hr_kommune")
    if hr is None or CompetenceProfile.objects.exists():
        return 0
    by = _actor(hr)
    profiles = _profiles()
    competences = dict(Competence.objects.values_list("name", "pk"))
    groups = {g.name: g for g in ProfessionalGroup.objects.filter(name__in=list(profiles))}
    units = {
        u.name: u for u in OrgUnit.objects.filter(name__in=[VARIANT[0], *(n[0] for n in NEEDS)])
    }
    made = 0
    for name, levels in profiles.items():
        if name in groups:
            wanted = {competences[c]: level for c, level in levels.items() if c in competences}
            services.set_profile(groups[name], None, wanted, by=by)
            made += 1
    unit_name, group_name, more = VARIANT
    if unit_name in units and group_name in groups:
        # A variant holds instead of the group's profile: it starts from its levels.
        levels = profiles[group_name] | more
        wanted = {competences[c]: level for c, level in levels.items() if c in competences}
        services.set_profile(groups[group_name], units[unit_name], wanted, by=by)
        made += 1
    for unit_name, competence, level, years, note in NEEDS:
        if unit_name in units and competence in competences:
            services.add_need(
                by=by,
                competence=Competence.objects.get(pk=competences[competence]),
                unit=units[unit_name],
                level=level,
                needed_within_years=years,
                note=note,
            )
    return made


def delete_all() -> None:
    """Remove the profiles and the needs (``seed --reset``); the catalogue stays."""
    FutureNeed.objects.all().delete()
    CompetenceProfile.objects.all().delete()


# SYNTHETIC DATA: rows written directly, for benchmarks.
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
