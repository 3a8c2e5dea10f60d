"""The demo organisation "Eksempel Kommune" and the scale generator, one module for both.

``make_plan(people=..., seed=...)`` draws the organisation as plain data (no database):
kommune -> 3 forvaltninger -> areas -> institutions -> departments, with leaders and
chiefs, staff in every professional group, teams, role grants and the named personas.
The same seed and size always give the same plan.

``write_plan(plan)`` puts a plan into an empty database with bulk inserts, top-down
level by level, then lets ``samtale.org.services`` compute both materialised paths once.
That is what makes 50,000 people take seconds instead of minutes.

``samtale demo`` (about 400 people) and ``samtale seed --people N`` both call ``build``.
Conversations come from ``samtale.demo.conversations``: the demo's story (through the
services) and, for ``seed --conversations``, a bulk-inserted year.
"""

from __future__ import annotations

import datetime
import math
import random
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from samtale.demo import assessments, competences, conversations, names, plans, rounds
from samtale.org import headcount, services
from samtale.org.models import OrgUnit, Person, ProfessionalGroup, Role, RoleGrant, Team

ROOT_CODE = "EK"
ROOT_NAME = "Eksempel Kommune"
DOMAIN = "eksempel-kommune.dk"
DEMO_PEOPLE = 400
DEMO_SEED = 2024
DEMO_PASSWORD = "demo1234"
ADMIN_EMAIL = f"admin@{DOMAIN}"
BATCH = 2000

# --- professional groups (data: they end up as ProfessionalGroup rows) ----------------

LAERER = "Lærer"
PAED = "Pædagog"
PMH = "Pædagogmedhjælper"
PA = "Pædagogisk assistent"
SSH = "Social- og sundhedshjælper"
SSA = "Social- og sundhedsassistent"
SYG = "Sygeplejerske"
ERGO = "Ergoterapeut"
FYS = "Fysioterapeut"
PSYK = "Psykolog"
ADM = "Administrativ medarbejder"
LEDER = "Leder"
BIB = "Bibliotekar"
KULT = "Kulturformidler"
MUSIK = "Musikskolelærer"
TEK = "Teknisk servicemedarbejder"
VEJ = "Vej- og parkmedarbejder"
REN = "Rengøringsassistent"
KOK = "Køkkenmedarbejder"

PROFESSIONAL_GROUPS = (
    LAERER, PAED, PMH, PA, SSH, SSA, SYG, ERGO, FYS, PSYK, ADM, LEDER, BIB, KULT, MUSIK,
    TEK, VEJ, REN, KOK,
)  # fmt: skip

# Job title per group (a few groups have more than one in real life; one is enough).
TITLES = {
    LAERER: "Lærer",
    PAED: "Pædagog",
    PMH: "Pædagogmedhjælper",
    PA: "Pædagogisk assistent",
    SSH: "Social- og sundhedshjælper",
    SSA: "Social- og sundhedsassistent",
    SYG: "Sygeplejerske",
    ERGO: "Ergoterapeut",
    FYS: "Fysioterapeut",
    PSYK: "Psykolog",
    ADM: "Administrativ medarbejder",
    BIB: "Bibliotekar",
    KULT: "Kulturformidler",
    MUSIK: "Musikskolelærer",
    TEK: "Teknisk servicemedarbejder",
    VEJ: "Vej- og parkmedarbejder",
    REN: "Rengøringsassistent",
    KOK: "Køkkenmedarbejder",
}

HOURS = ((37, 55), (32, 15), (30, 12), (28, 6), (25, 6), (20, 4), (34, 2))


@dataclass(frozen=True)
class InstitutionType:
    weight: float  # relative staff size
    mix: tuple[tuple[str, int], ...]  # professional group, share
    leader_title: str
    teams: tuple[str, ...]
    departments: tuple[str, ...] = ()
    team_size: int = 8


