"""Development plans: the leader writes the goals after a MUS or LUS, both participants
follow up, the next conversation shows the last plan, and nobody else sees any of it."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from samtale.access.models import ReadLog
from samtale.conversations import services as conversation_services
from samtale.conversations.models import Conversation, ConversationKind, State
from samtale.development import services
from samtale.development.models import ItemStatus, PlanItem, Proposal, Responsible
from samtale.org import services as org_services
from samtale.testing import factories
from samtale.testing.factories import actor, host
from samtale.testing.personas import PERSONA_NAMES

pytestmark = pytest.mark.django_db

NOT_PARTICIPANTS = [name for name in PERSONA_NAMES if name not in ("employee", "leader")]


def held(kind_code: str, person, *, days_ago: int = 0, leader=None) -> Conversation:
    return factories.held(kind_code, person=person, leader=leader, days_ago=days_ago)


@pytest.fixture
def mus(emmas_held_mus) -> Conversation:
    return emmas_held_mus


@pytest.fixture
def goal(mus, personas) -> PlanItem:
    return services.add_item(
        mus,
        by=actor(personas.leader),
        goal="Lede teamets morgenmøder",
        activities="Sparring med Lene hver fjortende dag",
        due=datetime.date(2027, 6, 30),
        responsible=Responsible.PERSON,
    )


# --- services --------------------------------------------------------------------------


def test_the_leader_writes_the_plan_once_held(personas):
    kind = ConversationKind.objects.get(code="mus")
    planned = conversation_services.plan(
        kind=kind, person=personas.employee, by=actor(personas.employee.manager)
    )
    with pytest.raises(ValidationError, match="afholdt"):
        services.add_item(planned, by=actor(personas.leader), goal="Kursus")
    conversation_services.invite(
        planned,
        by=host(planned),
        starts_at=timezone.now() + datetime.timedelta(hours=2),
        location="x",
    )
    conversation_services.mark_held(planned, by=host(planned))
    # the employee proposes; the leader accepts or declines (test_proposals.py)
    proposal = services.add_item(planned, by=actor(personas.employee), goal="Kursus")
    assert proposal.proposal == Proposal.PROPOSED
    proposal.delete()
    first = services.add_item(planned, by=actor(personas.leader), goal="  Kursus   i  Excel ")
    second = services.add_item(planned, by=actor(personas.leader), goal="Mentor")
    assert first.goal == "Kursus i Excel"
    assert first.plan == second.plan and first.plan.person == personas.employee
    assert [i.goal for i in first.plan.items.all()] == ["Kursus i Excel", "Mentor"]


def test_a_goal_is_required_and_the_responsible_must_be_known(mus, personas):
    with pytest.raises(ValidationError):
        services.add_item(mus, by=actor(personas.leader), goal="   ")
    with pytest.raises(ValidationError):
        services.add_item(mus, by=actor(personas.leader), goal="x", responsible="hr")
    assert not PlanItem.objects.exists()


def test_kinds_without_a_plan(personas):
    en_til_en = held("en-til-en", personas.employee)
    with pytest.raises(ValidationError, match="ingen udviklingsplan"):
        services.add_item(en_til_en, by=actor(personas.leader), goal="x")


def test_closed_plans_are_followed_up_but_not_rewritten(goal, personas):
    conversation = goal.plan.conversation
    conversation_services.write_summary(conversation, by=host(conversation), summary="Godt")
    conversation_services.share_summary(conversation, by=host(conversation))
    conversation_services.respond_to_summary(conversation, by=actor(personas.employee), accept=True)
    conversation_services.close(conversation, by=host(conversation))
    with pytest.raises(ValidationError):
        services.change_item(goal, by=actor(personas.leader), goal="Nyt")
    services.set_status(goal, by=actor(personas.employee), status=ItemStatus.DONE)
    goal.refresh_from_db()
    assert goal.status == ItemStatus.DONE and goal.updated_by == personas.employee
    with pytest.raises(ValidationError):
        services.set_status(goal, by=actor(personas.colleague), status=ItemStatus.DROPPED)


# --- the conversation page ---------------------------------------------------------------


def test_leader_adds_a_goal_on_the_page_and_the_employee_sees_it(mus, client_as, personas):
    client = client_as("leader")
    page = client.get(reverse("conversations:detail", args=[mus.pk])).content.decode()
    assert "Udviklingsplan" in page and "Tilføj et udviklingsmål" in page
    response = client.post(
        reverse("development:add_item", args=[mus.pk]),
        {
            "goal": "Tage en diplomuddannelse i ledelse",
            "activities": "Modul 1 i foråret",
            "due": "2027-05-31",
            "responsible": "both",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#udviklingsplan")
    item = PlanItem.objects.get()
    assert item.due == datetime.date(2027, 5, 31) and item.updated_by == personas.leader

    page = client_as("employee").get(reverse("conversations:detail", args=[mus.pk]))
    text = page.content.decode()
    assert "Tage en diplomuddannelse i ledelse" in text and "31. maj 2027" in text
    assert "Tilføj et udviklingsmål" not in text  # the employee does not write the plan
    # The employee read content the leader wrote: logged on the conversation.
    assert ReadLog.objects.filter(
        subject_id=mus.pk, what="Udviklingsplan", reader=personas.user("employee")
    ).exists()


def test_a_bad_goal_gets_a_danish_error_and_nothing_is_saved(mus, client_as):
    response = client_as("leader").post(
        reverse("development:add_item", args=[mus.pk]), {"goal": "", "responsible": "both"}
    )
    assert response.status_code == 400
    assert "Dette felt er påkrævet" in response.content.decode()
    assert not PlanItem.objects.exists()


@pytest.mark.parametrize("persona", [*NOT_PARTICIPANTS, "employee"])
def test_only_the_leader_who_held_it_writes(mus, goal, client_as, persona):
    client = client_as(persona)
    for url in (
        reverse("development:add_item", args=[mus.pk]),
        reverse("development:change_item", args=[goal.pk]),
    ):
        response = client.post(url, {"goal": "Overtaget", "responsible": "both"})
        assert response.status_code in (302, 404), url
        if persona == "anonymous":
            assert "/login/" in response["Location"]
    response = client.post(reverse("development:remove_item", args=[goal.pk]))
    assert response.status_code in (302, 404)
    goal.refresh_from_db()
    assert goal.goal == "Lede teamets morgenmøder"


@pytest.mark.parametrize("persona", NOT_PARTICIPANTS)
def test_nobody_else_sees_or_follows_up(mus, goal, client_as, persona):
    client = client_as(persona)
    response = client.post(
        reverse("development:set_status", args=[goal.pk]), {"status": ItemStatus.DONE}
    )
    assert response.status_code in (302, 404)
    if persona != "anonymous":
        assert response.status_code == 404
        mine = client.get(reverse("development:mine"))
        assert mine.status_code in (200, 404)
        assert "Lede teamets morgenmøder" not in mine.content.decode()
        page = client.get(reverse("conversations:detail", args=[mus.pk]))
        assert page.status_code == 404
    goal.refresh_from_db()
    assert goal.status == ItemStatus.PLANNED


def test_leader_changes_and_removes_a_goal(goal, client_as):
    client = client_as("leader")
    form = client.get(reverse("development:change_item", args=[goal.pk]))
    assert "Lede teamets morgenmøder" in form.content.decode()
    # the date the goal has, in the form the browser's date picker shows (not 30.06.2027)
    assert 'value="2027-06-30"' in form.content.decode()
    client.post(
        reverse("development:change_item", args=[goal.pk]),
        {"goal": "Lede to møder om ugen", "activities": "", "due": "", "responsible": "leader"},
    )
    goal.refresh_from_db()
    assert goal.goal == "Lede to møder om ugen" and goal.due is None
    assert goal.responsible == Responsible.LEADER
    client.post(reverse("development:remove_item", args=[goal.pk]))
    assert not PlanItem.objects.exists()


def test_both_follow_up_with_htmx_and_without(goal, client_as):
    response = client_as("employee").post(
        reverse("development:set_status", args=[goal.pk]),
        {"status": ItemStatus.UNDER_WAY},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "I gang" in response.content.decode()
    response = client_as("leader").post(
        reverse("development:set_status", args=[goal.pk]),
        {"status": ItemStatus.DONE, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/samtaler/{goal.plan.conversation_id}/#udviklingsplan")
    goal.refresh_from_db()
    assert goal.status == ItemStatus.DONE


def test_no_plan_panel_for_en_til_en(personas, client_as):
    en_til_en = held("en-til-en", personas.employee)
    page = client_as("leader").get(reverse("conversations:detail", args=[en_til_en.pk]))
    assert 'id="udviklingsplan"' not in page.content.decode()
    with pytest.raises(ValidationError):
        services.add_item(en_til_en, by=actor(personas.leader), goal="x")


def test_hr_decides_which_kinds_end_in_a_plan(mus, client_as):
    ConversationKind.objects.filter(code="mus").update(development_plan=False)
    page = client_as("leader").get(reverse("conversations:detail", args=[mus.pk]))
    assert 'id="udviklingsplan"' not in page.content.decode()
    response = client_as("leader").post(
        reverse("development:add_item", args=[mus.pk]), {"goal": "x", "responsible": "both"}
    )
    assert response.status_code == 404


# --- last year's plan --------------------------------------------------------------------


def test_last_years_plan_is_linked_into_this_years_mus(personas, client_as):
    last_year = held("mus", personas.employee, days_ago=365)
    services.add_item(last_year, by=actor(personas.leader), goal="Lære tegn til tale")
    this_year = conversation_services.plan(
        kind=ConversationKind.objects.get(code="mus"),
        person=personas.employee,
        by=actor(personas.employee.manager),
    )
    page = client_as("leader").get(reverse("conversations:detail", args=[this_year.pk]))
    text = page.content.decode()
    assert "Sidste udviklingsplan" in text and "Lære tegn til tale" in text
    # The leader wrote it: no read logged for them; the employee's read is logged on the
    # conversation the plan belongs to.
    assert not ReadLog.objects.filter(reader=personas.user("leader")).exists()
    client_as("employee").get(reverse("conversations:detail", args=[this_year.pk]))
    assert ReadLog.objects.filter(
        subject_id=last_year.pk, reader=personas.user("employee"), what="Udviklingsplan"
    ).exists()


def test_a_new_leader_sees_the_plan_made_with_the_old_one_and_it_is_logged(personas, client_as):
    """The employee moved: this year's leader follows up on last year's goals."""
    last_year = held("mus", personas.employee, days_ago=365)
    services.add_item(last_year, by=actor(personas.leader), goal="Lære tegn til tale")
    org_services.set_manager(personas.employee, personas.ege_leader)
    this_year = conversation_services.plan(
        kind=ConversationKind.objects.get(code="mus"),
        person=personas.employee,
        by=actor(personas.employee.manager),
    )
    assert this_year.leader == personas.ege_leader
    text = client_as("ege_leader").get(reverse("conversations:detail", args=[this_year.pk]))
    assert "Lære tegn til tale" in text.content.decode()
    assert ReadLog.objects.filter(
        subject_id=last_year.pk, reader=personas.user("ege_leader")
    ).exists()
    # ... and the employee sees who read it on "who has read my conversations".
    reads = client_as("employee").get(reverse("conversations:reads")).content.decode()
    assert personas.ege_leader.name in reads
    # The old plan is not theirs to follow up on: shown read-only.
    assert 'name="status"' not in text.content.decode()


def test_a_lus_links_the_leaders_last_plan(personas, client_as):
    last_year = held("lus", personas.leader, days_ago=360)
    services.add_item(last_year, by=actor(personas.chief), goal="Strategisk ledelse, modul 2")
    this_year = conversation_services.plan(
        kind=ConversationKind.objects.get(code="lus"),
        person=personas.leader,
        by=actor(personas.leader.manager),
    )
    for name in ("chief", "leader"):
        page = client_as(name).get(reverse("conversations:detail", args=[this_year.pk]))
        assert "Strategisk ledelse, modul 2" in page.content.decode(), name
    for name in ("employee", "hr", "board_chair", "admin"):
        page = client_as(name).get(reverse("conversations:detail", args=[this_year.pk]))
        assert page.status_code == 404, name


def test_a_follow_up_shows_the_plan_it_follows_up_on(goal, personas, client_as):
    original = goal.plan.conversation
    follow_up = conversation_services.plan(
        kind=ConversationKind.objects.get(code="opfoelgning"),
        person=personas.employee,
        by=actor(personas.employee.manager),
    )
    Conversation.objects.filter(pk=follow_up.pk).update(follow_up_of=original)
    page = client_as("employee").get(reverse("conversations:detail", args=[follow_up.pk]))
    text = page.content.decode()
    assert "Den udviklingsplan, der følges op på" in text
    assert "Lede teamets morgenmøder" in text


def test_an_en_til_en_does_not_show_the_plan(goal, personas, client_as):
    en_til_en = conversation_services.plan(
        kind=ConversationKind.objects.get(code="en-til-en"),
        person=personas.employee,
        by=actor(personas.employee.manager),
    )
    page = client_as("leader").get(reverse("conversations:detail", args=[en_til_en.pk]))
    assert "Lede teamets morgenmøder" not in page.content.decode()


def test_cancelled_and_empty_plans_are_not_linked(personas, client_as):
    cancelled = held("mus", personas.employee, days_ago=400)
    services.add_item(cancelled, by=actor(personas.leader), goal="Aflyst mål")
    Conversation.objects.filter(pk=cancelled.pk).update(state=State.CANCELLED)
    empty = held("mus", personas.employee, days_ago=365)
    services.add_item(empty, by=actor(personas.leader), goal="x")
    empty.development_plan.items.all().delete()
    this_year = conversation_services.plan(
        kind=ConversationKind.objects.get(code="mus"),
        person=personas.employee,
        by=actor(personas.employee.manager),
    )
    text = client_as("leader").get(reverse("conversations:detail", args=[this_year.pk]))
    assert "Sidste udviklingsplan" not in text.content.decode()
    assert "Aflyst mål" not in text.content.decode()


# --- "Min udviklingsplan" ------------------------------------------------------------------


def test_my_development_plan_page(goal, client_as, personas):
    client = client_as("employee")
    text = client.get(reverse("development:mine")).content.decode()
    assert "Min udviklingsplan" in text and "Lede teamets morgenmøder" in text
    assert personas.employee.name in text  # responsible: the person, by name
    response = client.post(
        reverse("development:set_status", args=[goal.pk]),
        {"status": ItemStatus.UNDER_WAY, "next": reverse("development:mine")},
    )
    assert response["Location"] == reverse("development:mine")
    goal.refresh_from_db()
    assert goal.status == ItemStatus.UNDER_WAY


def test_my_development_plan_when_there_is_none(client_as):
    text = client_as("colleague").get(reverse("development:mine")).content.decode()
    assert "Du har ingen udviklingsplan endnu" in text


def test_my_development_plan_queries_do_not_grow(personas, client_as, django_assert_num_queries):
    for days_ago in (0, 365, 730):
        conversation = held("mus", personas.employee, days_ago=days_ago)
        for n in range(10):
            services.add_item(conversation, by=actor(personas.leader), goal=f"Mål {n}")
    client = client_as("employee")
    client.get(reverse("development:mine"))  # warm up: session, caches
    # session, the user with their person and role grants (the viewer), the ids of the
    # person's plans, the plans, their items (with who changed them), and one insert
    # of the read-log rows for all three plans (the menu's rounds answer is cached).
    with django_assert_num_queries(6):
        client.get(reverse("development:mine"))


def test_the_conversation_page_costs_the_same_with_many_goals(
    personas, client_as, django_assert_max_num_queries
):
    conversation = held("mus", personas.employee)
    client = client_as("leader")
    url = reverse("conversations:detail", args=[conversation.pk])
    services.add_item(conversation, by=actor(personas.leader), goal="Mål")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(30):
        services.add_item(conversation, by=actor(personas.leader), goal=f"Mål {n}")
    with django_assert_max_num_queries(len(few)):
        client.get(url)


def test_a_held_mus_with_this_years_and_last_years_plan_costs_at_most_15_queries(
    personas, client_as, django_assert_max_num_queries
):
    """The page with every part (issue 9: at most 15): the summary and its answers, the
    preparations, this year's plan and last year's, the link to last year's
    conversation (fetched with the conversation, not after it), the read log."""
    last_year = factories.accepted(held("mus", personas.employee, days_ago=360))
    services.add_item(last_year, by=actor(personas.leader), goal="Sidste års mål")
    now = factories.accepted(held("mus", personas.employee, days_ago=1))
    services.add_item(now, by=actor(personas.leader), goal="Årets mål")
    client = client_as("leader")
    url = reverse("conversations:detail", args=[now.pk])
    client.get(url)
    with django_assert_max_num_queries(15):
        page = client.get(url).content.decode()
    assert "Sidste års mål" in page and "Årets mål" in page
    assert reverse("conversations:detail", args=[last_year.pk]) in page


# --- the PDF -------------------------------------------------------------------------------


def test_the_pdf_has_the_development_plan(goal, client_as):
    response = client_as("employee").get(
        reverse("conversations:pdf", args=[goal.plan.conversation_id])
    )
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "Udviklingsplan" in text
    assert "Lede teamets morgenmøder" in text
    assert "Sparring med Lene hver fjortende dag" in text
    assert "Senest: 30. juni 2027 · Ansvarlig: Emma Ansat · Status: Ikke påbegyndt" in text


# --- goals link to competences ----------------------------------------------------------


def test_a_goal_names_the_competence_it_develops(mus, client_as, personas):
    from samtale.competences.models import Competence

    competence = Competence.objects.filter(active=True).order_by("pk").first()
    assert competence is not None  # the catalogue's Danish defaults
    client = client_as("leader")
    detail = client.get(reverse("conversations:detail", args=[mus.pk])).content.decode()
    assert "Knyt målet til en kompetence i kataloget" in detail
    form = client.get(reverse("development:add_item", args=[mus.pk])).content.decode()
    assert f'<option value="{competence.pk}">' in form
    client.post(
        reverse("development:add_item", args=[mus.pk]),
        {"goal": "Lede morgenmøderne", "competence": competence.pk, "responsible": "both"},
    )
    item = PlanItem.objects.get()
    assert item.competence == competence
    page = client_as("employee").get(reverse("conversations:detail", args=[mus.pk]))
    assert f"Kompetence: {competence.name}" in page.content.decode()
    # a retired competence is no longer offered, and the service refuses it
    Competence.objects.filter(pk=competence.pk).update(active=False)
    competence.refresh_from_db()
    form = client.get(reverse("development:add_item", args=[mus.pk])).content.decode()
    assert f'<option value="{competence.pk}">' not in form
    with pytest.raises(ValidationError):
        services.add_item(mus, by=actor(personas.leader), goal="Andet", competence=competence)
    # ... though a goal that already names it keeps it when changed
    services.change_item(
        item, by=actor(personas.leader), goal="Lede alle møderne", competence=competence
    )
    item.refresh_from_db()
    assert item.competence == competence and item.goal == "Lede alle møderne"


def test_the_new_goal_form_on_the_conversation_page_names_each_pages_person(personas, client_as):
    """The inline form to add a goal is kept once (``lib.reuse.blank_form``) and shows
    the person of the page it is on as the one responsible, by name, escaped."""
    import re

    from samtale.lib import reuse

    reuse.forget()
    client = client_as("leader")
    personas.colleague.name = 'Kasper "K" Kollega'
    personas.colleague.save()
    for person, shown in (
        (personas.employee, personas.employee.name),
        (personas.colleague, "Kasper &quot;K&quot; Kollega"),
    ):
        conversation = held("mus", person)
        page = client.get(reverse("conversations:detail", args=[conversation.pk])).content.decode()
        plan = page[page.index('id="udviklingsplan"') :]
        options = dict(re.findall(r'<option value="(\w+)"[^>]*>([^<]*)</option>', plan))
        assert set(options) == {Responsible.PERSON, Responsible.LEADER, Responsible.BOTH}
        assert options[Responsible.PERSON] == shown, options
