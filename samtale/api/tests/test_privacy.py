"""Privacy: the API never shows content the conversation page would not show, and logs
every read of someone else's content exactly as the page does.

"Until shared, nobody else sees [a preparation]: not the leader, not HR, not an
administrator, through no page, export, API or the Django admin." """

import pytest
from django.urls import reverse

from samtale.access.models import ReadLog
from samtale.api.tests.helpers import LIST, ME, answer, detail_url, planned, share
from samtale.conversations import services
from samtale.conversations.models import Conversation
from samtale.testing.factories import actor, host
from samtale.testing.personas import LOGGED_IN

pytestmark = pytest.mark.django_db

SECRET = "Min hemmelige forberedelse 7f3c – æøå"
TEAM_SECRET = "Teamets udkast 91ab"
DRAFT = "Referatudkast c0de – kun lederen"
OTHERS = ("leader", "hr", "admin", "colleague", "tr", "amr")


def every_answer(api_get, persona: str) -> bytes:
    """Every response the persona can get from the API, as raw bytes: who they are,
    every page of their list, and every conversation that exists (theirs or not)."""
    body = api_get(persona, ME).content + api_get(persona, LIST + "?limit=100").content
    for pk in Conversation.objects.values_list("pk", flat=True):
        body += api_get(persona, f"/api/v1/conversations/{pk}").content
    return body


def _encoded(text: str) -> list[bytes]:
    """The text as it may appear in JSON: plain UTF-8, or with \\u escapes."""
    import json

    return [text.encode(), json.dumps(text).encode()[1:-1]]


def shows(body: bytes, text: str) -> bool:
    return any(form in body for form in _encoded(text))


def test_an_unshared_preparation_is_seen_by_nobody_else(api_get, conversations, personas):
    mus = conversations.mus
    answer(mus, personas.employee, SECRET)
    for persona in LOGGED_IN:
        if persona != "employee":
            assert not shows(every_answer(api_get, persona), SECRET), persona
    assert not ReadLog.objects.exists()
    # The author reads her own preparation; that is no one else's read.
    own = api_get("employee", detail_url(mus)).json()
    (preparation,) = own["preparations"]
    assert preparation["person"]["name"] == "Emma Ansat" and preparation["shared_at"] is None
    texts = [q["answer"] for s in preparation["sections"] for q in s["questions"]]
    assert SECRET in texts
    assert not ReadLog.objects.exists()


def test_once_shared_the_leader_reads_it_and_the_read_is_logged(api_get, conversations, personas):
    mus = conversations.mus
    share(answer(mus, personas.employee, SECRET))
    assert shows(api_get("leader", detail_url(mus)).content, SECRET)
    log = ReadLog.objects.get()
    assert log.reader == personas.user("leader")
    assert log.reader_name == "Lene Leder"
    assert (log.subject_type, log.subject_id) == ("conversation", mus.pk)
    assert "Emma Ansat" in log.what
    # Still nobody outside the conversation.
    for persona in ("hr", "admin", "colleague", "tr", "amr", "chief", "outsider"):
        assert not shows(every_answer(api_get, persona), SECRET), persona
    # The author's own read writes nothing.
    api_get("employee", detail_url(mus))
    assert ReadLog.objects.count() == 1


def test_the_leader_sees_who_has_prepared_not_what(api_get, conversations, personas):
    mus = conversations.mus
    answer(mus, personas.employee, SECRET)
    leader = api_get("leader", detail_url(mus)).json()
    assert leader["preparations"] == []


def test_a_draft_summary_is_the_leaders_alone(api_get, conversations, personas):
    mus = conversations.mus
    services.mark_held(mus, by=host(mus))
    services.write_summary(mus, by=host(mus), summary=DRAFT)
    for persona in LOGGED_IN:
        if persona != "leader":
            assert not shows(every_answer(api_get, persona), DRAFT), persona
    leader = api_get("leader", detail_url(mus)).json()
    (draft,) = leader["summaries"]
    assert draft["summary"] == DRAFT and draft["shared_at"] is None
    assert not ReadLog.objects.exists()  # the author's own draft
    services.share_summary(mus, by=host(mus))
    employee = api_get("employee", detail_url(mus)).json()
    assert employee["summaries"][0]["summary"] == DRAFT
    log = ReadLog.objects.get()
    assert log.reader_name == "Emma Ansat" and log.what == "Referat, version 1"


def test_grus_team_preparation_is_the_teams_until_shared(api_get, conversations, personas):
    grus = conversations.grus
    answer(grus, None, TEAM_SECRET)
    for persona in ("employee", "colleague"):
        assert shows(api_get(persona, detail_url(grus)).content, TEAM_SECRET), persona
    for persona in OTHERS:
        if persona != "colleague":
            assert not shows(every_answer(api_get, persona), TEAM_SECRET), persona
    services.share_preparation(
        services.preparation_of(grus, by=actor(personas.colleague), team=True),
        by=actor(personas.colleague),
    )
    assert shows(api_get("leader", detail_url(grus)).content, TEAM_SECRET)
    assert ReadLog.objects.filter(reader=personas.user("leader")).get().what == (
        "Forberedelse fra teamet"
    )


def test_a_colleagues_unshared_preparation_stays_hers_within_the_team(
    api_get, conversations, personas
):
    grus = conversations.grus
    answer(grus, personas.employee, SECRET)
    assert not shows(api_get("colleague", detail_url(grus)).content, SECRET)
    assert not shows(api_get("leader", detail_url(grus)).content, SECRET)


def test_the_api_logs_the_same_reads_as_the_conversation_page(client_as, personas):
    """The same content read on the page and through the API gives the same read-log
    entries (the API shows no notes or follow-up requests, so none are made here)."""
    mus = planned("mus", person=personas.employee)
    share(answer(mus, personas.employee, SECRET))
    share(answer(mus, personas.leader, "Lederens forberedelse"))
    services.mark_held(mus, by=host(mus))
    services.write_summary(mus, by=host(mus), summary="Referat")
    services.share_summary(mus, by=host(mus))
    for persona in ("leader", "employee"):
        client = client_as(persona)
        assert client.get(reverse("conversations:detail", args=[mus.pk])).status_code == 200
        page = list(ReadLog.objects.order_by("pk").values_list("reader_name", "what"))
        ReadLog.objects.all().delete()
        assert client.get(detail_url(mus)).status_code == 200
        api = list(ReadLog.objects.order_by("pk").values_list("reader_name", "what"))
        ReadLog.objects.all().delete()
        assert api == page and api, persona


def test_no_cache_may_keep_an_answer(api_get, conversations):
    for url in (ME, LIST, detail_url(conversations.mus), "/api/v1/unknown"):
        cache_control = api_get("employee", url)["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control, url
