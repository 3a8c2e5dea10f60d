"""The round's progress pages, per persona: HR of the round's scope and administrators
see the whole round, with names where they are HR; a leader sees the units of their own
line and drills down to their people; TR and AMR see their scope's counts and never a
name; everyone else gets 404. Dates and states only, never content; query counts do not
grow with the rows."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samtale.access.viewer import acting_as, viewer_for
from samtale.conversations import services as conversation_services
from samtale.conversations.followups import services as follow_up_services
from samtale.conversations.models import Conversation, FollowUpRequest
from samtale.org import services as org_services
from samtale.rounds import services
from samtale.rounds.models import Round, RoundConversation
from samtale.testing import factories
from samtale.testing.personas import LOGGED_IN

pytestmark = pytest.mark.django_db

SECRET_SUMMARY = "Hemmeligt referat om Emmas trivsel"
SECRET_PREPARATION = "Forberedelsens indhold"


@pytest.fixture
def running(personas) -> Round:
    """A round over Dagtilbud Nord running now: Emma's MUS accepted (with a summary),
    Kasper's invited with his preparation shared, Tina's held with an overdue follow-up,
    the team's GRUS cancelled, the rest (Anders, Mette, Lene's LUS) not booked; an
    En-til-en held beside the round."""
    hr = acting_as(personas.hr)
    today = timezone.localdate()
    round_ = factories.running_round(hr, [personas.units["DN"]], name="Dagtilbud")
    factories.accepted(factories.held("mus", person=personas.employee), summary=SECRET_SUMMARY)
    kasper = factories.invited("mus", person=personas.colleague)
    preparation = conversation_services.preparation_of(
        kasper, by=factories.actor(personas.colleague)
    )
    conversation_services.share_preparation(preparation, by=factories.actor(personas.colleague))
    tina = factories.held("mus", person=personas.tr)
    factories.held("en-til-en", person=personas.colleague)  # voluntary: never counted
    round_ = services.announce(round_, by=hr, override_reason="Test")
    grus = RoundConversation.objects.get(round=round_, conversation__team__isnull=False)
    conversation_services.cancel(grus.conversation, by=factories.host(grus.conversation))
    request = follow_up_services.request_follow_up(
        tina, by=factories.actor(personas.tr), reason="Mere om sprog"
    )
    FollowUpRequest.objects.filter(pk=request.pk).update(
        deadline=today - datetime.timedelta(days=1)
    )
    return round_


def url(name: str, round_: Round, *args: int) -> str:
    return reverse(f"rounds:{name}", args=[round_.pk, *args])


def get(client, address: str) -> tuple[int, str]:
    response = client.get(address)
    return response.status_code, response.content.decode()


def count_of(page: str, unit_code: str, state: str) -> int | None:
    """The unit's number in the state's column; None where it is hidden (a dash)."""
    row = page[page.index(f'data-unit="{unit_code}"') :]
    row = row[: row.index("</tr>")]
    cell = row[row.index(f'data-count="{state}">') + len(f'data-count="{state}">') :]
    cell = cell[: cell.index("</td>")]
    if cell.startswith('<span aria-hidden="true">–</span><span class="sr-only">Skjult'):
        return None
    return int(cell)


OTHER_NAMES = (
    "Emma Ansat",
    "Kasper Kollega",
    "Lene Leder",
    "Christian Chef",
    "Morten Mælkebøtte",
    "Mette Mælkebøtte-Ansat",
    "Stue Mariehønen",
)

# --- who sees the progress page -------------------------------------------------------------

SEES_PROGRESS = {"hr", "admin", "leader", "chief", "board_chair", "tr", "amr"}


@pytest.mark.parametrize("persona", LOGGED_IN)
def test_who_sees_the_progress_page(client_as, running, persona):
    status, _ = get(client_as(persona), url("progress", running))
    assert status == (200 if persona in SEES_PROGRESS else 404)


def test_anonymous_is_sent_to_log_in(client, running):
    response = client.get(url("progress", running))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("persona", LOGGED_IN)
def test_a_draft_has_no_progress(client_as, personas, persona):
    draft = services.create_round(
        by=acting_as(personas.hr), name="Udkast", year=2030, units=[personas.units["DN"]]
    )
    assert get(client_as(persona), url("progress", draft))[0] == 404


def test_hr_sees_the_whole_round_with_counts_per_state(client_as, running):
    status, page = get(client_as("hr"), url("progress", running))
    assert status == 200
    assert count_of(page, "DN", "total") == 8
    assert count_of(page, "DN", "not_booked") == 4  # Anders, Mette, Lene's LUS, Morten's LUS
    for state, n in (("invited", 1), ("held", 1), ("accepted", 1), ("cancelled", 1)):
        assert count_of(page, "DN", state) == n
    assert count_of(page, "DN", "follow_up_pending") == 1
    assert count_of(page, "DN", "follow_up_overdue") == 1
    # the bar, with its number in words beside it (not the bar alone)
    assert '<progress class="samtale-progress" max="8" value="2"' in page
    assert "2 af 8 afholdt (25 %)" in page
    assert '<th scope="col">' in page and "<caption>" in page
    # one level at a time: open Dagtilbud Nord to see its units
    dn = running.units.get()
    status, page = get(client_as("hr"), url("progress", running) + f"?enhed={dn.pk}")
    assert status == 200
    assert count_of(page, "SOL", "total") == 6
    assert count_of(page, "MAE", "total") == 2
    assert reverse("rounds:progress_unit", args=[running.pk, running.units.get().pk]) not in page
    assert "Ledere og medarbejdere" in page


def test_hr_of_another_area_and_an_unknown_unit_get_404(client_as, running, personas):
    assert get(client_as("hr_elsewhere"), url("progress", running))[0] == 404
    hr = client_as("hr")
    ege = personas.units["EGE"]
    assert get(hr, url("progress", running) + f"?enhed={ege.pk}")[0] == 404
    assert get(hr, url("progress", running) + "?enhed=x")[0] == 404
    assert get(hr, url("progress_unit", running, ege.pk))[0] == 404


def test_a_leader_sees_their_own_line(client_as, running, personas):
    status, page = get(client_as("leader"), url("progress", running))
    assert status == 200
    # Lene's conversations count in Solsikken and its Vuggestue; Mælkebøtten is not hers
    assert "Børnehuset Solsikken" in page and "Mælkebøtten" not in page
    assert count_of(page, "SOL", "total") == 5  # her 5 MUS and GRUS, not her own LUS
    # the chief sees Lene's conversations and the LUS he holds with her
    status, page = get(client_as("chief"), url("progress", running))
    assert count_of(page, "SOL", "total") == 6
    # the board chair only her own: Morten's LUS, not the MUS he holds with Mette
    status, page = get(client_as("board_chair"), url("progress", running))
    assert count_of(page, "MAE", "total") == 1


@pytest.mark.parametrize("persona", ["tr", "amr"])
@override_settings(SAMTALE_MIN_GROUP=1)  # nothing hidden: what the pages show and where
def test_representatives_see_counts_only(client_as, running, personas, persona):
    client = client_as(persona)
    status, page = get(client, url("progress", running))
    assert status == 200
    assert count_of(page, "SOL", "total") == 6
    assert "Mælkebøtten" not in page  # outside their scope
    sol = personas.units["SOL"]
    status, opened = get(client, url("progress", running) + f"?enhed={sol.pk}")
    assert status == 200 and count_of(opened, "SOLV", "total") == 2
    for shown in (page, opened):
        for name in OTHER_NAMES:
            assert name not in shown
        assert "/fremdrift/enhed/" not in shown and "/fremdrift/leder/" not in shown
    # no drill-down, whatever the address
    assert get(client, url("progress_unit", running, sol.pk))[0] == 404
    assert get(client, url("progress_leader", running, personas.leader.pk))[0] == 404
    # above their scope: nothing
    assert get(client, url("progress", running) + f"?enhed={personas.units['DN'].pk}")[0] == 404


@pytest.mark.parametrize("persona", ["tr", "amr"])
def test_representatives_see_no_small_numbers(client_as, running, personas, persona):
    """Solsikken's six conversations are each in a state of their own or two (and one
    follow-up overdue): every number is fewer than five, so a representative sees
    dashes, at every level, and no share held; HR sees the numbers."""
    client = client_as(persona)
    sol, solv = personas.units["SOL"], personas.units["SOLV"]
    status, page = get(client, url("progress", running))
    assert status == 200
    assert "vises som –" in page
    codes = ["not_booked", "invited", "held", "accepted", "cancelled", "total"]
    assert [count_of(page, "SOL", code) for code in codes] == [None] * 6
    assert count_of(page, "SOL", "follow_up_overdue") is None
    assert "<progress" not in page and "afholdt (" not in page
    status, opened = get(client, url("progress", running) + f"?enhed={sol.pk}")
    # a 0 tells about nobody and is shown; the rest is hidden as it is one level up
    assert [count_of(opened, "SOLV", code) for code in codes] == [None, 0, None, 0, 0, None]
    assert 'data-count="total">6<' not in opened  # Solsikken's own table: hidden as above
    # HR sees names anyway: nothing is hidden from them
    hr = get(client_as("hr"), url("progress", running) + f"?enhed={sol.pk}")[1]
    assert [count_of(hr, "SOLV", code) for code in codes] == [1, 0, 1, 0, 0, 2]
    assert solv.name in hr


def test_hr_of_a_part_sees_the_rest_of_the_round_without_small_numbers(client_as, personas):
    """A round over the whole municipality: Hanne (HR for Børn og Unge) sees her own
    forvaltning's numbers whole, small ones too (she sees the names behind them), and
    Social og Sundhed's with the small ones hidden, as does the municipality's row that
    would give them away; Henrik (HR for Social og Sundhed) the other way round; the
    administrator sees every number."""
    admin = viewer_for(personas.admin_user)
    round_ = factories.running_round(admin, [personas.units["K"]], name="Kommunen")
    round_ = services.announce(round_, by=admin, override_reason="Test")
    top = url("progress", round_) + f"?enhed={personas.units['K'].pk}"
    whole = get(client_as("admin"), top)[1]
    bu, ss = count_of(whole, "BU", "total"), count_of(whole, "SS", "total")
    assert bu is not None and ss is not None and 0 < ss < 5

    status, hanne = get(client_as("hr"), top)
    assert status == 200 and "Uden for dit HR-område" in hanne
    assert count_of(hanne, "BU", "total") == bu
    assert count_of(hanne, "SS", "total") is None
    assert count_of(get(client_as("hr"), url("progress", round_))[1], "K", "total") is None
    small = url("progress", round_) + f"?enhed={personas.units['DN'].pk}"
    assert count_of(get(client_as("hr"), small)[1], "MAE", "total") == count_of(
        get(client_as("admin"), small)[1], "MAE", "total"
    )

    henrik = get(client_as("hr_elsewhere"), top)[1]
    assert count_of(henrik, "SS", "total") == ss


# --- the drill-down: a unit's leaders, a leader's people ------------------------------------

UNIT_SEES = {"hr", "admin", "leader", "chief"}
LEADER_SEES = {"hr", "admin", "leader", "chief"}


@pytest.mark.parametrize("persona", LOGGED_IN)
def test_who_drills_down(client_as, running, personas, persona):
    client = client_as(persona)
    sol = personas.units["SOL"]
    assert get(client, url("progress_unit", running, sol.pk))[0] == (
        200 if persona in UNIT_SEES else 404
    )
    assert get(client, url("progress_leader", running, personas.leader.pk))[0] == (
        200 if persona in LEADER_SEES else 404
    )


def test_a_units_leaders_and_a_leaders_people(client_as, running, personas):
    client = client_as("hr")
    status, page = get(client, url("progress_unit", running, personas.units["SOL"].pk))
    assert "Lene Leder" in page and "Christian Chef" in page  # Lene's LUS counts in SOL
    leader_url = url("progress_leader", running, personas.leader.pk)
    assert leader_url in page
    status, page = get(client, leader_url)
    assert status == 200
    for name in ("Emma Ansat", "Kasper Kollega", "Tina Tillid", "Stue Mariehønen"):
        assert name in page
    emma = Conversation.objects.get(person=personas.employee, kind__code="mus")
    row = page[page.index(f'data-conversation="{emma.pk}"') :]
    row = row[: row.index("</tr>")]
    assert 'data-state="accepted"' in row and timezone.localdate().strftime("%Y") in row
    kasper = Conversation.objects.get(person=personas.colleague, kind__code="mus")
    row = page[page.index(f'data-conversation="{kasper.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "<td>Ja</td>" in row  # his preparation is shared
    assert " kl. " in row  # Danish time
    # dates and states only
    assert SECRET_SUMMARY not in page and "Mere om sprog" not in page
    assert "En-til-en" not in page  # not in the round


def test_a_leader_drills_down_only_in_their_line(client_as, running, personas):
    lene = client_as("leader")
    assert get(lene, url("progress_leader", running, personas.chief.pk))[0] == 404
    assert get(lene, url("progress_leader", running, personas.mae_leader.pk))[0] == 404
    status, page = get(lene, url("progress_unit", running, personas.units["SOL"].pk))
    assert status == 200
    assert "Lene Leder" in page and "Christian Chef" not in page
    chair = client_as("board_chair")
    assert get(chair, url("progress_leader", running, personas.board_chair.pk))[0] == 200
    # a board chair leads only directly: not Morten's people
    assert get(chair, url("progress_leader", running, personas.mae_leader.pk))[0] == 404


# --- links ----------------------------------------------------------------------------------


def test_the_round_page_and_information_link_the_progress(client_as, running):
    progress_url = url("progress", running)
    assert progress_url in get(client_as("hr"), url("detail", running))[1]
    assert progress_url in get(client_as("tr"), url("detail", running))[1]
    assert progress_url in get(client_as("leader"), url("information", running))[1]
    assert progress_url not in get(client_as("employee"), url("information", running))[1]


# --- query counts ---------------------------------------------------------------------------


def _more(personas, running: Round, n: int) -> None:
    """``n`` more people in Solsikken's Vuggestue with Lene, each with a MUS in the round,
    and as many units below it."""
    hr = acting_as(personas.hr)
    for i in range(n):
        org_services.create_unit(code=f"N{i}", name=f"Ny stue {i}", parent=personas.units["SOLV"])
        org_services.create_person(
            name=f"Ny {i:02}",
            employee_number=f"9{i:03}",
            unit=personas.units["SOLV"],
            manager=personas.leader,
        )
    services.relaunch(running, by=hr)


def test_the_pages_query_counts_do_not_grow(client_as, running, personas, settings):
    settings.SAMTALE_PAGE_SIZE = 5
    solv = personas.units["SOLV"]
    pages = {
        "hr": [
            url("progress", running),
            url("progress", running) + f"?enhed={solv.pk}",
            url("progress_unit", running, solv.pk),
            url("progress_leader", running, personas.leader.pk),
        ],
        "leader": [
            url("progress", running),
            url("progress_leader", running, personas.leader.pk),
        ],
        "tr": [url("progress", running) + f"?enhed={solv.pk}"],
    }

    def counts() -> dict[str, int]:
        found = {}
        for persona, addresses in pages.items():
            client = client_as(persona)
            for address in addresses:
                with CaptureQueriesContext(connection) as queries:
                    assert client.get(address).status_code == 200
                found[f"{persona} {address}"] = len(queries.captured_queries)
        return found

    counts()  # the main menu's answer for a leader is cached from the first page on
    before = counts()
    _more(personas, running, 12)
    assert running.conversation_links.count() == 20
    assert counts() == before
    # pinned: the session, the viewer with the login, the round and its units, the tree
    # (the units below, the conversations, the follow-ups); a leader's people: the
    # leader, the count and the page; a leader's tree: their units first
    assert before[f"hr {url('progress', running)}"] == 7
    assert before[f"hr {url('progress_leader', running, personas.leader.pk)}"] == 7
    assert before[f"leader {url('progress', running)}"] == 8
    # paginated: the leader's 17 conversations, 5 a page
    status, page = get(client_as("hr"), url("progress_leader", running, personas.leader.pk))
    assert status == 200
    assert page.count("data-conversation=") == 5 and "Side 1 af 4" in page
