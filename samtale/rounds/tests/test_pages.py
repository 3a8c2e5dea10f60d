"""The round's pages do what they say: HR drafts and changes a round, TR and AMR comment
and sign off, HR records a MED/SU agreement with its minutes or announces with a reason,
the problems of the launch are shown and fixed, everyone in the round reads its
information page and sees its themes on their conversations; strategic goals and rules
per unit. Who may reach each page is ``test_access_matrix``'s; query counts are pinned
here."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samtale.access.viewer import acting_as
from samtale.conversations.models import ConversationKind
from samtale.org import services as org_services
from samtale.questionnaires.queries import latest_published
from samtale.rounds import services
from samtale.rounds.models import (
    Round,
    RoundConversation,
    RoundEvent,
    RoundState,
    Rule,
    StrategicGoal,
    UnitRule,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def hr(personas):
    return acting_as(personas.hr)


@pytest.fixture
def dn(personas, hr):
    return services.create_round(
        by=hr, name="Dagtilbud 2027", year=2027, units=[personas.units["DN"]]
    )


def page(client, name: str, *args) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- HR drafts and changes a round ----------------------------------------------------------


def test_hr_creates_a_round_for_the_first_quarter(client_as, personas):
    client = client_as("hr")
    form = page(client, "rounds:create")
    assert "Dagtilbud Nord" in form and "Plejecenter Egely" not in form  # HR's own scope
    response = client.post(
        reverse("rounds:create"),
        {"name": "MUS 2027", "year": "2027", "units": [personas.units["DN"].pk]},
    )
    created = Round.objects.get(name="MUS 2027")
    assert response["Location"] == reverse("rounds:detail", args=[created.pk])
    assert (created.starts_on, created.ends_on) == (
        datetime.date(2027, 1, 1),
        datetime.date(2027, 3, 31),
    )
    assert created.created_by == personas.hr
    assert list(created.units.all()) == [personas.units["DN"]]


def test_a_round_needs_its_units(client_as):
    response = client_as("hr").post(reverse("rounds:create"), {"name": "X", "year": "2027"})
    assert response.status_code == 200
    assert response.context["form"].errors["units"]
    assert not Round.objects.exists()


def test_changing_the_timeline_of_an_agreed_round_asks_for_new_sign_offs(client_as, personas, dn):
    services.sign_off(dn, by=acting_as(personas.tr))
    services.sign_off(dn, by=acting_as(personas.amr))
    client = client_as("hr")
    assert "Hvis du ændrer det, de har aftalt" in page(client, "rounds:change", dn.pk)
    data = {
        "name": dn.name,
        "starts_on": "2027-01-01",
        "ends_on": "2027-03-31",
        "invitations_by": "2027-01-31",
        "held_by": "2027-03-15",
        "min_months_employed": "3",
        "min_weekly_hours": "8",
        "information": "Læs om runden.",
    }
    response = client.post(reverse("rounds:change", args=[dn.pk]), data)
    assert response.status_code == 302
    dn.refresh_from_db()
    assert dn.state == RoundState.DRAFT and dn.held_by == datetime.date(2027, 3, 15)
    assert dn.min_months_employed == 3 and dn.information == "Læs om runden."


def test_a_deadline_before_the_invitations_is_refused_on_the_form(client_as, dn):
    response = client_as("hr").post(
        reverse("rounds:change", args=[dn.pk]),
        {
            "name": dn.name,
            "starts_on": "2027-01-01",
            "ends_on": "2027-03-31",
            "invitations_by": "2027-03-01",
            "held_by": "2027-02-01",
            "min_months_employed": "0",
            "min_weekly_hours": "0",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    dn.refresh_from_db()
    assert dn.held_by is None and dn.revision == 1


def test_kinds_forms_themes_and_grus_teams(client_as, personas, dn):
    client = client_as("hr")
    kinds = page(client, "rounds:kinds", dn.pk)
    assert "/samtaletyper/mus/" in kinds
    assert "/samtaletyper/en-til-en/" not in kinds  # offered: the mandatory kinds only
    client.post(reverse("rounds:kind", args=[dn.pk, "grus"]), {})  # not included
    lus = ConversationKind.objects.get(code="lus")
    client.post(
        reverse("rounds:add_variant", args=[dn.pk]),
        {
            "kind": lus.pk,
            "unit": personas.units["MAE"].pk,
            "version": getattr(latest_published("lus"), "pk", None),
        },
    )
    goal = services.add_goal(personas.units["BU"], by=acting_as(personas.hr), title="Sprog")
    client.post(
        reverse("rounds:add_theme", args=[dn.pk]),
        {"title": "Sprog i hverdagen", "description": "Hvordan?", "goals": [goal.pk]},
    )
    client.post(reverse("rounds:grus", args=[dn.pk]), {"team": personas.teams["stue"].pk})
    dn.refresh_from_db()
    assert set(dn.round_kinds.values_list("kind__code", flat=True)) == {"mus", "lus"}
    assert dn.form_variants.get().unit == personas.units["MAE"]
    assert list(dn.themes.get().goals.all()) == [goal]
    assert dn.team_choices.get().team == personas.teams["stue"]
    assert dn.revision == 5
    shown = page(client, "rounds:detail", dn.pk)
    for text in (
        "Sprog i hverdagen",
        "Tjener: Sprog (Børn og Unge)",
        "Stue Mariehønen",
        "Mælkebøtten",
    ):
        assert text in shown, text


def test_a_goal_of_another_scope_is_not_offered_for_a_theme(client_as, personas, dn):
    other = services.add_goal(
        personas.units["SS"], by=acting_as(personas.hr_elsewhere), title="Værdig pleje"
    )
    client = client_as("hr")
    assert "Værdig pleje" not in page(client, "rounds:add_theme", dn.pk)
    response = client.post(
        reverse("rounds:add_theme", args=[dn.pk]), {"title": "Pleje", "goals": [other.pk]}
    )
    assert response.status_code == 200 and response.context["form"].errors["goals"]
    assert not dn.themes.exists()


# --- the agreement with TR and AMR ----------------------------------------------------------


def test_tr_comments_and_signs_then_amr_signs(client_as, personas, dn):
    client = client_as("tr")
    draft = page(client, "rounds:detail", dn.pk)
    assert "Godkend udgave 1 som TR" in draft
    client.post(reverse("rounds:comment", args=[dn.pk]), {"text": "Husk tid til at forberede."})
    response = client.post(reverse("rounds:sign_off", args=[dn.pk]))
    assert "Du har godkendt udgave 1 af udkastet." in messages_of(client.get(response["Location"]))
    signed = page(client, "rounds:detail", dn.pk)
    assert "Du har godkendt udgave 1." in signed
    assert "Husk tid til at forberede." in signed
    assert "Mangler stadig: AMR" in signed

    client = client_as("amr")
    assert "Tina Tillid (TR)" in page(client, "rounds:detail", dn.pk)
    client.post(reverse("rounds:sign_off", args=[dn.pk]))
    dn.refresh_from_db()
    assert dn.state == RoundState.AGREED
    assert "Godkendt af TR og AMR" in page(client, "rounds:detail", dn.pk)


def test_a_change_shows_which_sign_offs_no_longer_count(client_as, personas, dn, hr):
    services.sign_off(dn, by=acting_as(personas.tr))
    services.add_theme(dn, by=hr, title="Trivsel")
    shown = page(client_as("tr"), "rounds:detail", dn.pk)
    assert "Godkend udgave 2 som TR" in shown
    assert "Godkendelser af tidligere udgaver" in shown


def test_hr_records_the_med_agreement_and_the_reps_read_the_minutes(
    client_as, dn, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = client_as("hr")
    assert page(client, "rounds:med_agreement", dn.pk)
    refused = client.post(
        reverse("rounds:med_agreement", args=[dn.pk]),
        {
            "agreed_on": "2026-11-20",
            "minutes": SimpleUploadedFile("referat.exe", b"MZ not a document", "application/pdf"),
        },
    )
    assert refused.status_code == 200 and refused.context["form"].errors["minutes"]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    refused = client.post(
        reverse("rounds:med_agreement", args=[dn.pk]), {"agreed_on": tomorrow.isoformat()}
    )
    assert refused.status_code == 200 and refused.context["form"].errors["agreed_on"]
    dn.refresh_from_db()
    assert dn.state == RoundState.DRAFT

    agreed_on = timezone.localdate() - datetime.timedelta(days=5)
    client.post(
        reverse("rounds:med_agreement", args=[dn.pk]),
        {
            "agreed_on": agreed_on.isoformat(),
            "minutes": SimpleUploadedFile("referat.pdf", PDF, "application/pdf"),
        },
    )
    dn.refresh_from_db()
    assert dn.state == RoundState.AGREED and dn.agreement.how == "med"
    tr = client_as("tr")
    assert "Aftalt i MED/SU" in page(tr, "rounds:detail", dn.pk)
    minutes = tr.get(reverse("rounds:minutes", args=[dn.pk]))
    assert b"".join(minutes.streaming_content) == PDF
    assert minutes["Content-Type"] == "application/pdf"
    assert minutes["Content-Disposition"] == f'attachment; filename="referat-{dn.pk}.pdf"'
    assert minutes["Cache-Control"] == "private, no-store"


def test_announcing_without_the_agreement_needs_a_reason_the_reps_see(client_as, dn):
    client = client_as("hr")
    response = client.post(reverse("rounds:announce", args=[dn.pk]), {"override_reason": " "})
    assert "ikke aftalt med TR og AMR" in " ".join(messages_of(client.get(response["Location"])))
    dn.refresh_from_db()
    assert dn.state == RoundState.DRAFT and not RoundConversation.objects.exists()

    client.post(
        reverse("rounds:announce", args=[dn.pk]), {"override_reason": "MED mødes først i marts"}
    )
    dn.refresh_from_db()
    assert dn.state == RoundState.ANNOUNCED
    assert RoundConversation.objects.filter(round=dn).count() == 8
    shown = page(client_as("amr"), "rounds:detail", dn.pk)
    assert "meldte runden ud" in shown and "MED mødes først i marts" in shown


def test_hr_sees_what_is_missing_and_makes_it_after_the_fix(client_as, personas, dn, hr):
    services.announce(dn, by=hr, override_reason="Test")
    client = client_as("hr")
    shown = page(client, "rounds:detail", dn.pk)
    assert "Christian Chef" in shown  # leads Lene, but has no chief: nobody holds his LUS
    assert "ingen kan afholde vedkommendes LUS" in shown
    assert "Lav det, der mangler" in shown
    # The representatives see the round, not HR's list of people to fix.
    assert "ingen kan afholde vedkommendes LUS" not in page(client_as("tr"), "rounds:detail", dn.pk)

    org_services.set_manager(personas.chief, personas.hr)
    client = client_as("hr")
    response = client.post(reverse("rounds:relaunch", args=[dn.pk]))
    shown = client.get(response["Location"])
    assert messages_of(shown)[0].startswith("Det manglende bliver lavet")
    assert "1 samtaler oprettet" in shown.content.decode()
    assert RoundConversation.objects.filter(round=dn, conversation__person=personas.chief).exists()
    assert "Christian Chef" not in page(client, "rounds:detail", dn.pk).split("Historik")[0]


def test_hr_closes_an_announced_round(client_as, dn, hr):
    services.announce(dn, by=hr, override_reason="Test")
    client_as("hr").post(reverse("rounds:close", args=[dn.pk]))
    dn.refresh_from_db()
    assert dn.state == RoundState.CLOSED
    assert RoundEvent.objects.filter(round=dn, action="closed").exists()


# --- everyone in the round ------------------------------------------------------------------


def test_everyone_in_the_round_reads_its_information_page(client_as, personas, dn, hr):
    goal = services.add_goal(personas.units["BU"], by=hr, title="Alle børn lærer sprog")
    services.add_theme(dn, by=hr, title="Sprog", description="Sprog i hverdagen", goals=[goal])
    services.change_round(dn, by=hr, information="Runden handler om sprog.", held_by=None)
    services.announce(dn, by=hr, override_reason="Test")
    client = client_as("employee")
    listed = page(client, "rounds:list")
    assert reverse("rounds:information", args=[dn.pk]) in listed
    # The terms are for HR, TR and AMR.
    assert f'href="{reverse("rounds:detail", args=[dn.pk])}"' not in listed
    shown = page(client, "rounds:information", dn.pk)
    for text in (
        "Runden handler om sprog.",
        "Sprog i hverdagen",
        "Alle børn lærer sprog",
        "Som medarbejder",
        "Som leder",
        "Som TR eller AMR",
    ):
        assert text in shown, text
    response = client.get(reverse("rounds:detail", args=[dn.pk]))
    assert response["Location"] == reverse("rounds:information", args=[dn.pk])


def test_the_menu_offers_rounds_to_hr_and_the_reps_and_to_everyone_once_announced(
    client_as, dn, hr
):
    link = f'href="{reverse("rounds:list")}"'
    for name in ("hr", "tr", "amr", "admin"):
        assert link in page(client_as(name), "home"), name
    assert link not in page(client_as("employee"), "home")
    services.announce(dn, by=hr, override_reason="Test")
    assert link in page(client_as("employee"), "home")
    assert link not in page(client_as("outsider"), "home")  # Egely is not in the round


def test_the_conversation_page_shows_the_rounds_themes(client_as, personas, dn, hr):
    goal = services.add_goal(personas.units["BU"], by=hr, title="Alle børn lærer sprog")
    services.add_theme(dn, by=hr, title="Sprog i hverdagen", goals=[goal])
    services.announce(dn, by=hr, override_reason="Test")
    mus = RoundConversation.objects.get(round=dn, conversation__person=personas.employee)
    shown = page(client_as("employee"), "conversations:detail", mus.conversation_id)
    assert "Rundens temaer" in shown and "Sprog i hverdagen" in shown
    assert "Alle børn lærer sprog" in shown
    assert reverse("rounds:information", args=[dn.pk]) in shown
    pdf = client_as("employee").get(reverse("conversations:pdf", args=[mus.conversation_id]))
    assert pdf.status_code == 200


def test_the_rounds_themes_cost_one_query_whoever_reads_them(personas, dn, hr):
    """Its themes with their goals, in one query; the round's units come with the
    conversation (``conversation_for``), for every rule of ``policy.can_see``, and say
    what the units themselves say, for either side of the conversation."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from samtale.access.viewer import acting_as
    from samtale.conversations.queries import conversation_for
    from samtale.rounds import panel, policy

    goal = services.add_goal(personas.units["BU"], by=hr, title="Alle børn lærer sprog")
    services.add_theme(dn, by=hr, title="Sprog i hverdagen", goals=[goal])
    services.announce(dn, by=hr, override_reason="Test")
    mus = RoundConversation.objects.get(round=dn, conversation__person=personas.employee)
    fresh = Round.objects.prefetch_related("units").get(pk=dn.pk)
    for viewer in (acting_as(personas.employee), acting_as(personas.leader)):
        conversation = conversation_for(viewer, mus.conversation_id)
        with CaptureQueriesContext(connection) as asked:
            content = panel.load(viewer, conversation)
            round_ = conversation.round_link.round
            assert policy.scope_paths(round_) == [personas.units["DN"].path]
            assert policy.can_see(viewer, round_) is policy.can_see(viewer, fresh) is True
        assert content is not None and content.context["themes"]
        assert len(asked.captured_queries) == 1, [q["sql"][:80] for q in asked.captured_queries]
        assert content.context["can_see_round"]
    # every participant of every conversation of the round (TR and AMR in their own MUS,
    # the chief, the board chair) is told what the round's units say
    for link in RoundConversation.objects.filter(round=dn).prefetch_related(
        "conversation__participants__person"
    ):
        for participant in link.conversation.participants.all():
            viewer = acting_as(participant.person)
            conversation = conversation_for(viewer, link.conversation_id)
            content = panel.load(viewer, conversation)
            assert content is not None
            assert content.context["can_see_round"] == policy.can_see(viewer, fresh)


