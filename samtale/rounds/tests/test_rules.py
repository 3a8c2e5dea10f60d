"""Which conversations a unit's rule calls for, and how rules are inherited."""

from __future__ import annotations

import pytest

from samtale.access.viewer import acting_as
from samtale.rounds import rules, services
from samtale.rounds.models import Rule


@pytest.mark.parametrize(
    ("rule", "year", "mus", "grus"),
    [
        (Rule.MUS_AND_GRUS, 2027, True, True),
        (Rule.MUS, 2027, True, False),
        (Rule.GRUS, 2027, False, True),
        (Rule.ALTERNATE, 2026, True, False),
        (Rule.ALTERNATE, 2027, False, True),
        (Rule.ALTERNATE, 2028, True, False),
        (Rule.ALTERNATE, 2025, False, True),
    ],
)
def test_what_a_rule_calls_for_in_a_year(rule, year, mus, grus):
    called = rules.calls(rule, year, mus_year=2026)
    assert (called.mus, called.grus) == (mus, grus)
    assert called.mus_on_request is (rule == Rule.GRUS)


def test_without_any_rule_seed_000s_default_holds(personas):
    years = rules.years_for([personas.units["SOL"], personas.units["EGE"]], 2027)
    assert {(y.rule, y.mus, y.grus) for y in years.values()} == {(Rule.MUS_AND_GRUS, True, True)}


def test_a_rule_holds_below_its_unit_until_a_unit_sets_its_own(personas, django_assert_num_queries):
    hr = acting_as(personas.hr)
    u = personas.units
    services.set_unit_rule(u["DN"], by=hr, rule=Rule.ALTERNATE, mus_year=2026)
    services.set_unit_rule(u["MAE"], by=hr, rule=Rule.GRUS)
    with django_assert_num_queries(1):
        found = rules.rules_for([u["BU"], u["DN"], u["SOL"], u["SOLV"], u["MAE"]])
    rule_of = {pk: (r.rule if r else None) for pk, r in found.items()}
    assert rule_of[u["BU"].pk] is None
    assert [rule_of[u[c].pk] for c in ("DN", "SOL", "SOLV")] == [Rule.ALTERNATE] * 3
    assert rule_of[u["MAE"].pk] == Rule.GRUS
    years = rules.years_for([u["SOL"], u["MAE"]], 2027)
    assert (years[u["SOL"].pk].mus, years[u["SOL"].pk].grus) == (False, True)
    assert years[u["MAE"].pk].mus_on_request
    # Back to the unit above's rule.
    services.set_unit_rule(u["MAE"], by=hr, rule=None)
    assert rules.years_for([u["MAE"]], 2027)[u["MAE"].pk].rule == Rule.ALTERNATE
