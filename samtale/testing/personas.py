"""Named personas: a small organisation with one person in every role.

Every test that asks "who may see this?" uses these, so the access matrix reads the
same everywhere::

    Eksempel Kommune (K)
      Børn og Unge (BU)                  HR: Hanne (HR for BU)
        BU Sekretariat (BUS)             Hanne HR
        Dagtilbud Nord (DN)              Christian Chef (the leader's chief)
          Børnehuset Solsikken (SOL)     Lene Leder; Emma Ansat, Kasper Kollega
            Solsikken Vuggestue (SOLV)   Tina TR (TR for SOL), Anders AMR (AMR for SOL)
          Mælkebøtten (MAE)              Morten Mælkebøtte, led by the board chair; Mette
      Social og Sundhed (SS)             HR: Henrik (HR for SS)
        Plejecenter Egely (EGE)          Ellen Egely (leader), Otto Udenfor

    Birgit Bestyrelse: external board chair (no employee number, no unit), chief of Morten.
    Ada Admin: an administrator account without a person.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from samtale.access.models import User
from samtale.org import services
from samtale.org.models import OrgUnit, Person, ProfessionalGroup, Role, Team

PASSWORD = "samtale-test-1234"

# persona name -> attribute on Personas; "anonymous" has no user.
PERSONA_NAMES = (
    "employee",
    "colleague",
    "leader",
    "chief",
    "board_chair",
    "hr",
    "hr_elsewhere",
    "tr",
    "amr",
    "admin",
    "outsider",
    "anonymous",
)
# Everyone who logs in.
LOGGED_IN = tuple(name for name in PERSONA_NAMES if name != "anonymous")


@dataclass
class Personas:
    units: dict[str, OrgUnit] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)
    admin_user: User | None = None

    def person(self, name: str) -> Person:
        return self.people[name]

    def user(self, name: str) -> User | None:
        if name == "anonymous":
            return None
        if name == "admin":
            return self.admin_user
        return self.people[name].user

    def __getattr__(self, name: str) -> Any:
        people = self.__dict__.get("people", {})
        if name in people:
            return people[name]
        raise AttributeError(name)


def build_personas() -> Personas:
    p = Personas()
    u = p.units
    u["K"] = services.create_unit(code="K", name="Eksempel Kommune")
    u["BU"] = services.create_unit(code="BU", name="Børn og Unge", parent=u["K"])
    u["BUS"] = services.create_unit(code="BUS", name="BU Sekretariat", parent=u["BU"])
    u["DN"] = services.create_unit(code="DN", name="Dagtilbud Nord", parent=u["BU"])
    u["SOL"] = services.create_unit(code="SOL", name="Børnehuset Solsikken", parent=u["DN"])
    u["SOLV"] = services.create_unit(code="SOLV", name="Solsikken Vuggestue", parent=u["SOL"])
    u["MAE"] = services.create_unit(code="MAE", name="Mælkebøtten", parent=u["DN"])
    u["SS"] = services.create_unit(code="SS", name="Social og Sundhed", parent=u["K"])
    u["EGE"] = services.create_unit(code="EGE", name="Plejecenter Egely", parent=u["SS"])

    paed, _ = services.get_or_create_professional_group("Pædagog")
    leader_group, _ = services.get_or_create_professional_group("Leder")
    adm, _ = services.get_or_create_professional_group("Administrativ")
    ssa, _ = services.get_or_create_professional_group("Social- og sundhedsassistent")
    start = datetime.date(2020, 8, 1)

    def person(
        key: str,
        name: str,
        number: str | None,
        unit: str | None,
        manager: str | None,
        title: str,
        group: ProfessionalGroup | None,
    ) -> Person:
        created = services.create_person(
            name=name,
            email=f"{key.replace('_', '.')}@eksempel.dk",
            employee_number=number,
            unit=u[unit] if unit else None,
            manager=p.people[manager] if manager else None,
            job_title=title,
            professional_group=group,
            start_date=start if number else None,
            weekly_hours=Decimal("37") if number else None,
        )
        services.ensure_user(created, password=PASSWORD)
        p.people[key] = created
        return created

    person("chief", "Christian Chef", "1001", "DN", None, "Dagtilbudschef", leader_group)
    person("leader", "Lene Leder", "1002", "SOL", "chief", "Institutionsleder", leader_group)
    person("employee", "Emma Ansat", "1003", "SOL", "leader", "Pædagog", paed)
    person("colleague", "Kasper Kollega", "1004", "SOL", "leader", "Pædagog", paed)
    person("tr", "Tina Tillid", "1005", "SOLV", "leader", "Pædagog", paed)
    person("amr", "Anders Arbejdsmiljø", "1006", "SOLV", "leader", "Pædagogmedhjælper", paed)
    person("board_chair", "Birgit Bestyrelse", None, None, None, "Bestyrelsesformand", None)
    person("mae_leader", "Morten Mælkebøtte", "1007", "MAE", "board_chair", "Leder", leader_group)
    person("mae_employee", "Mette Mælkebøtte-Ansat", "1012", "MAE", "mae_leader", "Pædagog", paed)
    person("hr", "Hanne Personale", "1008", "BUS", None, "HR-konsulent", adm)
    person("hr_elsewhere", "Henrik Personale", "1009", "SS", None, "HR-konsulent", adm)
    person("ege_leader", "Ellen Egely", "1010", "EGE", None, "Centerleder", leader_group)
    person("outsider", "Otto Udenfor", "1011", "EGE", "ege_leader", "SSA", ssa)

    services.grant_role(p.people["hr"], Role.HR, u["BU"])
    services.grant_role(p.people["hr_elsewhere"], Role.HR, u["SS"])
    services.grant_role(p.people["tr"], Role.TR, u["SOL"])
    services.grant_role(p.people["amr"], Role.AMR, u["SOL"])

    p.teams["stue"] = services.create_team(
        name="Stue Mariehønen",
        unit=u["SOL"],
        leader=p.people["leader"],
        members=[p.people["employee"], p.people["colleague"]],
    )
    p.teams["ege"] = services.create_team(
        name="Team Egely Dag",
        unit=u["EGE"],
        leader=p.people["ege_leader"],
        members=[p.people["outsider"]],
    )
    p.admin_user = User.objects.create_superuser("admin@eksempel.dk", PASSWORD)
    return p