def test_the_units_read_with_the_conversation_are_the_rounds_units(personas, hr):
    """A round over several units: ``policy.scope_paths`` says the same from the paths
    read with the conversation as from the units."""
    from samtale.access.viewer import acting_as
    from samtale.conversations.queries import conversation_for
    from samtale.rounds import panel, policy

    units = [personas.units[code] for code in ("SOL", "MAE", "BUS")]
    round_ = services.create_round(by=hr, name="Tre enheder", year=2027, units=units)
    services.announce(round_, by=hr, override_reason="Test")
    mus = RoundConversation.objects.get(round=round_, conversation__person=personas.employee)
    viewer = acting_as(personas.employee)
    conversation = conversation_for(viewer, mus.conversation_id)
    assert panel.load(viewer, conversation) is not None
    assert sorted(policy.scope_paths(conversation.round_link.round)) == sorted(
        unit.path for unit in units
    )


def test_the_rounds_themes_show_their_goals_as_they_are_now(personas, dn, hr):
    """Each theme with the goals it serves in the goals' order, a theme serving none
    too; a goal changed since is shown as it is now (nothing is kept)."""
    from samtale.access.viewer import acting_as
    from samtale.conversations.queries import conversation_for
    from samtale.rounds import panel, queries

    bu = [
        services.add_goal(personas.units["BU"], by=hr, title=title)
        for title in ("Sprog", "Sundhed")
    ]
    dn_goal = services.add_goal(personas.units["DN"], by=hr, title="Naturen")
    services.add_theme(dn, by=hr, title="Uden mål")
    services.add_theme(dn, by=hr, title="Tre mål", goals=[dn_goal, bu[1], bu[0]])
    services.add_theme(dn, by=hr, title="Et mål", goals=[bu[1]])
    services.announce(dn, by=hr, override_reason="Test")
    shown = [(t.title, t.goal_titles) for t in queries.themes_with_goals(dn)]
    assert shown == [
        ("Uden mål", []),
        ("Tre mål", ["Sprog", "Sundhed", "Naturen"]),  # BU's before DN's (the goals' order)
        ("Et mål", ["Sundhed"]),
    ]
    services.change_goal(bu[1], by=hr, title="Sundhed og trivsel")
    mus = RoundConversation.objects.get(round=dn, conversation__person=personas.employee)
    viewer = acting_as(personas.employee)
    content = panel.load(viewer, conversation_for(viewer, mus.conversation_id))
    assert content is not None
    assert [t.goal_titles for t in content.context["themes"]][1:] == [
        ["Sprog", "Sundhed og trivsel", "Naturen"],
        ["Sundhed og trivsel"],
    ]


