"""The demo organisation's conversations: a story told through the services, and a year
of conversations bulk-inserted for benchmarks.

``tell_story()`` (``samtale demo``) gives the personas and a spread of other people
conversations in every state, each made by the same service calls a user's clicks make
(``plan``, ``invite``, ``preparation_of`` + ``save_answer`` + ``share_preparation``,
``propose_theme``, ``mark_held``, ``write_summary``, ``share_summary``,
``respond_to_summary``, ``close``, ``cancel``, ``request_follow_up``). Two demo-only
steps are not services, and are marked so below:

1. **History.** The services refuse to invite anyone to the past, and stamp every step
   with the time it is taken. A conversation that the story says was held three weeks
   ago is therefore invited for tomorrow, held, summarised and accepted, and then
   ``_backdate`` moves its time and the timestamps of its steps (events, preparations,
   themes, summary, answers) to where the story puts them, with ``QuerySet.update``.
   Follow-up requests get their request date (and so their 14-day deadline) moved the
   same way. Dates are computed from today, the content never changes.
2. **Mail.** Inviting, moving and cancelling queue e-mails. The story runs in one
   transaction, and before it commits every e-mail it queued is marked ``sent`` with no
   ``sent_at`` and the note "Not delivered: demo data" as its ``last_error``: the
   delivery task then finds nothing to send, so building the demo sends no mail and
   prints none, and the messages stay in the admin to be read.

``seed_year()`` (``samtale seed --conversations``) bulk-inserts the conversations of the
last year (and the next two months) for everybody the story left out, in the shape the
services produce (participants, events, form version, preparations with answers,
themes, summaries and their answers, follow-up requests). Synthetic data for
benchmarks: it writes rows directly and sends nothing.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import DateTimeField, F, Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Least
from django.utils import timezone

from samtale.access.viewer import Viewer, acting_as
from samtale.competences.models import AgreedLevel
from samtale.conversations import services
from samtale.conversations.followups import services as followups
from samtale.conversations.models import (
    AgendaItem,
    Conversation,
    ConversationEvent,
    ConversationKind,
    FollowUpRequest,
    Participant,
    Preparation,
    Role,
    State,
    SummaryResponse,
    SummaryVersion,
)
from samtale.core.models import OutgoingMail
from samtale.demo import assessments, plans
from samtale.development.models import Activity, ActivityDecision, ActivityStatus, PlanItem
from samtale.org.models import Person, Team
from samtale.questionnaires.models import Answer, Question, QuestionType, Response
from samtale.questionnaires.queries import latest_published
from samtale.questionnaires.services import save_answer

NOT_DELIVERED = "Not delivered: demo data (samtale demo builds its story without sending mail)."
BATCH = 2000

# --- stages ------------------------------------------------------------------------------

PLANNED = "planned"
INVITED = "invited"
RESCHEDULED = "rescheduled"
CANCELLED = "cancelled"
HELD = "held"  # held, the summary still to be written
SHARED = "shared"  # held, the summary shared and waiting for acceptance
ACCEPTED = "accepted"
CLOSED = "closed"
AFTER_HOLD = (HELD, SHARED, ACCEPTED, CLOSED)

# When each step happened, relative to the start of the conversation (history rewrite).
STEP_OFFSETS: dict[str, datetime.timedelta] = {
    "plan": datetime.timedelta(days=-21),
    "invite": datetime.timedelta(days=-20),
    "reschedule": datetime.timedelta(days=-10),
    "cancel": datetime.timedelta(days=-5),
    "share_preparation": datetime.timedelta(days=-2),
    "share_team_preparation": datetime.timedelta(days=-2),
    "hold": datetime.timedelta(hours=1),
    "share_summary": datetime.timedelta(days=1),
    "accept_summary": datetime.timedelta(days=3),
    "comment_summary": datetime.timedelta(days=3),
    "accept": datetime.timedelta(days=3),
    "revise": datetime.timedelta(days=2),
    "close": datetime.timedelta(days=30),
}
PREPARED_BEFORE = datetime.timedelta(days=3)
THEMES_BEFORE = datetime.timedelta(days=4)
SUMMARY_AFTER = datetime.timedelta(days=1)
ANSWERED_AFTER = datetime.timedelta(days=3)
# Activities done or evaluated were followed up months after the conversation.
FOLLOWED_UP_AFTER = datetime.timedelta(days=150)
FOLLOWED_UP_LATER = (ActivityStatus.DONE, ActivityStatus.EVALUATED)


def workday(today: datetime.date, days: int) -> datetime.date:
    """``today`` plus ``days``, moved off the weekend (forward in the future, back in the
    past)."""
    day = today + datetime.timedelta(days=days)
    step = datetime.timedelta(days=1 if days >= 0 else -1)
    while day.weekday() >= 5:
        day += step
    return day


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """``hour:minute`` on ``day``, Danish time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


# --- the story ---------------------------------------------------------------------------

