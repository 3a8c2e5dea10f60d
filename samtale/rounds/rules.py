"""Which conversations a round calls for, unit by unit (seeds 000, 001, 003).

A unit's rule (``UnitRule``) holds for it and every unit below it until one of them sets
its own; a unit with no rule above it follows seed 000's default, MUS and GRUS every
year. In a given year a rule calls for:

==================================  ================  ==================================
rule                                individual MUS    GRUS for the unit's teams
==================================  ================  ==================================
MUS and GRUS every year (default)   yes               yes
MUS every year                      yes               no
alternate years                     in MUS years      in the years between
GRUS every year, MUS on request     on request only   yes
==================================  ================  ==================================

On top of the rule, a team may choose GRUS instead of MUS for one round
(``TeamChoice``): its members are then covered by the team's GRUS and are not missing a
MUS. En-til-en is voluntary and never called for, so never missing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from samtale.lib.paths import ids_in_path
from samtale.org.models import OrgUnit
from samtale.rounds.models import Rule, UnitRule

DEFAULT = Rule.MUS_AND_GRUS


@dataclass(frozen=True)
class UnitYear:
    """What a unit's rule calls for in one year."""

    rule: str
    mus: bool
    grus: bool

    @property
    def mus_on_request(self) -> bool:
        return self.rule == Rule.GRUS


def calls_mus(year: UnitYear, *, team_chose_grus: bool) -> bool:
    """An individual MUS is called for where the rule holds MUS this year and the
    person's team has not chosen GRUS instead (the launch and the leader's count ask
    here)."""
    return year.mus and not team_chose_grus


def calls_grus(year: UnitYear, *, team_chose_grus: bool) -> bool:
    """A team's GRUS is called for where the rule holds GRUS this year or the team chose
    it instead of MUS."""
    return year.grus or team_chose_grus


def calls(rule: str, year: int, mus_year: int | None = None) -> UnitYear:
    if rule == Rule.MUS:
        return UnitYear(rule, mus=True, grus=False)
    if rule == Rule.ALTERNATE:
        mus = (year - (mus_year if mus_year is not None else year)) % 2 == 0
        return UnitYear(rule, mus=mus, grus=not mus)
    if rule == Rule.GRUS:
        return UnitYear(rule, mus=False, grus=True)
    return UnitYear(Rule.MUS_AND_GRUS, mus=True, grus=True)


def rules_for(units: Iterable[OrgUnit]) -> dict[int, UnitRule | None]:
    """Each unit's rule as it holds there: its own, else its nearest ancestor's, else
    None (the default). One query for any number of units."""
    units = list(units)
    chains = {unit.pk: ids_in_path(unit.path) or [unit.pk] for unit in units}
    wanted = {pk for chain in chains.values() for pk in chain}
    own = {r.unit_id: r for r in UnitRule.objects.filter(unit_id__in=wanted)}
    found: dict[int, UnitRule | None] = {}
    for pk, chain in chains.items():
        found[pk] = next((own[a] for a in reversed(chain) if a in own), None)
    return found


def unit_year(rule: UnitRule | None, year: int) -> UnitYear:
    if rule is None:
        return calls(DEFAULT, year)
    return calls(rule.rule, year, rule.mus_year)


def years_for(units: Iterable[OrgUnit], year: int) -> dict[int, UnitYear]:
    """What each unit's rule calls for in ``year``."""
    return {pk: unit_year(rule, year) for pk, rule in rules_for(units).items()}