def test_the_preparation_form_has_the_rounds_themes_as_a_section(client_as, personas, dn, hr):
    goal = services.add_goal(personas.units["BU"], by=hr, title="Alle børn lærer sprog")
    services.add_theme(
        dn, by=hr, title="Sprog i hverdagen", description="Hvordan taler vi med børnene?"
    )
    services.change_theme(
        dn.themes.get(), by=hr, title="Sprog i hverdagen", description="Hvordan?", goals=[goal]
    )
    services.announce(dn, by=hr, override_reason="Test")
    for persona, person in (("employee", personas.employee), ("leader", personas.employee)):
        mus = RoundConversation.objects.get(round=dn, conversation__person=person)
        shown = page(client_as(persona), "conversations:prepare", mus.conversation_id)
        section = shown[shown.index('id="rundens-temaer"') :]
        assert "<h2" in section and "Rundens temaer" in section
        assert "Sprog i hverdagen" in section and "Alle børn lærer sprog" in section
        # a section of its own, before the form's questions
        assert shown.index('id="rundens-temaer"') < shown.index('class="samtale-fill"')
    grus = RoundConversation.objects.get(round=dn, conversation__team__isnull=False)
    team_page = page(client_as("employee"), "conversations:prepare_team", grus.conversation_id)
    assert "Sprog i hverdagen" in team_page