TEXTS_EMPLOYEE = (
    "Jeg er glad for stuen og for samarbejdet med mine kolleger.",
    "Jeg vil gerne blive bedre til at arbejde med sprogvurderinger.",
    "Vi har mange børn i perioder, og så bliver der for lidt tid til forældresamtaler.",
    "Et kursus i motorik og bevægelse, gerne i foråret.",
)
TEXTS_LEADER = (
    "Du tager ansvar og er en tryg voksen for børnene.",
    "Jeg vil gerne tale om, hvordan du kan dele din viden om sprog med huset.",
    "Planlægningen af personalemøderne skal vi se på sammen.",
)
TEXTS_TEAM = (
    "Vi er gode til at hjælpe hinanden, når der er travlt.",
    "Overleveringen mellem morgen- og eftermiddagsholdet kan blive bedre.",
    "Vi ønsker fælles tid til at planlægge temaugerne.",
)
TEXTS_LEADER_GRUS = (
    "I har løftet sprogarbejdet på stuen, og forældrene nævner det tit.",
    "Overleveringen mellem holdene har haltet i de perioder, hvor vi har haft vikarer.",
    "Temaugerne skal hænge sammen med husets mål for børnenes læring.",
)
TEXTS_CHIEF_LUS = (
    "Du har ført huset godt gennem et år med mange nye kolleger.",
    "Jeg vil gerne tale om, hvordan vi sammen løser rekrutteringen af pædagoger.",
    "Kvalitetsrapporten viser gode resultater for sprogarbejdet; dem vil jeg gerne bygge på.",
)
TEXTS_LEADER_LUS = (
    "Huset har fået en god start på den nye læreplan.",
    "Sygefraværet er faldet, men rekrutteringen af pædagoger er stadig svær.",
    "Jeg vil gerne udvikle min strategiske ledelse, evt. en diplomuddannelse.",
)
SUMMARY_MUS = (
    "Vi talte om dit arbejde på stuen, dit samarbejde med kollegerne og dine ønsker til "
    "udvikling. Du er glad for arbejdet og vil gerne arbejde mere med sprog."
)
AGREEMENTS_MUS = (
    "1. Kursus i sprogvurdering inden sommerferien.\n"
    "2. Du fortæller om sprogarbejdet på et personalemøde i foråret.\n"
    "3. Vi følger op efter tre måneder."
)
SUMMARY_GRUS = (
    "Teamet talte om samarbejdet på stuen, overleveringen mellem holdene og ønsket om "
    "fælles planlægningstid."
)
AGREEMENTS_GRUS = (
    "1. En fast overlevering kl. 12.30 hver dag.\n"
    "2. To timers fælles planlægning om måneden.\n"
    "3. Teamet vender tilbage med forslag til temauger."
)
SUMMARY_LUS = (
    "Vi talte om institutionens resultater, trivslen i personalegruppen og dine ønsker "
    "til lederudvikling."
)
AGREEMENTS_LUS = (
    "1. Du undersøger diplomuddannelsen i ledelse.\n2. Vi mødes igen efter et halvt år."
)
SUMMARY_ONE = "Vi talte om din hverdag og arbejdsmængden i de sidste uger."
AGREEMENTS_ONE = "Vi aftalte, at du tager færre lukkevagter i december."
COMMENT = (
    "Tak for en god samtale. Jeg oplevede, at vi også aftalte et ekstra kursus i "
    "motorik; det mangler i aftalerne."
)
PLACE = "Kontoret, Børnehuset Solsikken"
VIDEO = "https://meet.eksempel-kommune.dk/mus"


@dataclass
class Scene:
    """One conversation of the story: what it is, how far it has come, and when."""

    kind: str
    leader: Person
    person: Person | None = None
    team: Team | None = None
    stage: str = PLANNED
    day: int = 0  # working days from today; negative: in the past
    hour: int = 10
    place: str = ""
    video: str = ""
    moved_from: int = 0  # RESCHEDULED: the day it was first invited for
    prepared: tuple[str, ...] = ()  # shared preparations: "person", "leader", "team"
    drafts: tuple[str, ...] = ()  # started, not shared
    themes: tuple[tuple[str, str], ...] = ()  # (who, text); who: "person"/"leader"/"member"
    summary: tuple[str, str] = (SUMMARY_MUS, AGREEMENTS_MUS)
    accepted_by: Sequence[Person] | None = None  # None: every participant
    comment: str = ""  # added by the first to accept
    cancel_reason: str = ""


@dataclass
class StoryResult:
    conversations: list[Conversation] = field(default_factory=list)
    follow_ups: list[FollowUpRequest] = field(default_factory=list)


_actors: dict[int, Viewer] = {}


def _actor(person: Person) -> Viewer:
    """The person as the actor of a step (whether or not they can log in), built once per
    story (``tell_story`` empties the cache)."""
    if person.pk not in _actors:
        _actors[person.pk] = acting_as(person)
    return _actors[person.pk]


def _persona(key: str) -> Person | None:
    from samtale.demo import builder

    spec = next(p for p in builder.PERSONAS if p.key == key)
    return Person.objects.filter(email=builder.persona_email(spec)).first()


