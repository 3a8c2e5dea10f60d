"""The rounds' part of the kept overview's key (``samtale.rounds.kept``): every write to
a round's settings changes the ``setup`` token, a conversation joining or leaving a
round changes its leader's token, and what a round changes on the overview shows on the
next page."""

from __future__ import annotations

import re

import pytest
from django.core.cache import caches

from samtale.access.viewer import acting_as
from samtale.conversations.kept import SETUP, person_name
from samtale.conversations.models import ChangeToken
from samtale.rounds import services
from samtale.rounds.models import RoundConversation, RoundKind, Rule, TeamChoice
from samtale.rounds.tests.test_leader_counting import announce, new_round, overview
from samtale.testing.factories import planned

pytestmark = pytest.mark.django_db

_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def page(client_as) -> str:
    return _TOKEN.sub("", overview(client_as))  # the forms' token differs per request


def token(name: str) -> str | None:
    found = ChangeToken.objects.filter(name=name).values_list("token", flat=True)
    return found[0] if found else None


def test_every_write_to_a_rounds_settings_changes_the_setup_token(personas):
    hr = acting_as(personas.hr)
    seen = {token(SETUP)}

    def changed() -> None:
        now = token(SETUP)
        assert now is not None and now not in seen
        seen.add(now)

    round_ = new_round(personas)  # the round, its units and kinds
    changed()
    services.change_round(round_, by=hr, name="MUS og GRUS i år")
    changed()
    services.set_units(round_, by=hr, units=[personas.units["SOL"]])
    changed()
    RoundKind.objects.filter(round=round_).delete()
    changed()
    services.choose_grus(round_, by=hr, team=personas.teams["stue"])
    changed()
    services.set_unit_rule(personas.units["SOL"], by=hr, rule=Rule.ALTERNATE, mus_year=2025)
    changed()
    services.set_unit_rule(personas.units["SOL"], by=hr, rule=None)
    changed()


def test_a_conversation_joining_or_leaving_a_round_changes_its_leaders_token(personas):
    round_ = new_round(personas)
    mus = planned("mus", person=personas.employee)
    lene, chief = person_name(personas.leader.pk), person_name(personas.chief.pk)
    before, others = token(lene), token(chief)
    services.add_conversation(round_, mus)
    joined = token(lene)
    assert joined != before
    RoundConversation.objects.filter(conversation=mus).delete()
    assert token(lene) != joined
    assert token(chief) == others


def test_what_a_round_changes_shows_on_the_kept_overview(client_as, personas):
    """Announced, the overview counts the round and links its progress; a team's choice
    of GRUS takes MUS from its members; closed, this year by created_at again."""
    assert "/fremdrift/" not in page(client_as)
    round_ = announce(personas, new_round(personas))
    announced = page(client_as)
    assert round_.name in announced
    caches["pages"].clear()
    assert page(client_as) == announced  # kept or made anew, the same
    # a team's choice after the announcement: as the admin (or a data fix) would write it
    TeamChoice.objects.create(round=round_, team=personas.teams["stue"])
    assert page(client_as) != announced
    services.close(round_, by=acting_as(personas.hr))
    assert "/fremdrift/" not in overview(client_as)