def test_a_conversation_outside_any_round_shows_no_themes(client_as, personas):
    from samtale.testing import factories

    mus = factories.invited("mus", person=personas.employee)
    assert "Rundens temaer" not in page(client_as("employee"), "conversations:detail", mus.pk)
    assert "Rundens temaer" not in page(client_as("employee"), "conversations:prepare", mus.pk)


# --- strategic goals and rules per unit -------------------------------------------------


def test_hr_adds_changes_and_retires_goals_and_sees_those_above(client_as, personas):
    from samtale.access.viewer import viewer_for

    services.add_goal(
        personas.units["K"], by=viewer_for(personas.admin_user), title="Sammenhæng for borgeren"
    )
    client = client_as("hr")
    client.post(
        reverse("rounds:goals"),
        {"unit": personas.units["BU"].pk, "title": "Alle børn lærer sprog", "description": ""},
    )
    goal = StrategicGoal.objects.get(title="Alle børn lærer sprog")
    client.post(
        reverse("rounds:change_goal", args=[goal.pk]),
        {"title": "Alle børn lærer dansk", "description": "Fra vuggestuen"},
    )
    client.post(reverse("rounds:retire_goal", args=[goal.pk]))
    goal.refresh_from_db()
    assert goal.title == "Alle børn lærer dansk" and goal.retired_at is not None
    shown = page(client, "rounds:goals")
    assert "Sammenhæng for borgeren" in shown  # the municipality's, above HR's scope
    whole = StrategicGoal.objects.get(title="Sammenhæng for borgeren")
    assert reverse("rounds:change_goal", args=[whole.pk]) not in shown  # but not HR's to keep
    assert client.get(reverse("rounds:change_goal", args=[whole.pk])).status_code == 404


