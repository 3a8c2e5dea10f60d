"""Every round page and action, for every persona.

Each row names a URL, the method, and who may use it. Every other logged-in persona gets
404 (the page does not confirm that the round, goal or unit exists), and their request
changes nothing: no round, term, comment, sign-off, agreement, event, goal, rule or
conversation. Anonymous is sent to the login page. Who may use a page gets it (a page,
or the redirect after the action), never a 404 or an error.

The rounds, all planned by Hanne (HR for Børn og Unge):

- ``draft``: Dagtilbud Nord (DN), 2027, a draft with a theme linked to a goal, Solsikken's
  own MUS form, Stue Mariehønen holding GRUS instead of MUS and Tina's (TR) comment;
- ``agreed``: DN, 2028, signed off by Tina (TR) and Anders (AMR);
- ``med``: DN, 2029, agreed in MED/SU with the minutes attached;
- ``announced``: DN, 2026, announced without the agreement (Hanne gave a reason);
- ``elsewhere``: Social og Sundhed (SS), 2027, a draft of Henrik (HR for SS).

Each persona's request runs in a savepoint that is rolled back, so every persona meets
the same data.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samtale.access.viewer import acting_as
from samtale.conversations.models import Conversation, ConversationKind
from samtale.questionnaires.queries import latest_published
from samtale.rounds import services
from samtale.rounds.models import (
    Agreement,
    FormVariant,
    Round,
    RoundComment,
    RoundConversation,
    RoundEvent,
    RoundKind,
    RoundLaunch,
    SignOff,
    StrategicGoal,
    TeamChoice,
    Theme,
    UnitRule,
)
from samtale.testing.personas import LOGGED_IN
from samtale.testing.safepages import assert_safe_and_private

pytestmark = pytest.mark.django_db

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass
class World:
    draft: Round
    agreed: Round
    med: Round
    announced: Round
    elsewhere: Round
    goal: StrategicGoal
    theme: Theme
    variant: FormVariant
    personas: Any


@pytest.fixture
def world(personas, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    p = personas
    hr = acting_as(p.hr)
    dn = [p.units["DN"]]

    def new(name: str, year: int) -> Round:
        return services.create_round(by=hr, name=name, year=year, units=dn)

    goal = services.add_goal(p.units["BU"], by=hr, title="Alle børn lærer sprog")
    draft = new("Dagtilbud 2027", 2027)
    theme = services.add_theme(draft, by=hr, title="Sprog", goals=[goal])
    mus = ConversationKind.objects.get(code="mus")
    services.set_form_variant(
        draft, by=hr, kind=mus, unit=p.units["SOL"], version=latest_published("mus")
    )
    services.choose_grus(draft, by=hr, team=p.teams["stue"])
    services.comment(draft, by=acting_as(p.tr), text="Husk forberedelsestiden.")

    agreed = new("Dagtilbud 2028", 2028)
    services.sign_off(agreed, by=acting_as(p.tr))
    services.sign_off(agreed, by=acting_as(p.amr))

    med = new("Dagtilbud 2029", 2029)
    services.record_med_agreement(
        med,
        by=hr,
        agreed_on=timezone.localdate() - datetime.timedelta(days=10),
        minutes=SimpleUploadedFile("referat.pdf", PDF, "application/pdf"),
    )

    announced = new("Dagtilbud 2026", 2026)
    services.announce(announced, by=hr, override_reason="MED mødes først i marts")

    elsewhere = services.create_round(
        by=acting_as(p.hr_elsewhere), name="Pleje 2027", year=2027, units=[p.units["SS"]]
    )
    return World(
        draft=Round.objects.get(pk=draft.pk),
        agreed=Round.objects.get(pk=agreed.pk),
        med=Round.objects.get(pk=med.pk),
        announced=Round.objects.get(pk=announced.pk),
        elsewhere=elsewhere,
        goal=goal,
        theme=theme,
        variant=FormVariant.objects.get(round=draft),
        personas=p,
    )


def fingerprint() -> tuple[Any, ...]:
    """Everything a request could change, in one comparable value."""
    return (
        tuple(
            Round.objects.order_by("pk").values_list(
                "pk", "name", "state", "revision", "starts_on", "information"
            )
        ),
        tuple(Round.units.through.objects.order_by("pk").values_list("round_id", "orgunit_id")),
        tuple(
            RoundKind.objects.order_by("pk").values_list("pk", "kind_id", "questionnaire_version")
        ),
        tuple(FormVariant.objects.order_by("pk").values_list("pk", "questionnaire_version")),
        tuple(Theme.objects.order_by("pk").values_list("pk", "title", "description")),
        tuple(
            Theme.goals.through.objects.order_by("pk").values_list("theme_id", "strategicgoal_id")
        ),
        tuple(TeamChoice.objects.order_by("pk").values_list("pk", "team_id")),
        tuple(RoundComment.objects.order_by("pk").values_list("pk", "text")),
        tuple(SignOff.objects.order_by("pk").values_list("pk", "revision")),
        tuple(Agreement.objects.order_by("pk").values_list("pk", "how", "revision")),
        RoundEvent.objects.count(),
        RoundConversation.objects.count(),
        Conversation.objects.count(),
        tuple(RoundLaunch.objects.order_by("pk").values_list("pk", "state")),
        tuple(StrategicGoal.objects.order_by("pk").values_list("pk", "title", "retired_at")),
        tuple(UnitRule.objects.order_by("pk").values_list("pk", "rule", "mus_year")),
    )


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    url: Callable[[World], str]
    allowed: frozenset[str]
    data: Callable[[World], dict[str, Any]]
    # May use the page, but the request is refused (the form says why): nothing changes.
    refused: frozenset[str] = frozenset()


def case(
    name: str,
    method: str,
    url: Callable[[World], str],
    allowed: set[str],
    data: Callable[[World], dict[str, Any]] | None = None,
    refused: frozenset[str] | set[str] = frozenset(),
) -> Case:
    return Case(name, method, url, frozenset(allowed), data or (lambda w: {}), frozenset(refused))


def at(url_name: str, which: str, *more: Callable[[World], Any]) -> Callable[[World], str]:
    return lambda w: reverse(url_name, args=[getattr(w, which).pk, *(m(w) for m in more)])


HR = {"hr", "admin"}  # plans the rounds over Dagtilbud Nord
EVERY_HR = {"hr", "hr_elsewhere", "admin"}
SEES_DRAFT = {"hr", "tr", "amr", "admin"}
IN_THE_ROUND = SEES_DRAFT | {"employee", "colleague", "leader", "chief", "board_chair"}
REPRESENTATIVES = {"tr", "amr"}

CASES = [
    # --- pages ---------------------------------------------------------------------
    case("the list", "get", lambda w: reverse("rounds:list"), set(LOGGED_IN)),
    case("a new round", "get", lambda w: reverse("rounds:create"), EVERY_HR),
    case("the draft", "get", at("rounds:detail", "draft"), SEES_DRAFT),
    # The others in the announced round are sent on to its information page.
    case("the announced round", "get", at("rounds:detail", "announced"), IN_THE_ROUND),
    case(
        "another scope's draft", "get", at("rounds:detail", "elsewhere"), {"hr_elsewhere", "admin"}
    ),
    case("the draft's information", "get", at("rounds:information", "draft"), SEES_DRAFT),
    case("information", "get", at("rounds:information", "announced"), IN_THE_ROUND),
    # progress: HR and administrators the whole round, leaders their own line, TR and
    # AMR their scope's numbers (test_progress_pages); a draft has none
    case(
        "progress",
        "get",
        at("rounds:progress", "announced"),
        {"hr", "admin", "leader", "chief", "board_chair", "tr", "amr"},
    ),
    case("a draft's progress", "get", at("rounds:progress", "draft"), set()),
    case(
        "a leader's people",
        "get",
        lambda w: reverse("rounds:progress_leader", args=[w.announced.pk, w.personas.leader.pk]),
        {"hr", "admin", "leader", "chief"},
    ),
    case("change the round", "get", at("rounds:change", "draft"), HR),
    case("change the units", "get", at("rounds:units", "draft"), HR),
    case("kinds and forms", "get", at("rounds:kinds", "draft"), HR),
    case("a new theme", "get", at("rounds:add_theme", "draft"), HR),
    case("a theme", "get", at("rounds:change_theme", "draft", lambda w: w.theme.pk), HR),
    case("GRUS teams", "get", at("rounds:grus", "draft"), HR),
    case("MED/SU agreement", "get", at("rounds:med_agreement", "draft"), HR),
    case("the minutes", "get", at("rounds:minutes", "med"), SEES_DRAFT),
    case("an announced round cannot change", "get", at("rounds:change", "announced"), set()),
    case(
        "another scope's round", "get", at("rounds:change", "elsewhere"), {"hr_elsewhere", "admin"}
    ),
    case("strategic goals", "get", lambda w: reverse("rounds:goals"), EVERY_HR),
    case("a goal", "get", lambda w: reverse("rounds:change_goal", args=[w.goal.pk]), HR),
    case("rules per unit", "get", lambda w: reverse("rounds:unit_rules"), EVERY_HR),
    case(
        "a unit's rule",
        "get",
        lambda w: reverse("rounds:unit_rule", args=[w.personas.units["SOL"].pk]),
        HR,
    ),
    # --- actions -------------------------------------------------------------------
    case(
        "create a round",
        "post",
        lambda w: reverse("rounds:create"),
        HR,
        lambda w: {"name": "Ny runde", "year": "2030", "units": [w.personas.units["DN"].pk]},
        refused={"hr_elsewhere"},  # Dagtilbud Nord is not among the units they may choose
    ),
    case(
        "change the round",
        "post",
        at("rounds:change", "draft"),
        HR,
        lambda w: {
            "name": "Ændret",
            "starts_on": "2027-01-01",
            "ends_on": "2027-03-31",
            "min_months_employed": "0",
            "min_weekly_hours": "0",
            "information": "Nyt",
        },
    ),
    case(
        "change the units",
        "post",
        at("rounds:units", "draft"),
        HR,
        lambda w: {"units": [w.personas.units["SOL"].pk]},
    ),
    case(
        "leave out GRUS",
        "post",
        at("rounds:kind", "draft", lambda w: "grus"),
        HR,
        lambda w: {"grus-version": ""},
    ),
    case(
        "a unit's own form",
        "post",
        at("rounds:add_variant", "draft"),
        HR,
        lambda w: {
            "kind": ConversationKind.objects.get(code="lus").pk,
            "unit": w.personas.units["MAE"].pk,
            "version": getattr(latest_published("lus"), "pk", None),
        },
    ),
    case(
        "remove a unit's form",
        "post",
        at("rounds:remove_variant", "draft", lambda w: w.variant.pk),
        HR,
    ),
    case(
        "add a theme",
        "post",
        at("rounds:add_theme", "draft"),
        HR,
        lambda w: {"title": "Trivsel", "description": "", "goals": [w.goal.pk]},
    ),
    case(
        "change a theme",
        "post",
        at("rounds:change_theme", "draft", lambda w: w.theme.pk),
        HR,
        lambda w: {"title": "Sprog og leg", "description": ""},
    ),
    case(
        "remove a theme",
        "post",
        at("rounds:remove_theme", "draft", lambda w: w.theme.pk),
        HR,
    ),
    case(
        "a team chooses GRUS",
        "post",
        at("rounds:grus", "agreed"),
        HR,
        lambda w: {"team": w.personas.teams["stue"].pk},
    ),
    case(
        "a team chooses MUS again",
        "post",
        at("rounds:remove_grus", "draft", lambda w: w.personas.teams["stue"].pk),
        HR,
    ),
    case(
        "comment",
        "post",
        at("rounds:comment", "draft"),
        {"hr", "tr", "amr"},  # the administrator is no person: nobody to sign a comment
        lambda w: {"text": "Fint"},
    ),
    case("sign off", "post", at("rounds:sign_off", "draft"), REPRESENTATIVES),
    case(
        "record the MED/SU agreement",
        "post",
        at("rounds:med_agreement", "draft"),
        HR,
        lambda w: {"agreed_on": (timezone.localdate() - datetime.timedelta(days=3)).isoformat()},
    ),
    case("announce the agreed round", "post", at("rounds:announce", "agreed"), HR),
    case(
        "announce without the agreement",
        "post",
        at("rounds:announce", "draft"),
        HR,
        lambda w: {"override_reason": "Tiden er knap"},
    ),
    case("make what is missing", "post", at("rounds:relaunch", "announced"), HR),
    case("the launch's progress", "get", at("rounds:launch_progress", "announced"), HR),
    case("a draft has no launch", "get", at("rounds:launch_progress", "draft"), set()),
    case("close", "post", at("rounds:close", "announced"), HR),
    case("close a draft", "post", at("rounds:close", "draft"), set()),
    case(
        "add a goal",
        "post",
        lambda w: reverse("rounds:goals"),
        HR,
        lambda w: {"unit": w.personas.units["DN"].pk, "title": "Et nyt mål", "description": ""},
        refused={"hr_elsewhere"},  # Dagtilbud Nord is not among the units they may choose
    ),
    case(
        "change a goal",
        "post",
        lambda w: reverse("rounds:change_goal", args=[w.goal.pk]),
        HR,
        lambda w: {"title": "Ændret mål", "description": ""},
    ),
    case(
        "retire a goal",
        "post",
        lambda w: reverse("rounds:retire_goal", args=[w.goal.pk]),
        HR,
    ),
    case(
        "set a unit's rule",
        "post",
        lambda w: reverse("rounds:unit_rule", args=[w.personas.units["SOL"].pk]),
        HR,
        lambda w: {"rule": "mus", "mus_year": ""},
    ),
]


def _request(client: Any, case_: Case, world: World) -> Any:
    url = case_.url(world)
    if case_.method == "get":
        return client.get(url)
    return client.post(url, case_.data(world))


class _Undo(Exception):
    """Raised to roll back what one persona's request did."""