TYPES: dict[str, InstitutionType] = {
    "daycare": InstitutionType(
        1.0,
        ((PAED, 55), (PMH, 30), (PA, 10), (KOK, 5)),
        "Daginstitutionsleder",
        ("Stue Mariehønen", "Stue Sommerfuglen", "Stue Frøen", "Stue Bien", "Stue Sneglen"),
    ),
    "school": InstitutionType(
        2.6,
        ((LAERER, 62), (PAED, 18), (PMH, 5), (ADM, 5), (TEK, 5), (REN, 5)),
        "Skoleleder",
        ("Team 0.-2. årgang", "Team 3.-4. årgang", "Team 5.-6. årgang", "Team 7.-9. årgang"),
        ("Indskoling", "Mellemtrin", "Udskoling", "SFO"),
        team_size=10,
    ),
    "carehome": InstitutionType(
        2.2,
        ((SSH, 40), (SSA, 33), (SYG, 10), (ERGO, 3), (FYS, 3), (KOK, 6), (REN, 5)),
        "Plejecenterleder",
        ("Team Dag", "Team Aften", "Team Nat", "Team Weekend"),
        ("Afsnit Bøgen", "Afsnit Egen", "Afsnit Lærken", "Demensafsnittet"),
    ),
    "homecare": InstitutionType(
        2.4,
        ((SSH, 50), (SSA, 35), (SYG, 12), (ADM, 3)),
        "Leder af hjemmeplejen",
        ("Gruppe Rød", "Gruppe Blå", "Gruppe Grøn", "Gruppe Gul", "Gruppe Aften"),
        team_size=10,
    ),
    "residence": InstitutionType(
        1.2,
        ((PAED, 45), (SSA, 30), (SSH, 10), (PMH, 10), (KOK, 5)),
        "Forstander",
        ("Hus 1", "Hus 2", "Hus 3"),
    ),
    "daycentre": InstitutionType(
        0.6,
        ((ERGO, 25), (FYS, 20), (SSA, 30), (PAED, 15), (KOK, 10)),
        "Centerleder",
        ("Træningsholdet", "Aktivitetsholdet"),
    ),
    "health": InstitutionType(
        0.7, ((SYG, 85), (ADM, 15)), "Ledende sundhedsplejerske", ("Team Spæd", "Team Skole")
    ),
    "ppr": InstitutionType(
        0.5, ((PSYK, 70), (PAED, 15), (ADM, 15)), "PPR-leder", ("Team Dagtilbud", "Team Skole")
    ),
    "youth": InstitutionType(
        0.5, ((LAERER, 50), (PAED, 30), (ADM, 20)), "Ungdomsskoleleder", ("Klubteamet",)
    ),
    "library": InstitutionType(
        0.8,
        ((BIB, 60), (KULT, 20), (ADM, 20)),
        "Biblioteksleder",
        ("Børn", "Voksne", "Borgerservice"),
    ),
    "culture": InstitutionType(
        0.5, ((KULT, 50), (TEK, 30), (ADM, 20)), "Kulturhusleder", ("Program", "Drift")
    ),
    "music": InstitutionType(0.6, ((MUSIK, 85), (ADM, 15)), "Musikskoleleder", ("Lærerteamet",)),
    "roads": InstitutionType(
        1.0, ((VEJ, 75), (TEK, 15), (ADM, 10)), "Driftsleder", ("Vejholdet", "Parkholdet")
    ),
    "facility": InstitutionType(
        1.0, ((TEK, 55), (REN, 40), (ADM, 5)), "Ejendomsleder", ("Servicehold", "Rengøring")
    ),
}


@dataclass(frozen=True)
class InstitutionTemplate:
    kind: str
    name: str
    board: bool = False  # self-governing (selvejende): the leader answers to a board chair


@dataclass(frozen=True)
class AreaTemplate:
    name: str
    chief_title: str
    institutions: tuple[InstitutionTemplate, ...]


@dataclass(frozen=True)
class ForvaltningTemplate:
    code: str
    name: str
    director_title: str
    areas: tuple[AreaTemplate, ...]


