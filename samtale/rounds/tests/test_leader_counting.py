"""The leader's overview ("Mine medarbejdere") counts per round, never by created_at: in
an announced round its conversations count (a MUS made in December for the January round
too), and nobody the round does not call to a MUS is missing one (their team holds GRUS
instead, their unit's rule holds no MUS this year). En-til-en is never missing, in a
round or out of one. Without a round, this year by created_at as before."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from samtale.access.viewer import acting_as, viewer_for
from samtale.conversations import counting
from samtale.conversations import services as conversation_services
from samtale.conversations.models import Conversation, ConversationKind
from samtale.conversations.progress import progress_for_leader
from samtale.rounds import progress, services
from samtale.rounds.models import Round, RoundConversation, Rule
from samtale.testing import factories

pytestmark = pytest.mark.django_db


def counts(person) -> dict[str, tuple[int, int, int]]:
    """code -> (held, planned, missing) on the leader's overview."""
    return {
        p.kind.code: (p.held, p.planned, p.missing)
        for p in progress_for_leader(viewer_for(person.user))
    }


def new_round(personas, **changes) -> Round:
    today = timezone.localdate()
    return services.create_round(
        by=acting_as(personas.hr),
        name="MUS i år",
        year=today.year,
        units=[personas.units["DN"]],
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=60),
        **changes,
    )


def announce(personas, round_: Round) -> Round:
    return services.announce(round_, by=acting_as(personas.hr), override_reason="Test")


def last_december() -> datetime.datetime:
    now = timezone.now()
    return now.replace(year=now.year - 1, month=12, day=15)


def overview(client_as) -> str:
    response = client_as("leader").get(reverse("conversations:overview"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_mus_made_in_december_counts_in_the_round(client_as, personas):
    emma = factories.held("mus", person=personas.employee)
    Conversation.objects.filter(pk=emma.pk).update(created_at=last_december())
    # no round: this year by created_at, so December's MUS does not count
    assert counts(personas.leader)["mus"] == (0, 0, 4)
    round_ = announce(personas, new_round(personas))
    assert RoundConversation.objects.filter(round=round_, conversation=emma).exists()
    # in the round it counts: held; the others have the round's planned MUS
    assert counts(personas.leader)["mus"] == (1, 3, 0)
    page = overview(client_as)
    assert reverse("conversations:detail", args=[emma.pk]) in page
    assert "Samtaler i MUS i år" in page


def test_outside_the_round_nothing_counts_for_the_kinds_it_includes(personas):
    round_ = announce(personas, new_round(personas))
    # a MUS made this year outside the round (Kasper's, twice) does not count in the round
    made = RoundConversation.objects.get(round=round_, conversation__person=personas.colleague)
    factories.held("mus", person=personas.colleague)
    assert counts(personas.leader)["mus"] == (0, 4, 0)
    assert made.conversation.state == "planned"


def test_members_of_a_team_holding_grus_instead_are_not_missing_mus(client_as, personas):
    round_ = new_round(personas)
    services.choose_grus(round_, by=acting_as(personas.hr), team=personas.teams["stue"])
    announce(personas, round_)
    # Emma and Kasper are in Stue Mariehønen: only Tina and Anders have a MUS
    assert counts(personas.leader)["mus"] == (0, 2, 0)
    assert counts(personas.leader)["grus"] == (0, 1, 0)
    # cancelled, Tina's is missing; Emma and Kasper still are not
    tina = Conversation.objects.get(person=personas.tr, kind__code="mus")
    conversation_services.cancel(tina, by=factories.host(tina))
    assert counts(personas.leader)["mus"] == (0, 1, 1)
    page = overview(client_as)
    emma_row = page[page.index("Emma Ansat") :]
    emma_row = emma_row[: emma_row.index("</tr>")]
    assert "Ikke for denne person" in emma_row and "Planlæg MUS" not in emma_row


def test_a_unit_whose_rule_holds_no_mus_this_year_is_not_missing_mus(personas):
    hr = acting_as(personas.hr)
    services.set_unit_rule(personas.units["SOLV"], by=hr, rule=Rule.GRUS)
    announce(personas, new_round(personas))
    # Tina and Anders work in Solsikken's Vuggestue: GRUS every year, MUS on request
    assert counts(personas.leader)["mus"] == (0, 2, 0)


def test_en_til_en_is_never_missing_anywhere(client_as, personas):
    """Not on the overview without a round, not in a round, not in the round's
    progress: a voluntary conversation is never counted, held or missing."""
    en_til_en = ConversationKind.objects.get(code="en-til-en")
    factories.held("en-til-en", person=personas.colleague)
    assert "en-til-en" not in counts(personas.leader)
    round_ = announce(personas, new_round(personas))
    assert "en-til-en" not in counts(personas.leader)
    assert not RoundConversation.objects.filter(round=round_, conversation__kind=en_til_en).exists()
    now = counting.for_leader(personas.leader)
    assert en_til_en.pk not in now.kinds
    page = overview(client_as)
    assert 'data-kind="en-til-en"' not in page
    # the round's progress: Kasper's held En-til-en is not a held conversation of the round
    assert progress.overall(round_).done == 0
    assert progress.overall(round_).total == RoundConversation.objects.filter(round=round_).count()


def test_the_overview_links_the_rounds_progress(client_as, personas):
    page = overview(client_as)
    assert "/fremdrift/" not in page
    round_ = announce(personas, new_round(personas))
    page = overview(client_as)
    assert reverse("rounds:progress", args=[round_.pk]) in page
    # a closed round no longer counts: this year by created_at again
    services.close(round_, by=acting_as(personas.hr))
    assert "/fremdrift/" not in overview(client_as)


def test_the_overview_query_count_in_a_round(client_as, personas, django_assert_num_queries):
    client = client_as("leader")
    client.get(reverse("conversations:overview"))  # the main menu's answer is cached
    # the overview's own (test_progress), the question whether a round applies, and the
    # rounds the leader offers times in (booking.leader_links); made anew, not kept
    caches["pages"].clear()
    with django_assert_num_queries(14):
        assert client.get(reverse("conversations:overview")).status_code == 200
    announce(personas, new_round(personas))
    client.get(reverse("conversations:overview"))
    # and in a round what it calls for: its kinds, its units, the reports, the teams,
    # the rules
    caches["pages"].clear()
    with django_assert_num_queries(19):
        assert client.get(reverse("conversations:overview")).status_code == 200


def test_the_rounds_counting_reads_the_reports_employed_on_its_day(personas):
    """The counting's queries are compiled once per process: the day (and the round and
    the leader) are parameters, so a report who has left by the day asked is not read."""
    from samtale.rounds import counting as round_counting

    round_ = new_round(personas)
    services.choose_grus(round_, by=acting_as(personas.hr), team=personas.teams["stue"])
    announce(personas, round_)
    today = timezone.localdate()
    emma = personas.employee
    emma.end_date = today + datetime.timedelta(days=5)
    emma.save(update_fields=["end_date"])
    mus = ConversationKind.objects.get(code="mus").pk
    now = round_counting.for_leader(personas.leader, today)
    later = round_counting.for_leader(personas.leader, today + datetime.timedelta(days=10))
    assert now is not None and later is not None
    # Emma's team holds GRUS instead: not offered MUS while she is employed
    assert {emma.pk, personas.colleague.pk} <= now.not_offered[mus]
    assert emma.pk not in later.not_offered[mus]
    assert personas.colleague.pk in later.not_offered[mus]
    # another round, asked in the same process, reads its own choices
    assert round_counting.current_round(personas.leader) == round_
