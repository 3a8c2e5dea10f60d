"""The leader's overview ("Mine medarbejdere") and "Mine samtaler" are kept in the cache
under the key of ``samtale.conversations.kept``: the database changes a person's token
with every write to the conversations they hold or take part in, whoever writes (a
service, a bulk update, a delete), and the ``setup`` token with every change of a kind;
a kept page is the page made anew; every change shows on the next page, and on "Mine
samtaler" so does the start of a conversation; the kept forms carry the request's own
token."""

from __future__ import annotations

import datetime
import re
from types import SimpleNamespace

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samtale.conversations import services, views
from samtale.conversations.kept import SETUP, person_name
from samtale.conversations.models import ChangeToken, Conversation, ConversationKind
from samtale.lib.keptforms import MARKER
from samtale.org import services as org_services
from samtale.org.models import Role
from samtale.testing.factories import held, host, invited, planned, soon

pytestmark = pytest.mark.django_db(transaction=False)

_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
OVERVIEW = "/samtaler/mine-medarbejdere/"


def token(name: str) -> str | None:
    found = ChangeToken.objects.filter(name=name).values_list("token", flat=True)
    return found[0] if found else None


def _page(client, url: str = OVERVIEW) -> str:
    answer = client.get(url)
    assert answer.status_code == 200, url
    return _TOKEN.sub("", answer.content.decode())


def test_the_overview_is_where_the_tests_look():
    assert reverse("conversations:overview") == OVERVIEW


def _kept_at_the_next_login(user, url: str) -> tuple[Client, str]:
    """The page kept at one login (its own CSRF secret), asked at the next (another):
    the second client and the page it got, with no marker left in either."""
    first = Client(enforce_csrf_checks=True)
    first.force_login(user)
    assert MARKER not in first.get(url).content.decode()
    second = Client(enforce_csrf_checks=True)
    second.force_login(user)
    page = second.get(url).content.decode()
    assert MARKER not in page
    return second, page


# --- the tokens ----------------------------------------------------------------------


def test_every_write_to_a_leaders_conversations_changes_their_token(personas):
    lene = person_name(personas.leader.pk)
    seen = {token(lene)}

    def changed() -> None:
        now = token(lene)
        assert now is not None and now not in seen
        seen.add(now)

    mus = planned("mus", person=personas.employee)  # insert
    changed()
    services.invite(mus, by=host(mus), starts_at=soon(), location="Kontoret")  # update
    changed()
    Conversation.objects.filter(pk=mus.pk).update(location="Mødelokalet")  # bulk update
    changed()
    Conversation.objects.bulk_create(  # bulk insert
        [
            Conversation(
                kind=mus.kind, leader=personas.leader, person=personas.colleague, duration=60
            )
        ]
    )
    changed()
    Conversation.objects.filter(person=personas.colleague).delete()  # delete
    changed()


def test_a_conversation_moving_to_another_leader_changes_both_tokens(personas):
    mus = planned("mus", person=personas.employee)
    lene, chief = person_name(personas.leader.pk), person_name(personas.chief.pk)
    before = token(lene), token(chief)
    Conversation.objects.filter(pk=mus.pk).update(leader=personas.chief)
    assert token(lene) != before[0]
    assert token(chief) not in (None, before[1])


def test_a_write_to_one_leaders_conversations_leaves_the_others_tokens(personas):
    planned("lus", person=personas.leader)  # held by the chief
    chief = token(person_name(personas.chief.pk))
    planned("mus", person=personas.employee)
    assert token(person_name(personas.chief.pk)) == chief


def test_a_change_of_a_kind_changes_the_setup_token():
    before = token(SETUP)
    ConversationKind.objects.filter(code="mus").update(name_da="Medarbejdersamtale")
    assert token(SETUP) not in (None, before)


# --- the overview --------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["leader", "chief"])
def test_a_kept_overview_is_the_overview_made_anew(client_as, personas, persona):
    held("mus", person=personas.employee)
    invited("mus", person=personas.colleague)
    client = client_as(persona)
    for url in (OVERVIEW, OVERVIEW + "?page=2"):
        kept = _page(client, url)  # the first made and kept it
        assert _page(client, url) == kept
        caches["pages"].clear()
        assert _page(client, url) == kept, (persona, url)


def test_each_step_of_a_conversation_shows_on_the_next_overview(client_as, personas):
    client = client_as("leader")
    row = re.compile(re.escape(personas.employee.name) + r"</a></th>\s*<td>\s*(.*?)</td>", re.S)

    def cell() -> str:
        found = row.search(_page(client))
        assert found is not None
        return found.group(1)

    assert "Planlæg" in cell()
    mus = planned("mus", person=personas.employee)
    assert "Planlagt" in cell()
    services.invite(mus, by=host(mus), starts_at=soon(), location="Kontoret")
    assert "Inviteret" in cell()
    services.cancel(mus, by=host(mus), reason="Syg")
    assert "Planlæg" in cell()


def test_a_conversation_handed_to_another_leader_leaves_the_first_overview(client_as, personas):
    mus = planned("mus", person=personas.employee)
    client = client_as("leader")
    url = reverse("conversations:detail", args=[mus.pk])
    assert url in _page(client)
    Conversation.objects.filter(pk=mus.pk).update(leader=personas.chief)
    assert url not in _page(client)


def test_a_renamed_kind_and_a_new_report_show_at_once(client_as, personas):
    client = client_as("leader")
    assert "Udviklingssamtale" not in _page(client)
    ConversationKind.objects.filter(code="mus").update(name_da="Udviklingssamtale")
    assert "Udviklingssamtale" in _page(client)
    org_services.create_person(
        name="Nyansat Person", unit=personas.units["SOL"], manager=personas.leader
    )
    assert "Nyansat Person" in _page(client)