def _fill(response: Response, texts: Sequence[str]) -> None:
    """Answer the form's first text questions with ``texts`` and its first two scales."""
    questions = list(
        Question.objects.filter(section__version_id=response.version_id).order_by(
            "section__order", "order", "pk"
        )
    )
    text_questions = [q for q in questions if q.type == QuestionType.TEXT]
    for question, text in zip(text_questions, texts, strict=False):
        save_answer(response, question, {"value": text})
    for question, value in zip(
        [q for q in questions if q.type == QuestionType.SCALE], ("4", "3"), strict=False
    ):
        save_answer(response, question, {"value": value})


def _texts(scene: Scene, who: str) -> Sequence[str]:
    if who == "team":
        return TEXTS_TEAM
    if scene.kind == "lus":
        return TEXTS_LEADER_LUS if who == "person" else TEXTS_CHIEF_LUS
    if scene.kind == "grus":
        return TEXTS_LEADER_GRUS
    return TEXTS_EMPLOYEE if who == "person" else TEXTS_LEADER


def _prepare(conversation: Conversation, scene: Scene, who: str, *, share: bool) -> None:
    members = _members(conversation)
    by = _actor(scene.leader if who == "leader" else (scene.person or members[0]))
    preparation = services.preparation_of(conversation, by=by, team=who == "team")
    _fill(preparation.response, _texts(scene, who))
    if who != "team":
        assessments.self_assess(
            preparation.response,
            conversation,
            leader=who == "leader",
            years=assessments.years_ago(scene.day),
        )
    if share:
        services.share_preparation(preparation, by=by)


def _members(conversation: Conversation) -> list[Person]:
    return [
        p.person
        for p in conversation.participants.filter(role=Role.PARTICIPANT)
        .select_related("person__user")
        .order_by("person__name", "person__pk")
    ]


def play(scene: Scene, now: datetime.datetime) -> Conversation:
    """Take ``scene``'s conversation through the services to its stage."""
    today = timezone.localdate(now)
    leader = _actor(scene.leader)
    kind = ConversationKind.objects.get(code=scene.kind)
    conversation = services.plan(kind=kind, by=leader, person=scene.person, team=scene.team)
    members = _members(conversation)
    starts = at(workday(today, scene.day), scene.hour)
    past = starts < now
    if scene.stage != PLANNED:
        first = at(workday(today, scene.moved_from or 1), scene.hour) if past else starts
        if scene.stage == RESCHEDULED:
            first = at(workday(today, scene.moved_from), scene.hour)
        services.invite(
            conversation,
            by=leader,
            starts_at=first,
            location=scene.place,
            video_url=scene.video,
        )
    who_is = {"person": scene.person or members[0], "leader": scene.leader, "member": members[0]}
    for who, text in scene.themes:
        services.propose_theme(conversation, by=_actor(who_is[who]), text=text)
    for who in scene.drafts:
        _prepare(conversation, scene, who, share=False)
    for who in scene.prepared:
        _prepare(conversation, scene, who, share=True)
    if scene.stage == PLANNED:
        return conversation
    if scene.stage == RESCHEDULED:
        services.reschedule(
            conversation,
            by=leader,
            starts_at=starts,
            location=scene.place,
            video_url=scene.video,
        )
    elif scene.stage == CANCELLED:
        services.cancel(conversation, by=leader, reason=scene.cancel_reason)
    elif scene.stage in AFTER_HOLD:
        services.mark_held(conversation, by=leader)
        _summarise(conversation, scene, members, starts=starts, past_year=scene.day < -200)
    if past:
        _backdate(conversation, starts, now)
    conversation.refresh_from_db()
    return conversation


def _summarise(
    conversation: Conversation,
    scene: Scene,
    members: list[Person],
    *,
    starts: datetime.datetime,
    past_year: bool,
) -> None:
    if scene.stage == HELD:
        return
    leader = _actor(scene.leader)
    summary, agreements = scene.summary
    services.write_summary(
        conversation,
        by=leader,
        summary=summary,
        agreements=agreements,
        parts=assessments.summary_parts(conversation, years=assessments.years_ago(scene.day)),
    )
    if conversation.kind.development_plan and conversation.team_id is not None:
        assessments.write_team_plan(conversation, leader=leader, starts=starts)
    if conversation.kind.development_plan and conversation.person_id is not None:
        assert conversation.person is not None
        plans.write_plan(
            conversation,
            leader=leader,
            person=_actor(conversation.person),
            starts=starts,
            followed_up=past_year,
        )
    services.share_summary(conversation, by=leader)
    if scene.stage == SHARED and scene.accepted_by is None:
        return
    accepting = members if scene.accepted_by is None else list(scene.accepted_by)
    for i, member in enumerate(accepting):
        services.respond_to_summary(
            conversation,
            by=_actor(member),
            accept=True,
            comment=scene.comment if i == 0 else "",
        )
    if scene.stage == CLOSED:
        services.close(conversation, by=leader)