@pytest.mark.parametrize("case_", CASES, ids=[f"{c.method} {c.name}" for c in CASES])
def test_every_persona(case_, world, client_as):
    for persona in LOGGED_IN:
        with pytest.raises(_Undo), transaction.atomic():
            client = client_as(persona)
            before = fingerprint()
            response = _request(client, case_, world)
            if persona in case_.refused:
                assert response.status_code == 200, f"{persona}: {response.status_code}"
                assert fingerprint() == before, f"{persona} changed something"
            elif persona in case_.allowed:
                assert response.status_code in (200, 302), f"{persona}: {response.status_code}"
                if response.status_code == 302:
                    assert "/login/" not in response["Location"], persona
                if case_.method == "post":
                    assert fingerprint() != before, f"{persona}: nothing changed"
            else:
                assert response.status_code == 404, f"{persona}: {response.status_code}"
                assert fingerprint() == before, f"{persona} changed something"
            raise _Undo
    client = client_as("anonymous")
    before = fingerprint()
    response = _request(client, case_, world)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert fingerprint() == before


GETS = [c for c in CASES if c.method == "get"]


@pytest.mark.parametrize("case_", GETS, ids=[c.name for c in GETS])
def test_a_page_writes_nothing_and_is_not_stored(case_, world, client_as):
    """Opening a round's page changes no row and is not kept by the browser."""
    for persona in sorted(case_.allowed | case_.refused):
        with pytest.raises(_Undo), transaction.atomic():
            client = client_as(persona)
            with CaptureQueriesContext(connection) as queries:
                response = _request(client, case_, world)
            assert_safe_and_private(response, queries, persona)
            raise _Undo