I = InstitutionTemplate  # noqa: E741
FORVALTNINGER = (
    ForvaltningTemplate(
        "BU",
        "Børn og Unge",
        "Direktør for Børn og Unge",
        (
            AreaTemplate(
                "Dagtilbud Nord",
                "Dagtilbudschef",
                (
                    I("daycare", "Børnehuset Solsikken"),
                    I("daycare", "Vuggestuen Mælkebøtten", board=True),
                    I("daycare", "Børnehaven Regnbuen"),
                ),
            ),
            AreaTemplate(
                "Dagtilbud Syd",
                "Dagtilbudschef",
                (
                    I("daycare", "Børnehuset Troldehøjen"),
                    I("daycare", "Daginstitutionen Myretuen", board=True),
                    I("daycare", "Børnehuset Spiren"),
                ),
            ),
            AreaTemplate(
                "Skole og Ungdom",
                "Skolechef",
                (
                    I("school", "Nordskolen"),
                    I("school", "Søndervangskolen"),
                    I("school", "Bakkeskolen"),
                    I("youth", "Ungdomsskolen"),
                    I("ppr", "Pædagogisk Psykologisk Rådgivning"),
                ),
            ),
        ),
    ),
    ForvaltningTemplate(
        "SS",
        "Social og Sundhed",
        "Direktør for Social og Sundhed",
        (
            AreaTemplate(
                "Ældre og Pleje",
                "Ældrechef",
                (
                    I("carehome", "Plejecenter Egely"),
                    I("carehome", "Plejecenter Lindegården", board=True),
                    I("homecare", "Hjemmeplejen Nord"),
                    I("homecare", "Hjemmeplejen Syd"),
                ),
            ),
            AreaTemplate(
                "Handicap, Psykiatri og Sundhed",
                "Socialchef",
                (
                    I("residence", "Bostedet Kastanjen"),
                    I("residence", "Bostedet Skovbrynet"),
                    I("daycentre", "Aktivitetscentret Værkstedet"),
                    I("health", "Sundhedsplejen"),
                ),
            ),
        ),
    ),
    ForvaltningTemplate(
        "KTM",
        "Kultur, Teknik og Miljø",
        "Direktør for Kultur, Teknik og Miljø",
        (
            AreaTemplate(
                "Kultur og Fritid",
                "Kulturchef",
                (
                    I("library", "Hovedbiblioteket"),
                    I("library", "Nordby Bibliotek"),
                    I("culture", "Kulturhuset Pakhuset", board=True),
                    I("music", "Musikskolen"),
                ),
            ),
            AreaTemplate(
                "Teknik og Drift",
                "Teknisk chef",
                (I("roads", "Vej og Park"), I("facility", "Ejendomsservice")),
            ),
        ),
    ),
)
del I


# --- personas ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonaSpec:
    key: str
    role: str  # shown in the login list
    name: str


PERSONAS = (
    PersonaSpec("employee", "Medarbejder (employee)", "Emma Nielsen"),
    PersonaSpec("colleague", "Kollega (colleague)", "Kasper Holm"),
    PersonaSpec("leader", "Nærmeste leder (leader)", "Lene Larsen"),
    PersonaSpec("chief", "Chef (chief)", "Christian Berg"),
    PersonaSpec("board_chair", "Bestyrelsesformand (board chair)", "Birgit Bech"),
    PersonaSpec("hr", "HR for Børn og Unge (HR, forvaltning)", "Hanne Poulsen"),
    PersonaSpec("hr_kommune", "HR for hele kommunen (HR, kommune)", "Henrik Dam"),
    PersonaSpec("tr", "Tillidsrepræsentant (TR)", "Tina Mikkelsen"),
    PersonaSpec("amr", "Arbejdsmiljørepræsentant (AMR)", "Anders Kjær"),
)
ADMIN_ROLE = "Administrator"


def email_local(name: str) -> str:
    """ "Søren Ærø Østergaard" -> "soeren.aeroe.oestergaard"."""
    text = name.lower()
    for danish, plain in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        text = text.replace(danish, plain)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    parts = ["".join(c for c in word if c.isalnum()) for word in text.split()]
    return ".".join(p for p in parts if p)


def persona_email(spec: PersonaSpec) -> str:
    return f"{email_local(spec.name)}@{DOMAIN}"


# --- the plan ----------------------------------------------------------------------------


@dataclass
class UnitPlan:
    key: int
    code: str
    name: str
    parent: int | None
    depth: int


@dataclass
class PersonPlan:
    key: int
    name: str
    email: str
    employee_number: str | None
    unit: int | None
    manager: int | None
    job_title: str
    group: str | None
    start_date: datetime.date | None
    end_date: datetime.date | None
    weekly_hours: Decimal | None
    persona: str | None = None