# DEMO ONLY: rewrites the history of a conversation the story places in the past. The
# services stamp each step "now" and refuse to invite anyone to the past; this moves the
# start and every timestamp of the conversation's steps to where the story puts them.
def _backdate(
    conversation: Conversation, starts: datetime.datetime, now: datetime.datetime
) -> None:
    latest = now - datetime.timedelta(hours=1)

    def when(offset: datetime.timedelta, i: int = 0) -> datetime.datetime:
        return min(starts + offset + datetime.timedelta(minutes=i), latest)

    last = when(datetime.timedelta())
    for i, event in enumerate(conversation.events.order_by("at", "pk")):
        moment = when(STEP_OFFSETS.get(event.action, datetime.timedelta()), i)
        ConversationEvent.objects.filter(pk=event.pk).update(at=moment)
        last = max(last, moment)
    pk = conversation.pk
    Conversation.objects.filter(pk=pk).update(
        starts_at=starts, created_at=when(STEP_OFFSETS["plan"]), updated_at=last
    )
    preparations = Preparation.objects.filter(conversation_id=pk)
    preparations.filter(shared_at__isnull=False).update(
        shared_at=when(STEP_OFFSETS["share_preparation"])
    )
    responses = Response.objects.filter(preparation__conversation_id=pk)
    Answer.objects.filter(response__in=responses).update(updated=when(-PREPARED_BEFORE))
    responses.update(created=when(-THEMES_BEFORE), updated=when(-PREPARED_BEFORE))
    AgendaItem.objects.filter(conversation_id=pk).update(created_at=when(-THEMES_BEFORE))
    versions = SummaryVersion.objects.filter(conversation_id=pk)
    versions.update(written_at=when(SUMMARY_AFTER))
    versions.filter(shared_at__isnull=False).update(shared_at=when(SUMMARY_AFTER))
    SummaryResponse.objects.filter(version__conversation_id=pk).update(at=when(ANSWERED_AFTER))
    PlanItem.objects.filter(plan__conversation_id=pk).update(updated_at=when(SUMMARY_AFTER))
    activities = Activity.objects.filter(item__plan__conversation_id=pk)
    activities.update(updated_at=when(SUMMARY_AFTER))
    activities.filter(status__in=FOLLOWED_UP_LATER).update(updated_at=when(FOLLOWED_UP_AFTER))
    ActivityDecision.objects.filter(activity__in=activities).update(at=when(SUMMARY_AFTER))
    levels = AgreedLevel.objects.filter(summary__conversation_id=pk)
    levels.update(agreed_on=timezone.localdate(starts))
    levels.filter(accepted_at__isnull=False).update(accepted_at=when(ANSWERED_AFTER))


# DEMO ONLY: moves a follow-up request's date (and with it its deadline) to ``days_ago``.
def _request_follow_up(
    conversation: Conversation, person: Person, reason: str, days_ago: int, now: datetime.datetime
) -> FollowUpRequest:
    request = followups.request_follow_up(conversation, by=_actor(person), reason=reason)
    requested = now - datetime.timedelta(days=days_ago)
    FollowUpRequest.objects.filter(pk=request.pk).update(
        requested_at=requested, deadline=followups.deadline_for(requested)
    )
    request.refresh_from_db()
    return request


@contextmanager
def mail_kept_back() -> Iterator[None]:
    """Inside a transaction: the e-mails queued in the block are marked as sent (no
    ``sent_at``; ``last_error`` says why) before the transaction commits, so the delivery
    task that runs on commit skips them. For the demo only."""
    before = OutgoingMail.objects.aggregate(n=Max("pk"))["n"] or 0
    yield
    OutgoingMail.objects.filter(pk__gt=before, status=OutgoingMail.Status.QUEUED).update(
        status=OutgoingMail.Status.SENT, next_attempt_at=None, last_error=NOT_DELIVERED
    )


@contextmanager
def _quiet(logger_name: str) -> Iterator[None]:
    logger = logging.getLogger(logger_name)
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def quiet_tasks() -> contextlib.AbstractContextManager[None]:
    """The immediate task backend logs two lines per delivery task: not while the demo
    is built."""
    return _quiet("django.tasks")


def has_conversations() -> bool:
    return Conversation.objects.exists()


