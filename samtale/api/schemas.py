"""The API's answers, field by field. Only what is named here leaves the server, and
``samtale.api.api`` builds each answer field by field from what the viewer may read: a
new model field is never exposed by accident.

Descriptions are shown in the OpenAPI schema and on the docs page, in the reader's
language."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, cast

from django.utils import timezone
from django.utils.translation import gettext_lazy
from ninja import Field, Schema
from pydantic import AfterValidator

from samtale.conversations.models import Role, State

# Pydantic expects str; a lazy string becomes the reader's language each time the schema
# is built (per request), so only the type is cast.
_ = cast("Callable[[str], str]", gettext_lazy)

# Aware datetimes, given in Danish time (Europe/Copenhagen) with their UTC offset.
LocalDateTime = Annotated[datetime.datetime, AfterValidator(timezone.localtime)]


class Error(Schema):
    detail: str = Field(description=_("What went wrong, in the reader's language."))


class FieldProblem(Schema):
    loc: list[str | int] = Field(description=_("Where: the parameter's source and name."))
    msg: str = Field(description=_("What is wrong with it (in English)."))


class InvalidRequest(Error):
    errors: list[FieldProblem] = Field(description=_("Each invalid parameter."))


class PersonRef(Schema):
    id: int
    name: str


class TeamRef(Schema):
    id: int
    name: str


class MyPerson(Schema):
    id: int
    name: str
    email: str = Field(description=_("E-mail address."))
    unit: str | None = Field(description=_("The name of the unit the person belongs to."))


class Me(Schema):
    person: MyPerson | None = Field(
        description=_("The person logged in; empty for an administrator without a person.")
    )
    leads_anyone: bool = Field(description=_("Is someone's nearest leader."))
    is_hr: bool = Field(description=_("Has an HR role for one or more units."))
    is_admin: bool = Field(description=_("Is an administrator."))


class Kind(Schema):
    code: str = Field(description=_("The kind's code, e.g. mus, grus, lus."))
    name: str = Field(description=_("The kind's name in the reader's language."))


# A schema's docstring would be an untranslated description in the OpenAPI schema, so
# the schemas are explained in comments.


# A conversation the viewer takes part in: when, where and with whom; no content.
class ConversationSummary(Schema):
    id: int
    kind: Kind
    state: State
    state_name: str = Field(description=_("The state in the reader's language."))
    starts_at: LocalDateTime | None = Field(description=_("Empty until invited."))
    ends_at: LocalDateTime | None
    duration: int = Field(description=_("Minutes."))
    location: str
    video_url: str
    leader: PersonRef = Field(description=_("The leader who holds the conversation."))
    person: PersonRef | None = Field(
        description=_("The person it is with (empty for a team's conversation).")
    )
    team: TeamRef | None = Field(description=_("The team it is with (GRUS)."))


# A page of the viewer's conversations.
class ConversationList(Schema):
    items: list[ConversationSummary]
    count: int = Field(description=_("How many there are in all (for this state, if given)."))


class Participant(Schema):
    id: int = Field(description=_("The person's id."))
    name: str
    role: Role


class AgendaItem(Schema):
    text: str
    proposed_by: PersonRef
    proposed_at: LocalDateTime


class SummaryAnswer(Schema):
    person: PersonRef
    accepted: bool
    comment: str
    at: LocalDateTime


class AgreedLevel(Schema):
    competence_id: int
    competence: str
    level: int = Field(description=_("1 beginner, 2 independent, 3 experienced, 4 expert."))
    accepted: bool = Field(
        description=_("Accepted with the summary: the person's level (else proposed).")
    )


class SummaryVersion(Schema):
    number: int
    summary: str
    agreements: str
    written_by: PersonRef
    written_at: LocalDateTime
    shared_at: LocalDateTime | None = Field(
        description=_("Empty for a draft, which only the leader who holds it sees.")
    )
    responses: list[SummaryAnswer] = Field(
        description=_("The participants' acceptances and comments.")
    )
    agreed_levels: list[AgreedLevel] = Field(
        default_factory=list,
        description=_("A MUS: the competence levels agreed with this version of the summary."),
    )


class PreparationAnswer(Schema):
    question: str
    type: str = Field(
        description=_("text, scale, single, multiple or competence_grid."),
    )
    answered: bool
    answer: str | None = Field(
        description=_(
            "The answer as text: the text; a scale's number and label; the chosen "
            "choices separated by commas; a competence grid's rows, one per line. "
            "Empty when not answered."
        )
    )


class PreparationSection(Schema):
    title: str
    questions: list[PreparationAnswer]


class Preparation(Schema):
    person: PersonRef | None = Field(description=_("Whose it is; empty for the team's."))
    is_team: bool = Field(description=_("The team's shared preparation (GRUS)."))
    shared_at: LocalDateTime | None = Field(
        description=_("Empty while not shared: then only its author (or team) sees it.")
    )
    sections: list[PreparationSection]


class PlanActivity(Schema):
    kind: str = Field(description=_("course, amu, diploma, master, education, mentoring, ..."))
    description: str
    cost: Decimal | None = Field(description=_("Estimated cost in DKK."))
    hours: Decimal | None
    starts: datetime.date | None
    ends: datetime.date | None
    responsible: str = Field(description=_("person, leader or both."))
    status: str = Field(description=_("proposed, approved, declined, planned, done or evaluated."))
    decision_reason: str | None = Field(description=_("Why it was approved or declined."))
    evaluation: str = Field(description=_("What it gave, in the person's words."))


class PlanGoal(Schema):
    goal: str = Field(description=_("The development goal."))
    proposal: str = Field(description=_("accepted, proposed (by the person) or declined."))
    activities: str = Field(description=_("Notes on how, in free text."))
    activity_list: list[PlanActivity]
    due: datetime.date | None = Field(description=_("To be done by."))
    responsible: str = Field(description=_("person, leader or both."))
    responsible_name: str
    status: str = Field(description=_("planned, under_way, done or dropped."))
    updated_by: PersonRef | None
    updated_at: LocalDateTime


class DevelopmentPlan(Schema):
    conversation_id: int = Field(description=_("The conversation the plan was agreed in."))
    person: PersonRef | None = Field(description=_("Whose plan it is; none for a team's plan."))
    team_id: int | None = Field(description=_("The team's plan (agreed in a GRUS), or none."))
    goals: list[PlanGoal]


# A conversation with what the viewer may read of it. Reading someone else's content is
# written to the read log, as on the conversation page.
class ConversationDetail(ConversationSummary):
    participants: list[Participant]
    agenda: list[AgendaItem]
    summaries: list[SummaryVersion] = Field(
        description=_("Newest first: the shared versions; the leader also sees a draft.")
    )
    preparations: list[Preparation] = Field(
        description=_(
            "Your own preparation, the team's (for its members), and the other "
            "participants' once they have shared them."
        )
    )
    development_plan: DevelopmentPlan | None = Field(
        description=_("The development plan agreed in this conversation (MUS and LUS).")
    )
    previous_development_plan: DevelopmentPlan | None = Field(
        description=_(
            "The plan this conversation follows up on: the person's last plan, or for a "
            "follow-up conversation the original's."
        )
    )
