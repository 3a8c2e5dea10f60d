"""Who sees a round: the draft for HR and the representatives whose scope meets it; the
announced round for everyone in it. rounds_for (SQL) and policy.can_see agree."""

from __future__ import annotations

import pytest

from samtale.access.viewer import ANONYMOUS, acting_as, viewer_for
from samtale.rounds import policy, services
from samtale.rounds.queries import rounds_for
from samtale.testing.personas import PERSONA_NAMES

# Round over Dagtilbud Nord (DN): who sees the draft, who sees it announced.
SEES_DRAFT = {"hr", "tr", "amr", "admin"}
SEES_ANNOUNCED = SEES_DRAFT | {"employee", "colleague", "leader", "chief", "board_chair"}


def viewer(personas, name: str):
    if name == "anonymous":
        return ANONYMOUS
    if name == "admin":
        return viewer_for(personas.admin_user)
    return acting_as(personas.person(name))


@pytest.fixture
def dn_round(personas):
    return services.create_round(
        by=acting_as(personas.hr), name="Dagtilbud 2027", year=2027, units=[personas.units["DN"]]
    )


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_the_draft(personas, dn_round, name):
    who = viewer(personas, name)
    expected = name in SEES_DRAFT
    assert policy.can_see(who, dn_round) is expected
    assert (dn_round in rounds_for(who)) is expected


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_the_announced_round(personas, dn_round, name):
    dn_round = services.announce(dn_round, by=acting_as(personas.hr), override_reason="Test")
    who = viewer(personas, name)
    expected = name in SEES_ANNOUNCED
    assert policy.can_see(who, dn_round) is expected
    assert (dn_round in rounds_for(who)) is expected


def test_hr_of_the_municipality_sees_a_round_of_a_unit_below(personas, dn_round):
    # A TR for the whole municipality meets the round from above.
    from samtale.org import services as org_services
    from samtale.org.models import Role

    org_services.grant_role(personas.outsider, Role.TR, personas.units["K"])
    who = acting_as(personas.outsider)
    assert policy.representative_roles(who, dn_round) == ["tr"]
    assert dn_round in rounds_for(who)


@pytest.mark.parametrize("name", [n for n in PERSONA_NAMES if n != "anonymous"])
def test_pages_fetch_what_the_policy_lets_them_see(personas, dn_round, name):
    """round_for (the pages' fetch) answers 404 exactly where policy.can_see says no;
    the menu offers rounds to HR, TR, AMR and administrators, and to the others once a
    round they are in is announced."""
    from django.http import Http404

    from samtale.rounds.queries import round_for, sees_rounds

    who = viewer(personas, name)
    for announced in (False, True):
        if announced:
            services.announce(dn_round, by=acting_as(personas.hr), override_reason="Test")
        expected = name in (SEES_ANNOUNCED if announced else SEES_DRAFT)
        if expected:
            assert round_for(who, dn_round.pk) == dn_round
        else:
            with pytest.raises(Http404):
                round_for(who, dn_round.pk)
        menu = name in {"hr", "hr_elsewhere", "tr", "amr", "admin"} or expected
        assert sees_rounds(who) is menu