def scenes() -> tuple[list[Scene], dict[str, Any]]:
    """The story's conversations, in the order they are played, and the people and
    teams it needs later (for the follow-up requests)."""
    leader = _persona("leader")
    employee = _persona("employee")
    colleague = _persona("colleague")
    if leader is None or employee is None or colleague is None:
        return [], {}
    tr, amr = _persona("tr"), _persona("amr")
    chief, board_chair = _persona("chief"), _persona("board_chair")
    hr, hr_kommune = _persona("hr"), _persona("hr_kommune")
    persona_pks = {p.pk for p in (employee, colleague, tr, amr) if p is not None}
    others = list(
        Person.objects.reports_of(leader)
        .active()
        .exclude(pk__in=persona_pks)
        .order_by("name", "pk")
    )
    team = Team.objects.filter(members=employee, leader=leader).order_by("pk").first()

    s: list[Scene] = []
    # Last year's MUS, closed, for the leader's own people.
    # The employee's MUS the year before: the first levels she agreed (her history).
    s.append(
        Scene("mus", leader, employee, stage=CLOSED, day=-730, hour=10, place=PLACE,
              prepared=("person",))
    )  # fmt: skip
    for i, person in enumerate([employee, colleague, *([tr, amr] if tr and amr else []), *others]):
        s.append(
            Scene(
                "mus", leader, person, stage=CLOSED, day=-365 + i, hour=9 + i % 6, place=PLACE,
                prepared=("person",) if person == employee else (),
            )
        )  # fmt: skip
    # Last year's LUS of the leader with her chief, closed: its plan is linked into this
    # year's LUS.
    if chief is not None:
        s.append(Scene("lus", chief, leader, stage=CLOSED, day=-360, hour=10, place=PLACE))
    # This year's round.
    s.append(
        Scene(
            "mus", leader, employee, stage=INVITED, day=8, hour=10, place=PLACE,
            drafts=("person",),
            themes=(
                ("person", "Sprogarbejdet på stuen"),
                ("leader", "Din rolle som praktikvejleder"),
            ),
        )
    )  # fmt: skip
    s.append(
        Scene(
            "mus", leader, colleague, stage=ACCEPTED, day=-25, hour=13, place=PLACE,
            prepared=("person",), comment=COMMENT,
        )
    )  # fmt: skip
    if tr is not None:
        s.append(
            Scene("mus", leader, tr, stage=RESCHEDULED, moved_from=4, day=12, hour=14, video=VIDEO)
        )
    if amr is not None:
        s.append(Scene("mus", leader, amr, stage=PLANNED, themes=(("person", "Indeklimaet"),)))
    spread = [
        Scene(
            "mus", leader, stage=HELD, day=-3, hour=11, place=PLACE,
            prepared=("person", "leader"),
            themes=(("person", "Mere tid til forberedelse"), ("leader", "Ansvar for legepladsen")),
        ),
        Scene("mus", leader, stage=SHARED, day=-7, hour=9, place=PLACE, prepared=("person",)),
        Scene("mus", leader, stage=ACCEPTED, day=-30, hour=10, place=PLACE),
        Scene(
            "mus", leader, stage=CANCELLED, day=3, hour=12, place=PLACE,
            cancel_reason="Du er på kursus den dag; jeg finder en ny tid.",
        ),
        Scene("mus", leader, stage=INVITED, day=5, hour=9, video=VIDEO),
    ]  # fmt: skip
    for scene, person in zip(spread, others, strict=False):
        scene.person = person
        s.append(scene)
    if team is not None:
        # Some of the members have accepted the summary; the employee has not yet.
        acceptors = list(team.members.active().exclude(pk=employee.pk).order_by("name", "pk")[:3])
        s.append(
            Scene(
                "grus", leader, team=team, stage=SHARED, day=-15, hour=13,
                place="Personalerummet, Børnehuset Solsikken",
                prepared=("team", "leader"), themes=(("member", "Overlevering mellem holdene"),),
                summary=(SUMMARY_GRUS, AGREEMENTS_GRUS), accepted_by=acceptors,
            )
        )  # fmt: skip
    s.append(
        Scene(
            "en-til-en", leader, employee, stage=SHARED, day=-6, hour=14, place=PLACE,
            summary=(SUMMARY_ONE, AGREEMENTS_ONE),
        )
    )  # fmt: skip
    # LUS: the leader with her chief; the board-led institution's leader with the chair.
    if chief is not None:
        s.append(
            Scene(
                "lus", chief, leader, stage=INVITED, day=17, hour=10,
                place="Dagtilbud Nord, mødelokale 2", prepared=("person",),
                themes=(("leader", "Rekruttering af pædagoger"),),
            )
        )  # fmt: skip
        director = chief.manager
        if director is not None:
            s.append(
                Scene(
                    "lus", director, chief, stage=HELD, day=-9, hour=9,
                    place="Rådhuset, direktionsgangen", prepared=("person", "leader"),
                )
            )  # fmt: skip
        other_leader = (
            Person.objects.reports_of(chief).active().exclude(pk=leader.pk).order_by("pk").first()
        )
        if other_leader is not None:
            s.append(
                Scene(
                    "lus", chief, other_leader, stage=ACCEPTED, day=-40, hour=13,
                    place="Dagtilbud Nord, mødelokale 2", summary=(SUMMARY_LUS, AGREEMENTS_LUS),
                )
            )  # fmt: skip
            s.extend(_round_of(other_leader))
    if board_chair is not None:
        board_led = board_chair.reports.order_by("pk").first()
        if board_led is not None:
            s.append(
                Scene(
                    "lus", board_chair, board_led, stage=ACCEPTED, day=-20, hour=16,
                    place="Vuggestuen Mælkebøtten", prepared=("person",),
                    summary=(SUMMARY_LUS, AGREEMENTS_LUS),
                )
            )  # fmt: skip
    if hr is not None and hr.manager is not None:
        s.append(Scene("mus", hr.manager, hr, stage=ACCEPTED, day=-18, hour=10, place="Rådhuset"))
    if hr_kommune is not None and hr_kommune.manager is not None:
        s.append(
            Scene(
                "lus", hr_kommune.manager, hr_kommune, stage=INVITED, day=10, hour=8,
                place="Rådhuset, direktionsgangen",
            )
        )  # fmt: skip
    return s, {"employee": employee, "colleague": colleague, "team": team}