@dataclass
class TeamPlan:
    name: str
    unit: int
    leader: int | None
    members: list[int]


@dataclass
class GrantPlan:
    person: int
    role: str
    unit: int


@dataclass
class Plan:
    units: list[UnitPlan] = field(default_factory=list)
    people: list[PersonPlan] = field(default_factory=list)
    teams: list[TeamPlan] = field(default_factory=list)
    grants: list[GrantPlan] = field(default_factory=list)
    personas: dict[str, int] = field(default_factory=dict)  # persona key -> person key

    def fingerprint(self) -> tuple[object, ...]:
        """Everything that makes the plan what it is, for comparing two plans."""
        return (
            tuple((u.code, u.name, u.parent) for u in self.units),
            tuple(
                (p.name, p.email, p.employee_number, p.unit, p.manager, p.group, p.end_date)
                for p in self.people
            ),
            tuple((t.name, t.unit, t.leader, tuple(t.members)) for t in self.teams),
            tuple((g.person, g.role, g.unit) for g in self.grants),
        )


class _Planner:
    def __init__(self, people: int, seed: int) -> None:
        self.target = people
        self.rng = random.Random(seed)
        self.plan = Plan()
        self.emails: set[str] = {persona_email(p) for p in PERSONAS} | {ADMIN_EMAIL}
        self.unit_names: set[str] = set()
        self.next_number = 100001
        # Copies at scale: institutions grow with the square root of the size, areas
        # with its fourth root, so both the number and the size of institutions grow.
        factor = max(1.0, people / DEMO_PEOPLE)
        self.institution_copies = max(1, round(math.sqrt(factor)))
        self.area_copies = max(1, round(math.sqrt(self.institution_copies)))
        self.per_area = max(1, math.ceil(self.institution_copies / self.area_copies))

    # -- helpers --

    def unit(self, code: str, name: str, parent: UnitPlan | None) -> UnitPlan:
        u = UnitPlan(
            len(self.plan.units), code, name, parent.key if parent else None,
            parent.depth + 1 if parent else 0,
        )  # fmt: skip
        self.plan.units.append(u)
        self.unit_names.add(name)
        return u

    def random_name(self) -> str:
        rng = self.rng
        first = rng.choice(names.FIRST_NAMES_F if rng.random() < 0.72 else names.FIRST_NAMES_M)
        last = rng.choice(names.LAST_NAMES)
        if rng.random() < 0.18:
            middle = rng.choice(names.MIDDLE_NAMES)
            if middle != first and middle != last:
                return f"{first} {middle} {last}"
        return f"{first} {last}"

    def unique_email(self, name: str) -> str:
        local = email_local(name)
        candidate, n = local, 1
        while f"{candidate}@{DOMAIN}" in self.emails:
            n += 1
            candidate = f"{local}{n}"
        email = f"{candidate}@{DOMAIN}"
        self.emails.add(email)
        return email

    def start_date(self) -> datetime.date:
        return datetime.date(1988, 1, 1) + datetime.timedelta(days=self.rng.randrange(0, 13500))

    def person(
        self,
        *,
        unit: UnitPlan | None,
        manager: int | None,
        group: str | None,
        title: str,
        persona: PersonaSpec | None = None,
        external: bool = False,
        may_leave: bool = False,
    ) -> int:
        rng = self.rng
        if persona is not None:
            name, email = persona.name, persona_email(persona)
        else:
            name = self.random_name()
            email = self.unique_email(name)
        start = end = None
        hours = None
        number = None
        if not external:
            number = str(self.next_number)
            self.next_number += 1
            start = self.start_date()
            if may_leave and persona is None and rng.random() < 0.04:
                last_day = datetime.date(2026, 6, 30)
                earliest = max(start, datetime.date(2023, 1, 1))
                span = max(0, (last_day - earliest).days)
                end = earliest + datetime.timedelta(days=rng.randrange(0, span + 1))
            if group == LEDER:
                hours = Decimal(37)
            else:
                values, weights = zip(*HOURS, strict=True)
                hours = Decimal(rng.choices(values, weights)[0])
        key = len(self.plan.people)
        self.plan.people.append(
            PersonPlan(
                key=key,
                name=name,
                email=email,
                employee_number=number,
                unit=unit.key if unit else None,
                manager=manager,
                job_title=title,
                group=group,
                start_date=start,
                end_date=end,
                weekly_hours=hours,
                persona=persona.key if persona else None,
            )
        )
        if persona is not None:
            self.plan.personas[persona.key] = key
        return key

    def staff(
        self,
        unit: UnitPlan,
        manager: int,
        mix: tuple[tuple[str, int], ...],
        count: int,
        personas: Iterable[tuple[PersonaSpec, str]] = (),
    ) -> list[int]:
        """``count`` staff members; the first ones cycle through every group of the mix so
        each group is present, the rest are drawn by share."""
        made: list[int] = []
        for spec, group in personas:
            made.append(
                self.person(
                    unit=unit, manager=manager, group=group, title=TITLES[group], persona=spec
                )
            )
        groups = [g for g, _ in mix]
        weights = [w for _, w in mix]
        for i in range(max(0, count - len(made))):
            group = groups[i] if i < len(groups) else self.rng.choices(groups, weights)[0]
            made.append(
                self.person(
                    unit=unit, manager=manager, group=group, title=TITLES[group], may_leave=True
                )
            )
        return made

    def teams(
        self, unit: UnitPlan, leader: int | None, members: list[int], names_: tuple[str, ...],
        size: int,
    ) -> None:  # fmt: skip
        active = [m for m in members if self.plan.people[m].end_date is None]
        if not active:
            return
        count = max(1, min(len(active) // size, len(names_) * 4))
        chunk = math.ceil(len(active) / count)
        for i in range(count):
            part = active[i * chunk : (i + 1) * chunk]
            if not part:
                break
            base = names_[i % len(names_)]
            name = base if i < len(names_) else f"{base} {i // len(names_) + 1}"
            self.plan.teams.append(TeamPlan(name, unit.key, leader, part))

    def institution_name(self, template: InstitutionTemplate, primary: bool) -> str:
        if primary:
            return template.name
        rng = self.rng
        for _ in range(20):
            if template.kind == "daycare":
                candidate = (
                    f"{rng.choice(names.DAYCARE_PREFIXES)} {rng.choice(names.DAYCARE_NAMES)}"
                )
            elif template.kind == "school":
                candidate = f"{rng.choice(names.SCHOOL_PLACES)}skolen".capitalize()
            elif template.kind == "carehome":
                candidate = f"Plejecenter {rng.choice(names.CARE_NAMES)}"
            elif template.kind == "residence":
                candidate = f"Bostedet {rng.choice(names.RESIDENCE_NAMES)}"
            else:
                candidate = f"{template.name} {rng.choice(names.DISTRICTS)}"
            if candidate not in self.unit_names:
                return candidate
        n = 2
        while f"{template.name} {n}" in self.unit_names:
            n += 1
        return f"{template.name} {n}"

    # -- the organisation --

    def build(self) -> Plan:
        specs = {p.key: p for p in PERSONAS}
        root = self.unit(ROOT_CODE, ROOT_NAME, None)
        top = self.person(unit=root, manager=None, group=LEDER, title="Kommunaldirektør")
        hr_chief = self.person(
            unit=root, manager=top, group=LEDER, title="HR-chef", persona=specs["hr_kommune"]
        )
        self.plan.grants.append(GrantPlan(hr_chief, Role.HR, root.key))

        # Institutions first as a list, to share the staff out by weight.
        # template, unit, chief key, the template's first (named) copy?
        institutions: list[tuple[InstitutionTemplate, UnitPlan, int, bool]] = []
        self.unit_names.update(
            i.name for f in FORVALTNINGER for a in f.areas for i in a.institutions
        )
        secretariats: list[tuple[UnitPlan, int, str]] = []  # unit, head, forvaltning code
        for f in FORVALTNINGER:
            fu = self.unit(f"{ROOT_CODE}-{f.code}", f.name, root)
            director = self.person(unit=fu, manager=top, group=LEDER, title=f.director_title)
            sec = self.unit(f"{ROOT_CODE}-{f.code}-SEK", f"{f.name}, Sekretariat", fu)
            head = self.person(unit=sec, manager=director, group=LEDER, title="Sekretariatschef")
            secretariats.append((sec, head, f.code))
            area_no = 0
            for area in f.areas:
                for copy in range(self.area_copies):
                    area_no += 1
                    name = area.name if copy == 0 else f"{area.name} {copy + 1}"
                    au = self.unit(f"{ROOT_CODE}-{f.code}-{area_no:02d}", name, fu)
                    chief_spec = (
                        specs["chief"] if area.name == "Dagtilbud Nord" and not copy else None
                    )
                    chief = self.person(
                        unit=au, manager=director, group=LEDER, title=area.chief_title,
                        persona=chief_spec,
                    )  # fmt: skip
                    for template in area.institutions:
                        for icopy in range(self.per_area):
                            primary = copy == 0 and icopy == 0
                            iname = self.institution_name(template, primary)
                            code = f"{ROOT_CODE}-I{len(institutions) + 1:04d}"
                            iu = self.unit(code, iname, au)
                            institutions.append((template, iu, chief, primary))

        # Share out the staff: what is left after the leaders, by weight with some spread.
        leaders_guess = 1 + 1 + 3 * 2 + len(institutions) * 1.6
        central = 0.025
        available = max(len(institutions) * 4, self.target - len(self.plan.people) - leaders_guess)
        weights = [TYPES[t.kind].weight * self.rng.uniform(0.7, 1.3) for t, *_ in institutions]
        total = sum(weights)
        sizes = [max(4, round(available * (1 - central) * w / total)) for w in weights]

        # The centre: HR and administration around the kommunaldirektør.
        central_staff = max(3, round(available * central * 0.4))
        hr_staff = self.staff(root, hr_chief, ((ADM, 100),), max(2, central_staff // 3))
        for i, staff_key in enumerate(hr_staff):
            self.plan.people[staff_key].job_title = "HR-konsulent" if i % 2 == 0 else "Lønkonsulent"
        self.teams(root, hr_chief, [hr_chief, *hr_staff], ("HR og Løn",), 10)
        staff = self.staff(root, top, ((ADM, 100),), central_staff - len(hr_staff))
        self.teams(root, top, staff, ("Direktionssekretariatet", "Økonomi", "Digitalisering"), 10)
        sec_size = max(2, round(available * central * 0.6 / len(secretariats)))
        for sec, head, fcode in secretariats:
            hr_persona = [(specs["hr"], ADM)] if fcode == "BU" else []
            members = self.staff(sec, head, ((ADM, 100),), sec_size, hr_persona)
            hr_key = members[0]
            self.plan.people[hr_key].job_title = "HR-konsulent"
            self.plan.grants.append(GrantPlan(hr_key, Role.HR, sec.parent or root.key))
            self.teams(sec, head, members, ("Sekretariatet",), 10)

        for (template, iu, chief, primary), size in zip(institutions, sizes, strict=True):
            self.institution(template, iu, chief, size, specs, primary)
        return self.plan

    def institution(
        self,
        template: InstitutionTemplate,
        iu: UnitPlan,
        chief: int,
        size: int,
        specs: dict[str, PersonaSpec],
        primary: bool,
    ) -> None:
        kind = TYPES[template.kind]
        first_daycare = primary and template.name == "Børnehuset Solsikken"
        board_persona = primary and template.name == "Vuggestuen Mælkebøtten"
        manager = chief
        if template.board:
            manager = self.person(
                unit=None, manager=None, group=None, title="Bestyrelsesformand", external=True,
                persona=specs["board_chair"] if board_persona else None,
            )  # fmt: skip
        leader = self.person(
            unit=iu, manager=manager, group=LEDER, title=kind.leader_title,
            persona=specs["leader"] if first_daycare else None,
        )  # fmt: skip
        personas: list[tuple[PersonaSpec, str]] = []
        if first_daycare:
            personas = [
                (specs["employee"], PAED),
                (specs["colleague"], PAED),
                (specs["tr"], PAED),
                (specs["amr"], PMH),
            ]
        staff: list[int]
        if kind.departments and size >= 24:
            n_dept = min(len(kind.departments), max(2, size // 15))
            own = max(1, size // 12)
            staff = self.staff(iu, leader, ((ADM, 60), (TEK, 40)), own)
            self.teams(iu, leader, staff, ("Administrationen",), kind.team_size)
            share = (size - own) // n_dept
            for d in range(n_dept):
                du = self.unit(f"{iu.code}-{d + 1}", f"{iu.name}, {kind.departments[d]}", iu)
                head = self.person(unit=du, manager=leader, group=LEDER, title="Afdelingsleder")
                members = self.staff(du, head, kind.mix, share)
                self.teams(du, head, members, kind.teams, kind.team_size)
                staff += members
        else:
            staff = self.staff(iu, leader, kind.mix, size, personas)
            self.teams(iu, leader, staff, kind.teams, kind.team_size)
        if first_daycare:
            tr, amr = self.plan.personas["tr"], self.plan.personas["amr"]
        else:
            active = [s for s in staff if self.plan.people[s].end_date is None]
            if len(active) < 2:
                return
            tr, amr = self.rng.sample(active, 2)
        self.plan.grants.append(GrantPlan(tr, Role.TR, iu.key))
        self.plan.grants.append(GrantPlan(amr, Role.AMR, iu.key))


def make_plan(people: int = DEMO_PEOPLE, seed: int = DEMO_SEED) -> Plan:
    """The organisation for about ``people`` people, the same for the same arguments."""
    return _Planner(people, seed).build()


# --- writing a plan --------------------------------------------------------------------


def _batches[T](items: list[T], size: int = BATCH) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class Login:
    role: str
    email: str
    password: str


@dataclass
class BuildResult:
    created: bool
    logins: list[Login]
    people: int = 0
    units: int = 0
    conversations: int = 0  # added by this run (the story, and the year with ``year=True``)


def organisation_exists() -> bool:
    return OrgUnit.objects.filter(code=ROOT_CODE).exists()


def has_other_data() -> bool:
    return OrgUnit.objects.exists() or Person.objects.exists()


@transaction.atomic
def write_plan(plan: Plan) -> dict[int, int]:
    """Insert ``plan`` into the database; returns person key -> Person pk."""
    groups = {
        name: services.get_or_create_professional_group(name)[0].pk for name in PROFESSIONAL_GROUPS
    }

    unit_pk: dict[int, int] = {}
    for depth in range(max(u.depth for u in plan.units) + 1):
        level = [u for u in plan.units if u.depth == depth]
        for batch in _batches(level):
            rows = OrgUnit.objects.bulk_create(
                [
                    OrgUnit(
                        code=u.code,
                        name=u.name,
                        parent_id=unit_pk[u.parent] if u.parent is not None else None,
                    )
                    for u in batch
                ]
            )
            for u, row in zip(batch, rows, strict=True):
                unit_pk[u.key] = row.pk
    services.recompute_unit_paths()

    depth_of: dict[int, int] = {}
    for p in plan.people:  # managers always come before the people they lead
        depth_of[p.key] = 0 if p.manager is None else depth_of[p.manager] + 1
    person_pk: dict[int, int] = {}
    for depth in range(max(depth_of.values()) + 1):
        people_level = [p for p in plan.people if depth_of[p.key] == depth]
        for chunk in _batches(people_level):
            created = Person.objects.bulk_create(
                [
                    Person(
                        name=p.name,
                        email=p.email,
                        employee_number=p.employee_number,
                        unit_id=unit_pk[p.unit] if p.unit is not None else None,
                        manager_id=person_pk[p.manager] if p.manager is not None else None,
                        job_title=p.job_title,
                        professional_group_id=groups[p.group] if p.group else None,
                        start_date=p.start_date,
                        end_date=p.end_date,
                        weekly_hours=p.weekly_hours,
                    )
                    for p in chunk
                ]
            )
            for p, person in zip(chunk, created, strict=True):
                person_pk[p.key] = person.pk
    services.recompute_line_paths()

    teams = Team.objects.bulk_create(
        [
            Team(
                name=t.name,
                unit_id=unit_pk[t.unit],
                leader_id=person_pk[t.leader] if t.leader is not None else None,
            )
            for t in plan.teams
        ],
        batch_size=BATCH,
    )
    Through = Team.members.through
    links = [
        Through(team_id=team.pk, person_id=person_pk[m])
        for team, t in zip(teams, plan.teams, strict=True)
        for m in t.members
    ]
    Through.objects.bulk_create(links, batch_size=BATCH)
    RoleGrant.objects.bulk_create(
        [
            RoleGrant(person_id=person_pk[g.person], role=g.role, unit_id=unit_pk[g.unit])
            for g in plan.grants
        ],
        batch_size=BATCH,
    )
    headcount.changed()  # bulk writes send no signals
    return person_pk


@transaction.atomic
def ensure_logins(password: str = DEMO_PASSWORD) -> list[Login]:
    """Give every persona of the existing demo organisation its login (again), and the
    administrator. Only these get usable passwords."""
    logins: list[Login] = []
    root = OrgUnit.objects.get(code=ROOT_CODE)
    for spec in PERSONAS:
        email = persona_email(spec)
        person = (
            Person.objects.filter(email=email).filter(unit__path__startswith=root.path).first()
        ) or Person.objects.filter(email=email, unit__isnull=True).first()
        if person is None:
            continue
        services.ensure_user(person, password=password)
        logins.append(Login(spec.role, email, password))
    User = get_user_model()
    admin = User.objects.filter(email__iexact=ADMIN_EMAIL).first()
    if admin is None:
        User.objects.create_superuser(ADMIN_EMAIL, password)
    else:
        admin.set_password(password)
        admin.is_staff = admin.is_superuser = admin.is_active = True
        admin.save(update_fields=["password", "is_staff", "is_superuser", "is_active"])
    logins.append(Login(ADMIN_ROLE, ADMIN_EMAIL, password))
    return logins


def build(
    people: int = DEMO_PEOPLE,
    seed: int = DEMO_SEED,
    password: str = DEMO_PASSWORD,
    *,
    year: bool = False,
    history: bool = False,
) -> BuildResult:
    """Build the organisation unless it is there already; either way (re)set the persona
    logins. When there are no conversations yet, add the demo's story of conversations
    (and, with ``year``, a bulk-inserted year of them for everybody else). A second run
    changes nothing. With ``history`` (``samtale demo``), last year's MUS with agreed
    levels for everybody the story leaves out (``assessments.seed_history``). The caller
    decides what to do with a database that holds other data."""
    created = not organisation_exists()
    plan = make_plan(people, seed) if created else None
    with transaction.atomic():
        if plan is not None:
            write_plan(plan)
        logins = ensure_logins(password)
        competences.tell_competences()
    added = 0
    if not conversations.has_conversations():
        added = len(conversations.tell_story().conversations)
        with conversations.quiet_tasks(), transaction.atomic(), conversations.mail_kept_back():
            rounds.tell_rounds()
        if history:
            assessments.seed_history(seed)
        if year:
            added += conversations.seed_year(seed)
            plans.seed_plans(seed)
    if plan is None:
        return BuildResult(created=False, logins=logins, conversations=added)
    return BuildResult(
        True, logins, people=len(plan.people), units=len(plan.units), conversations=added
    )


def delete_organisation() -> None:
    """Remove every unit, person, team and role grant, and the logins of people. For
    ``seed --reset`` on a database that is only used for testing or benchmarks."""
    User = get_user_model()
    with transaction.atomic():
        rounds.delete_all()
        conversations.delete_all()
        competences.delete_all()
        Team.members.through.objects.all().delete()
        Team.objects.all().delete()
        RoleGrant.objects.all().delete()
        User.objects.filter(person__isnull=False, is_superuser=False).delete()
        Person.objects.update(manager=None, user=None)
        Person.objects.all().delete()
        while OrgUnit.objects.exists():
            # Leaves first: the parent link protects a unit that still has children.
            OrgUnit.objects.filter(children__isnull=True).delete()
        ProfessionalGroup.objects.filter(people__isnull=True).delete()
        headcount.changed()


def format_logins(logins: list[Login]) -> list[str]:
    width = max((len(login.role) for login in logins), default=0)
    mail = max((len(login.email) for login in logins), default=0)
    return [f"{login.role:<{width}}  {login.email:<{mail}}  {login.password}" for login in logins]