def test_hr_sets_a_units_rule_and_the_units_below_follow(client_as, personas):
    client = client_as("hr")
    form = page(client, "rounds:unit_rule", personas.units["DN"].pk)
    assert "Som standarden: MUS og GRUS hvert år" in form
    refused = client.post(
        reverse("rounds:unit_rule", args=[personas.units["DN"].pk]), {"rule": Rule.ALTERNATE}
    )
    assert refused.status_code == 200 and refused.context["form"].errors["mus_year"]
    client.post(
        reverse("rounds:unit_rule", args=[personas.units["DN"].pk]),
        {"rule": Rule.ALTERNATE, "mus_year": "2027"},
    )
    assert UnitRule.objects.get(unit=personas.units["DN"]).mus_year == 2027
    below = page(client, "rounds:unit_rule", personas.units["SOL"].pk)
    assert "Som enheden over: MUS og GRUS hvert andet år" in below
    rules = page(client, "rounds:unit_rules")
    assert rules.count("MUS og GRUS hvert andet år (MUS i 2027)") == 4  # DN, SOL, SOLV, MAE
    client.post(reverse("rounds:unit_rule", args=[personas.units["DN"].pk]), {"rule": ""})
    assert not UnitRule.objects.exists()


# --- query counts ---------------------------------------------------------------------------


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_the_list_costs_the_same_with_one_round_and_many(client_as, personas, hr, dn):
    client = client_as("hr")
    client.get(reverse("rounds:list"))  # warm up
    one = _count(client, reverse("rounds:list"))
    for year in range(2028, 2034):
        services.create_round(
            by=hr,
            name=f"Runde {year}",
            year=year,
            units=[personas.units["DN"], personas.units["BUS"]],
        )
    # session, the user with the viewer, the count, the page of rounds, their units
    assert _count(client, reverse("rounds:list")) == one == 5