ROUND = (INVITED, HELD, SHARED, ACCEPTED, PLANNED, RESCHEDULED, ACCEPTED, CANCELLED)


def _round_of(leader: Person) -> list[Scene]:
    """Another leader's round: their people's MUS in every state, and a GRUS."""
    result: list[Scene] = []
    for i, person in enumerate(Person.objects.reports_of(leader).active().order_by("name", "pk")):
        stage = ROUND[i % len(ROUND)]
        past = stage in AFTER_HOLD
        result.append(
            Scene(
                "mus", leader, person, stage=stage, day=-(4 + 3 * i) if past else 2 + 2 * i,
                hour=9 + i % 7, moved_from=1 + i, place="Kontoret",
                prepared=("person",) if i % 3 == 0 else (),
                cancel_reason="Aflyst på grund af sygdom." if stage == CANCELLED else "",
            )
        )  # fmt: skip
    team = Team.objects.filter(leader=leader).order_by("pk").first()
    if team is not None and team.members.exists():
        result.append(
            Scene(
                "grus", leader, team=team, stage=ACCEPTED, day=-35, hour=13, place="Kontoret",
                prepared=("team",), summary=(SUMMARY_GRUS, AGREEMENTS_GRUS),
            )
        )  # fmt: skip
    return result


def tell_story(now: datetime.datetime | None = None) -> StoryResult:
    """Play every scene (see the module docstring). Call it once, on an organisation
    without conversations; ``samtale demo`` does."""
    now = now or timezone.now()
    result = StoryResult()
    _actors.clear()  # the people of this organisation, built as the story needs them
    # The delivery tasks run when the transaction commits and skip every mail (see
    # mail_kept_back); the immediate task backend would still log two lines for each.
    with _quiet("django.tasks"), transaction.atomic(), mail_kept_back():
        story, cast = scenes()
        played = {id(scene): play(scene, now) for scene in story}
        result.conversations = list(played.values())
        by_scene = {id(scene): scene for scene in story}
        grus = next(
            (played[k] for k, sc in by_scene.items() if sc.kind == "grus" and sc.stage == SHARED),
            None,
        )
        colleague_mus = next(
            (
                played[k]
                for k, sc in by_scene.items()
                if sc.person == cast.get("colleague") and sc.stage == ACCEPTED
            ),
            None,
        )
        if grus is not None:
            result.follow_ups.append(
                _request_follow_up(
                    grus,
                    cast["employee"],
                    "Vi vil gerne følge op på overleveringen, inden vi går i gang med temaugerne.",
                    days_ago=2,
                    now=now,
                )
            )
        if colleague_mus is not None:
            result.follow_ups.append(
                _request_follow_up(
                    colleague_mus,
                    cast["colleague"],
                    "Kurset i motorik mangler i aftalerne; jeg vil gerne tale om det igen.",
                    days_ago=20,
                    now=now,
                )
            )
    return result


# --- a year of conversations, bulk-inserted (samtale seed --conversations) ---------------


@dataclass
class _Spec:
    kind: ConversationKind
    leader: int
    stage: str
    starts: datetime.datetime | None
    person: int | None = None
    team: int | None = None
    members: list[int] = field(default_factory=list)


def _stage_for(offset: int, rng: random.Random) -> str:
    """The stage of a conversation that starts ``offset`` days from today."""
    r = rng.random()
    if offset > 30:
        return PLANNED if r < 0.5 else INVITED
    if offset > 0:
        return INVITED if r < 0.8 else RESCHEDULED if r < 0.95 else CANCELLED
    if offset > -14:
        return HELD if r < 0.6 else SHARED
    if offset > -60:
        return SHARED if r < 0.2 else ACCEPTED
    return ACCEPTED if r < 0.3 else CLOSED


def _events_for(stage: str, members: int) -> list[tuple[str, str, str]]:
    """(action, from, to) of each step the services record on the way to ``stage``."""
    steps: list[tuple[str, str, str]] = [("plan", "", State.PLANNED)]
    if stage == PLANNED:
        return steps
    steps.append(("invite", State.PLANNED, State.INVITED))
    if stage == RESCHEDULED:
        return [*steps, ("reschedule", State.INVITED, State.RESCHEDULED)]
    if stage in (INVITED,):
        return steps
    if stage == CANCELLED:
        return [*steps, ("cancel", State.INVITED, State.CANCELLED)]
    steps.append(("hold", State.INVITED, State.HELD))
    if stage == HELD:
        return steps
    steps.append(("share_summary", State.HELD, State.HELD))
    if stage == SHARED:
        return steps
    steps += [("accept_summary", State.HELD, State.HELD)] * members
    steps.append(("accept", State.HELD, State.ACCEPTED))
    if stage == CLOSED:
        steps.append(("close", State.ACCEPTED, State.CLOSED))
    return steps


STATE_OF = {
    PLANNED: State.PLANNED,
    INVITED: State.INVITED,
    RESCHEDULED: State.RESCHEDULED,
    CANCELLED: State.CANCELLED,
    HELD: State.HELD,
    SHARED: State.HELD,
    ACCEPTED: State.ACCEPTED,
    CLOSED: State.CLOSED,
}