def test_a_leader_never_gets_another_leaders_overview(client_as, personas):
    lene = _page(client_as("leader"))
    chief = _page(client_as("chief"))
    assert personas.employee.name in lene
    assert personas.employee.name not in chief
    assert personas.leader.name in chief


def test_a_role_granted_makes_the_overview_anew(client_as, personas, monkeypatch):
    """The key holds who the viewer is, their roles too (as the org pages' key)."""
    client = client_as("leader")
    _page(client)
    org_services.grant_role(personas.leader, Role.TR, personas.units["SOL"])
    with CaptureQueriesContext(connection) as asked:
        _page(client)
    assert len(asked.captured_queries) > 6  # made anew


def test_a_kept_overview_asks_no_query_for_its_lists(client_as, personas):
    client = client_as("leader")
    _page(client)
    # session, the user with their viewer, the organisation's version, the tokens
    with CaptureQueriesContext(connection) as asked:
        _page(client)
    assert len(asked.captured_queries) <= 5, [q["sql"][:90] for q in asked.captured_queries]


def test_a_kept_plan_button_carries_the_requests_own_token(personas):
    """Kept at one login, the page is shown at the next (a new CSRF secret): its plan
    button still plans."""
    second, page = _kept_at_the_next_login(personas.leader.user, OVERVIEW)
    form = re.search(
        r'<form method="post" action="([^"]+)"><input type="hidden" '
        r'name="csrfmiddlewaretoken" value="([^"]+)">\s*'
        r'<input type="hidden" name="kind" value="mus"><input type="hidden" name="person" '
        rf'value="{personas.employee.pk}">',
        page,
    )
    assert form is not None
    answer = second.post(
        form.group(1),
        {"csrfmiddlewaretoken": form.group(2), "kind": "mus", "person": personas.employee.pk},
    )
    assert answer.status_code == 302
    assert Conversation.objects.filter(person=personas.employee, kind__code="mus").exists()


def test_the_employee_gets_no_overview(client_as, personas):
    assert client_as("employee").get(OVERVIEW).status_code == 404


# --- "Mine samtaler" -----------------------------------------------------------------

MINE = "/samtaler/"


def _steps(client) -> list[str]:
    return re.findall(r'data-step="([a-z_]+)"', _page(client, MINE))


def test_mine_is_where_the_tests_look():
    assert reverse("conversations:mine") == MINE


@pytest.mark.parametrize("persona", ["employee", "colleague", "leader", "chief", "hr", "admin"])
def test_a_kept_mine_is_the_page_made_anew(client_as, personas, persona):
    held("mus", person=personas.employee)
    invited("mus", person=personas.colleague)
    planned("lus", person=personas.leader)
    client = client_as(persona)
    for url in (MINE, MINE + "?page=2&kommende=2"):
        kept = _page(client, url)
        assert _page(client, url) == kept
        caches["pages"].clear()
        assert _page(client, url) == kept, (persona, url)


def test_a_start_passing_makes_mine_anew_though_nothing_was_written(
    client_as, personas, monkeypatch
):
    """At the start of an invited conversation the leader's step turns from preparing
    to marking it held, and it leaves the coming ones: kept until then, not after."""
    mus = invited("mus", person=personas.employee, starts_at=soon(2))
    client = client_as("leader")
    assert _steps(client) == ["prepare"]
    assert _steps(client) == ["prepare"]  # kept
    assert mus.starts_at is not None
    later = mus.starts_at + datetime.timedelta(minutes=1)
    # the page's clock only (the session's idle timeout keeps the real one)
    monkeypatch.setattr(views, "timezone", SimpleNamespace(now=lambda: later))
    assert _steps(client) == ["mark_held"]


def test_a_step_taken_by_the_other_participant_shows_at_once(client_as, personas):
    """The leader shares the summary: the employee's kept page asks her to answer it."""
    mus = held("mus", person=personas.employee)
    client = client_as("employee")
    assert _steps(client) == []
    services.write_summary(mus, by=host(mus), summary="Et godt år.")
    assert _steps(client) == []  # a draft is the leader's alone
    services.share_summary(mus, by=host(mus))
    assert _steps(client) == ["answer_summary"]


def test_a_kept_ask_button_carries_the_requests_own_token(personas):
    second, page = _kept_at_the_next_login(personas.employee.user, MINE)
    form = re.search(
        r'<form method="post" action="([^"]+)"><input type="hidden" '
        r'name="csrfmiddlewaretoken" value="([^"]+)">\s*'
        r'<input type="hidden" name="kind" value="([a-z-]+)">',
        page,
    )
    assert form is not None
    answer = second.post(
        form.group(1), {"csrfmiddlewaretoken": form.group(2), "kind": form.group(3)}
    )
    assert answer.status_code == 302


def test_a_kept_mine_asks_no_query_for_its_lists(client_as, personas):
    invited("mus", person=personas.employee)
    client = client_as("employee")
    _page(client, MINE)
    # session, the user with their viewer, the organisation's version, the tokens
    with CaptureQueriesContext(connection) as asked:
        _page(client, MINE)
    assert len(asked.captured_queries) <= 5, [q["sql"][:90] for q in asked.captured_queries]


def test_a_kept_mine_is_kept_per_language(client_as, personas, settings):
    client = client_as("employee")
    assert "Det venter på dig" in _page(client, MINE)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _page(client, MINE)
    assert "Waiting for you" in english and "Det venter på dig" not in english