def test_the_rounds_page_costs_the_same_however_much_it_holds(client_as, personas, hr, dn):
    services.add_theme(dn, by=hr, title="Tema")
    client = client_as("hr")
    url = reverse("rounds:detail", args=[dn.pk])
    client.get(url)  # warm up
    few = _count(client, url)
    for n in range(5):
        goal = services.add_goal(personas.units["BU"], by=hr, title=f"Mål {n}")
        services.add_theme(dn, by=hr, title=f"Tema {n}", goals=[goal])
        services.comment(dn, by=acting_as(personas.tr), text=f"Kommentar {n}")
    services.choose_grus(dn, by=hr, team=personas.teams["stue"])
    services.sign_off(dn, by=acting_as(personas.tr))
    # session, the user with the viewer, the round, its units, kinds, forms for units,
    # themes, their goals, GRUS teams, the agreement, sign-offs, comments, history
    assert _count(client, url) == few == 13


def test_the_announced_rounds_page_adds_the_count_and_the_launch_plan(client_as, dn, hr):
    services.add_theme(dn, by=hr, title="Tema")
    services.announce(dn, by=hr, override_reason="Test")
    client = client_as("hr")
    url = reverse("rounds:detail", args=[dn.pk])
    client.get(url)
    # ... and the number of conversations, and the latest launch with what it could not
    # make, whatever the size of the organisation.
    # And whether the viewer offers times in it or has one to book (two).
    assert _count(client, url) == 13 + 1 + 1 + 2


def test_the_announced_round_lists_people_on_leave_for_hr(client_as, dn, hr, personas):
    from samtale.org.models import Person

    Person.objects.filter(pk=personas.employee.pk).update(
        leave_from=datetime.date(2026, 6, 1), leave_until=datetime.date(2027, 2, 28)
    )
    services.announce(dn, by=hr, override_reason="Test")
    html = client_as("hr").get(reverse("rounds:detail", args=[dn.pk])).content.decode()
    assert "På orlov i runden" in html
    assert "Emma Ansat" in html and "1. juni 2026 til 28. februar 2027" in html
    # the representatives see the round, not who is on leave
    tr_html = client_as("tr").get(reverse("rounds:detail", args=[dn.pk])).content.decode()
    assert "På orlov i runden" not in tr_html and "1. juni 2026" not in tr_html