def seed_year(seed: int = 2024, now: datetime.datetime | None = None) -> int:
    """Bulk-insert one yearly conversation (MUS, or LUS for leaders) per active person
    with a leader and one GRUS per led team, spread over the last year and the next two
    months, for everybody and every team the story left out. Returns how many."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    rng = random.Random(seed)
    kinds = {k.code: k for k in ConversationKind.objects.all()}
    taken_people = set(
        Conversation.objects.filter(person__isnull=False).values_list("person_id", flat=True)
    )
    taken_teams = set(
        Conversation.objects.filter(team__isnull=False).values_list("team_id", flat=True)
    )
    leaders = set(Person.objects.filter(manager__isnull=False).values_list("manager_id", flat=True))
    active = set(Person.objects.active(today).values_list("pk", flat=True))

    def when(offset: int) -> datetime.datetime:
        return at(workday(today, offset), 8 + rng.randrange(8), rng.choice((0, 15, 30, 45)))

    specs: list[_Spec] = []
    people = (
        Person.objects.filter(pk__in=active, manager__isnull=False)
        .order_by("pk")
        .values_list("pk", "manager_id")
    )
    for pk, manager in people:
        if pk in taken_people:
            continue
        offset = rng.randrange(-330, 61)
        stage = _stage_for(offset, rng)
        kind = kinds["lus" if pk in leaders else "mus"]
        starts = None if stage == PLANNED else when(offset)
        specs.append(_Spec(kind, manager, stage, starts, person=pk, members=[pk]))
    members: dict[int, list[int]] = {}
    for team_id, person_id in Team.members.through.objects.order_by("pk").values_list(
        "team_id", "person_id"
    ):
        if person_id in active:
            members.setdefault(team_id, []).append(person_id)
    for team_id, leader_id in (
        Team.objects.filter(leader__isnull=False).order_by("pk").values_list("pk", "leader_id")
    ):
        team_members = [m for m in members.get(team_id, []) if m != leader_id]
        if team_id in taken_teams or not team_members:
            continue
        offset = rng.randrange(-330, 61)
        stage = _stage_for(offset, rng)
        starts = None if stage == PLANNED else when(offset)
        specs.append(
            _Spec(kinds["grus"], leader_id, stage, starts, team=team_id, members=team_members)
        )
    if not specs:
        return 0
    first_pk = None
    with transaction.atomic():
        for batch in (specs[i : i + BATCH] for i in range(0, len(specs), BATCH)):
            pks = _insert(batch, rng, now)
            first_pk = first_pk or pks[0]
        _set_times(first_pk or 0, now)
    return len(specs)


def _insert(batch: list[_Spec], rng: random.Random, now: datetime.datetime) -> list[int]:
    versions: dict[str, Any] = {}
    questions: dict[int, tuple[list[int], list[int]]] = {}
    for spec in batch:
        family = spec.kind.questionnaire_family
        if family and family not in versions:
            version = latest_published(family, "da")
            versions[family] = version
            if version is not None:
                qs = list(
                    Question.objects.filter(section__version=version)
                    .order_by("section__order", "order", "pk")
                    .values_list("pk", "type")
                )
                questions[version.pk] = (
                    [q for q, t in qs if t == QuestionType.TEXT],
                    [q for q, t in qs if t == QuestionType.SCALE],
                )
    conversations = Conversation.objects.bulk_create(
        [
            Conversation(
                kind=spec.kind,
                state=STATE_OF[spec.stage],
                leader_id=spec.leader,
                person_id=spec.person,
                team_id=spec.team,
                starts_at=spec.starts,
                duration=spec.kind.default_duration,
                location="" if spec.starts is None or i % 4 == 0 else "Kontoret",
                video_url="https://meet.eksempel-kommune.dk/samtale"
                if spec.starts is not None and i % 4 == 0
                else "",
                sequence=1 if spec.stage in (RESCHEDULED, CANCELLED) else 0,
                questionnaire_version=versions.get(spec.kind.questionnaire_family),
            )
            for i, spec in enumerate(batch)
        ]
    )
    participants: list[Participant] = []
    events: list[ConversationEvent] = []
    themes: list[AgendaItem] = []
    summaries: list[SummaryVersion] = []
    # (conversation, its form version, the preparation's person or None for the team's,
    # when it was shared or None)
    prep_owner: list[tuple[Conversation, int, int | None, datetime.datetime | None]] = []
    requests: list[FollowUpRequest] = []
    for conversation, spec in zip(conversations, batch, strict=True):
        participants.append(
            Participant(conversation=conversation, person_id=spec.leader, role=Role.HOST)
        )
        participants += [
            Participant(conversation=conversation, person_id=m, role=Role.PARTICIPANT)
            for m in spec.members
        ]
        for action, before, after in _events_for(spec.stage, len(spec.members)):
            events.append(
                ConversationEvent(
                    conversation=conversation, action=action, from_state=before, to_state=after
                )
            )
        starts = spec.starts
        if spec.stage != CANCELLED and rng.random() < 0.3:
            themes.append(
                AgendaItem(
                    conversation=conversation,
                    proposed_by_id=spec.members[0],
                    text=rng.choice(THEME_TEXTS),
                )
            )
        version_id = conversation.questionnaire_version_id
        if version_id is not None and spec.stage != CANCELLED:
            shared = starts - PREPARED_BEFORE if starts and starts < now else None
            if rng.random() < 0.5:
                owner = None if spec.team else spec.members[0]
                share = shared if rng.random() < 0.8 else None
                prep_owner.append((conversation, version_id, owner, share))
            if rng.random() < 0.25:
                prep_owner.append((conversation, version_id, spec.leader, shared))
        if spec.stage in (SHARED, ACCEPTED, CLOSED) or (spec.stage == HELD and rng.random() < 0.3):
            summaries.append(
                SummaryVersion(
                    conversation=conversation,
                    number=1,
                    summary=SUMMARY_GRUS if spec.team else SUMMARY_MUS,
                    agreements=AGREEMENTS_GRUS if spec.team else AGREEMENTS_MUS,
                    written_by_id=spec.leader,
                    shared_at=(starts + SUMMARY_AFTER) if starts and spec.stage != HELD else None,
                )
            )
        if spec.stage in (SHARED, ACCEPTED) and starts and rng.random() < 0.04:
            requested = min(now, starts + datetime.timedelta(days=rng.randrange(4, 40)))
            requests.append(
                FollowUpRequest(
                    conversation=conversation,
                    requested_by_id=spec.members[0],
                    leader_id=spec.leader,
                    reason="Jeg vil gerne følge op på aftalerne.",
                    requested_at=requested,
                    deadline=timezone.localdate(requested) + datetime.timedelta(days=14),
                )
            )
    Participant.objects.bulk_create(participants, batch_size=BATCH)
    ConversationEvent.objects.bulk_create(events, batch_size=BATCH)
    AgendaItem.objects.bulk_create(themes, batch_size=BATCH)
    FollowUpRequest.objects.bulk_create(requests, batch_size=BATCH)
    responses = Response.objects.bulk_create(
        [Response(version_id=version_id) for _c, version_id, _o, _s in prep_owner],
        batch_size=BATCH,
    )
    Preparation.objects.bulk_create(
        [
            Preparation(conversation=c, person_id=owner, response=response, shared_at=shared)
            for (c, _v, owner, shared), response in zip(prep_owner, responses, strict=True)
        ],
        batch_size=BATCH,
    )
    answers: list[Answer] = []
    for response in responses:
        texts, scales = questions[response.version_id]
        answers += [
            Answer(response=response, question_id=q, value=text)
            for q, text in zip(texts, TEXTS_EMPLOYEE, strict=False)
        ]
        answers += [
            Answer(response=response, question_id=q, value=rng.randint(2, 5)) for q in scales[:3]
        ]
    Answer.objects.bulk_create(answers, batch_size=BATCH)
    written = SummaryVersion.objects.bulk_create(summaries, batch_size=BATCH)
    by_conversation = {c.pk: spec for c, spec in zip(conversations, batch, strict=True)}
    SummaryResponse.objects.bulk_create(
        [
            SummaryResponse(version=version, person_id=member, accepted=True)
            for version in written
            if by_conversation[version.conversation_id].stage in (ACCEPTED, CLOSED)
            for member in by_conversation[version.conversation_id].members
        ],
        batch_size=BATCH,
    )
    return [c.pk for c in conversations]


THEME_TEXTS = (
    "Arbejdsmængden i travle perioder",
    "Ønske om efteruddannelse",
    "Samarbejdet i teamet",
    "Nye opgaver til næste år",
    "Trivsel og sygefravær",
    "Digitale arbejdsgange",
)


def _set_times(first_pk: int, now: datetime.datetime) -> None:
    """The steps' timestamps relative to each conversation's start (bulk_create stamps
    them all "now"): a few UPDATEs over the inserted rows."""
    moment = Value(now, output_field=DateTimeField())
    ours = Conversation.objects.filter(pk__gte=first_pk)
    ours.update(
        created_at=Least(
            Coalesce(F("starts_at"), moment) + Value(STEP_OFFSETS["plan"]),
            moment,
            output_field=DateTimeField(),
        )
    )
    starts = Subquery(
        Conversation.objects.filter(pk=OuterRef("conversation_id")).values("starts_at")[:1],
        output_field=DateTimeField(),
    )
    for action, offset in STEP_OFFSETS.items():
        ConversationEvent.objects.filter(conversation_id__gte=first_pk, action=action).update(
            at=Least(Coalesce(starts, moment) + Value(offset), moment, output_field=DateTimeField())
        )


def delete_all() -> None:
    """Every conversation, with its steps, preparations (and their filled-in forms),
    themes, summaries and follow-up requests. For ``seed --reset`` on a test or benchmark
    database only."""
    with transaction.atomic():
        FollowUpRequest.objects.all().delete()
        Conversation.objects.filter(follow_up_of__isnull=False).update(follow_up_of=None)
        Conversation.objects.all().delete()
        # Filled-in forms belong to preparations only; the preparations went with them.
        Response.objects.filter(preparation__isnull=True).delete()
