"""State changes of conversations. Views, commands, the demo and tests call these;
nobody else saves a conversation. Each step is checked by the lifecycle and recorded.

Every service takes the actor as ``by``: the viewer who acts (``request.viewer`` in a
view; ``samtale.access.viewer.acting_as(person)`` in the demo, a command or a test). It
asks ``samtale.conversations.policy`` again, inside its transaction, whether that actor
may take the step: a view that forgot to ask gets a refusal (``PermissionDenied``, a 403),
never a changed conversation.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samtale.conversations import emails, lifecycle, policy, signals
from samtale.conversations.models import (
    AgendaItem,
    Conversation,
    ConversationEvent,
    ConversationKind,
    Frequency,
    Note,
    Participant,
    Participation,
    Preparation,
    Role,
    State,
    SummaryResponse,
    SummaryVersion,
    TeamPreparationChange,
)
from samtale.questionnaires.models import Answer, Question, Response
from samtale.questionnaires.queries import latest_published
from samtale.questionnaires.services import save_answer, start_response

if TYPE_CHECKING:
    from samtale.access.viewer import Viewer
    from samtale.org.models import Person, Team


def allow(allowed: bool, message: str | None = None) -> None:
    """Refuse the step unless the policy allowed it (defence in depth: the views ask the
    same policy first, so a refusal here means a page offered what it should not)."""
    if not allowed:
        raise PermissionDenied(message or _("You may not do this."))


def _record(
    conversation: Conversation,
    action: str,
    from_state: str,
    by: Viewer,
    note: str = "",
) -> None:
    """Write the step into the conversation's history: the login that took it and the
    person (kept when the login goes)."""
    ConversationEvent.objects.create(
        conversation=conversation,
        action=action,
        from_state=from_state,
        to_state=conversation.state,
        by=by.user,
        actor=by.person,
        note=note[:500],
    )


def _step(
    conversation: Conversation, step_name: str, by: Viewer, note: str = "", **changes: Any
) -> None:
    step = lifecycle.check(conversation.state, step_name)
    before = conversation.state
    for field, value in changes.items():
        setattr(conversation, field, value)
    conversation.state = step.target or before
    conversation.full_clean()
    conversation.save()
    _record(conversation, step_name, before, by, note)
    signals.state_changed.send(Conversation, conversation=conversation, before=before)


def _create(
    *,
    kind: ConversationKind,
    by: Viewer,
    person: Person | None = None,
    team: Team | None = None,
    leader: Person | None = None,
) -> Conversation:
    """Make the conversation with its participants; the callers check who may."""
    if kind.participation == Participation.TEAM_AND_LEADER or (team and person is None):
        if team is None:
            raise ValidationError(_("Choose the team the conversation is with."))
        leader = leader or team.leader
        members = list(team.members.active())
    else:
        if person is None:
            raise ValidationError(_("Choose the person the conversation is with."))
        leader = leader or person.manager
        members = [person]
    if leader is None:
        raise ValidationError(_("Nobody is registered as leader, so nobody can hold it."))
    if person is not None and person.pk == leader.pk:
        raise ValidationError(_("A leader cannot hold a conversation with themself."))
    version = (
        latest_published(kind.questionnaire_family, "da") if kind.questionnaire_family else None
    )
    conversation = Conversation(
        kind=kind,
        leader=leader,
        person=person,
        team=team,
        duration=kind.default_duration,
        questionnaire_version=version,
    )
    conversation.full_clean()
    conversation.save()
    Participant.objects.create(conversation=conversation, person=leader, role=Role.HOST)
    Participant.objects.bulk_create(
        Participant(conversation=conversation, person=member, role=Role.PARTICIPANT)
        for member in members
        if member.pk != leader.pk
    )
    _record(conversation, "plan", "", by)
    signals.created.send(Conversation, conversation=conversation)
    return conversation


@transaction.atomic
def plan(
    *,
    kind: ConversationKind,
    by: Viewer,
    person: Person | None = None,
    team: Team | None = None,
) -> Conversation:
    """The leader plans a conversation of ``kind`` with one of their people (for LUS: the
    chief or board chair with a leader below them) or, for GRUS, with a team they lead
    (``policy.can_plan``). The leader holds it."""
    allow(
        policy.can_plan(by, kind_participation=kind.participation, person=person, team=team),
        _("Only the nearest leader plans this conversation."),
    )
    return _create(kind=kind, by=by, person=person, team=team, leader=by.person)


def plan_follow_up_conversation(
    original: Conversation, *, kind: ConversationKind, by: Viewer, leader: Person
) -> Conversation:
    """The follow-up conversation of ``original`` with its person or team, held by
    ``leader``: the request's (``samtale.conversations.followups.services.plan_follow_up``
    checks who may)."""
    conversation = _create(
        kind=kind,
        by=by,
        person=original.person,
        team=original.team if original.person_id is None else None,
        leader=leader,
    )
    conversation.follow_up_of = original
    conversation.save(update_fields=["follow_up_of", "updated_at"])
    return conversation


def check_time_and_place(
    starts_at: datetime.datetime, duration: int, location: str, video_url: str
) -> None:
    if timezone.is_naive(starts_at):
        raise ValidationError(_("The time must include a time zone."))
    if starts_at < timezone.now() - datetime.timedelta(minutes=5):
        raise ValidationError(_("The conversation cannot start in the past."))
    if not (location.strip() or video_url.strip()):
        raise ValidationError(_("Give a place or a video link."))
    if not 5 <= duration <= 8 * 60:
        raise ValidationError(_("The duration must be between 5 minutes and 8 hours."))


def _schedule(
    conversation: Conversation,
    step: str,
    *,
    by: Viewer,
    starts_at: datetime.datetime,
    duration: int | None,
    location: str,
    video_url: str,
    allowed: bool | None = None,
) -> Conversation:
    """Invite, or move: set time, place and duration, then send the calendar invitation.
    A move keeps the invitation's UID and raises its SEQUENCE so calendars update it.
    ``allowed``: the caller's own policy answer (a booking); else the leader's."""
    if allowed is None:
        allowed = policy.can_schedule(by, conversation)
    allow(allowed, _("Only the leader who holds it invites."))
    duration = duration or conversation.duration
    check_time_and_place(starts_at, duration, location, video_url)
    moved = step == "reschedule"
    previous_start = conversation.starts_at  # the moved mail says from when to when
    _step(
        conversation,
        step,
        by,
        starts_at=starts_at,
        duration=duration,
        location=location.strip(),
        video_url=video_url.strip(),
        sequence=conversation.sequence + 1 if moved else conversation.sequence,
    )
    signals.time_changed.send(Conversation, conversation=conversation, step=step)
    emails.send_invitation(
        conversation, moved=moved, previous_start=previous_start if moved else None
    )
    return conversation


@transaction.atomic
def invite(
    conversation: Conversation,
    *,
    by: Viewer,
    starts_at: datetime.datetime,
    duration: int | None = None,
    location: str = "",
    video_url: str = "",
) -> Conversation:
    """Set date, time, place or video link and duration, and invite the participants."""
    return _schedule(
        conversation,
        "invite",
        by=by,
        starts_at=starts_at,
        duration=duration,
        location=location,
        video_url=video_url,
    )


@transaction.atomic
def book(
    conversation: Conversation,
    *,
    by: Viewer,
    starts_at: datetime.datetime,
    duration: int,
    location: str = "",
    video_url: str = "",
) -> Conversation:
    """The person takes a time their leader offered (``samtale.rounds.booking`` holds the
    offers and checks this one): the conversation is invited at that time, and both get
    the invitation as if the leader had sent it. The history says who booked."""
    return _schedule(
        conversation,
        "invite",
        by=by,
        starts_at=starts_at,
        duration=duration,
        location=location,
        video_url=video_url,
        allowed=policy.can_book(by, conversation),
    )


@transaction.atomic
def reschedule(
    conversation: Conversation,
    *,
    by: Viewer,
    starts_at: datetime.datetime,
    duration: int | None = None,
    location: str = "",
    video_url: str = "",
) -> Conversation:
    """Move the conversation; calendars get the same invitation with a higher SEQUENCE."""
    return _schedule(
        conversation,
        "reschedule",
        by=by,
        starts_at=starts_at,
        duration=duration,
        location=location,
        video_url=video_url,
    )


@transaction.atomic
def cancel(conversation: Conversation, *, by: Viewer, reason: str = "") -> Conversation:
    allow(policy.can_schedule(by, conversation), _("Only the leader who holds it cancels it."))
    _step(conversation, "cancel", by, note=reason, sequence=conversation.sequence + 1)
    signals.time_changed.send(Conversation, conversation=conversation, step="cancel")
    emails.send_cancellation(conversation, reason=reason)
    return conversation


def _locked_for_new_host(
    conversation: Conversation, step: str, to: Person
) -> tuple[Conversation, Person]:
    """The conversation locked for ``step`` (a new leader holds it from now on) and its
    leader until now; refused when ``to`` holds it already or takes part in it."""
    conversation = (
        Conversation.objects.select_for_update(of=("self",))
        .select_related("kind", "leader", "person", "team")
        .get(pk=conversation.pk)
    )
    lifecycle.check(conversation.state, step)
    old = conversation.leader
    if to.pk == old.pk:
        raise ValidationError(_("%(name)s already holds the conversation.") % {"name": to.name})
    if conversation.participants.filter(person=to).exists():
        raise ValidationError(
            _("%(name)s takes part in the conversation and cannot hold it.") % {"name": to.name}
        )
    return conversation, old


@transaction.atomic
def hand_over(conversation: Conversation, *, by: Viewer, to: Person, allowed: bool) -> Conversation:
    """Another leader holds the conversation from now on, before it is held: HR's step
    when the person has a new nearest leader (``samtale.rounds.handover`` says who may,
    and passes its answer as ``allowed``). The new leader becomes the host and the old
    one no longer takes part; a time the conversation had is given up (the calendars get
    a cancellation) and it is planned again, for the new leader to invite or the person
    to book. The old leader, the new leader and the participants are told."""
    allow(allowed, _("You may not hand this conversation over."))
    conversation, old = _locked_for_new_host(conversation, "hand_over", to)
    previous_start = conversation.starts_at
    cancellation = None
    if previous_start is not None:
        conversation.sequence += 1  # the cancellation replaces the invitation in calendars
        cancellation = emails.cancellation_calendar(conversation)
    conversation.participants.filter(role=Role.HOST).update(person=to)
    _step(
        conversation,
        "hand_over",
        by,
        note=f"{old.name} → {to.name}",
        leader=to,
        starts_at=None,
    )
    if hasattr(conversation, "_participant_roles"):
        del conversation._participant_roles
    if previous_start is not None:  # the time is given up (a round's booked time is free)
        signals.time_changed.send(Conversation, conversation=conversation, step="hand_over")
    emails.send_handed_over(
        conversation, old_leader=old, previous_start=previous_start, cancellation=cancellation
    )
    return conversation


@transaction.atomic
def take_over(conversation: Conversation, *, by: Viewer, to: Person, allowed: bool) -> Conversation:
    """A successor holds a conversation that has been held but is not closed, because
    its leader left (``samtale.conversations.leaving`` says who may, and passes its
    answer as ``allowed``): from now on they write or change the summary, close it and
    decide on its development plan. The state stays; the step is in its history."""
    allow(allowed, _("You may not hand this conversation over."))
    conversation, old = _locked_for_new_host(conversation, "take_over", to)
    conversation.participants.filter(role=Role.HOST).update(person=to)
    _step(conversation, "take_over", by, note=f"{old.name} → {to.name}", leader=to)
    if hasattr(conversation, "_participant_roles"):
        del conversation._participant_roles
    return conversation


@transaction.atomic
def mark_held(conversation: Conversation, *, by: Viewer) -> Conversation:
    allow(policy.can_schedule(by, conversation), _("Only the leader who holds it marks it."))
    _step(conversation, "hold", by)
    return conversation


# --- summary and agreements ------------------------------------------------------------


def latest_summary(
    conversation: Conversation, *, shared_only: bool = False
) -> SummaryVersion | None:
    versions = conversation.summaries.order_by("-number")
    if shared_only:
        versions = versions.filter(shared_at__isnull=False)
    return versions.first()


@transaction.atomic
def write_summary(
    conversation: Conversation,
    *,
    by: Viewer,
    summary: str,
    agreements: str = "",
    parts: Mapping[str, Any] | None = None,
) -> SummaryVersion:
    """Write (or go on writing) the summary. A draft is edited in place; once shared a
    version never changes, and a change makes a new version that needs acceptance again.
    ``parts``: what the summary page's parts gave (``summary_parts``), sent on with
    ``signals.summary_written`` for the apps that record them with the version."""
    if not lifecycle.summary_writable(conversation.state):
        raise ValidationError(_("The summary is written once the conversation has been held."))
    allow(policy.can_write_summary(by, conversation), _("The leader who held it writes it."))
    assert by.person is not None  # the host
    if not summary.strip():
        raise ValidationError(_("Write the summary."))
    latest = latest_summary(conversation)
    if latest is not None and latest.shared_at is None:
        latest.summary, latest.agreements, latest.written_by = summary, agreements, by.person
        latest.full_clean()
        latest.save()
        signals.summary_written.send(
            SummaryVersion,
            conversation=conversation,
            version=latest,
            previous=None,
            by=by,
            parts=dict(parts or {}),
        )
        return latest
    if conversation.state == State.ACCEPTED:
        _step(conversation, "revise", by)
    version = SummaryVersion(
        conversation=conversation,
        number=(latest.number + 1) if latest else 1,
        summary=summary,
        agreements=agreements,
        written_by=by.person,
    )
    version.full_clean()
    version.save()
    signals.summary_written.send(
        SummaryVersion,
        conversation=conversation,
        version=version,
        previous=latest,
        by=by,
        parts=dict(parts or {}),
    )
    return version


@transaction.atomic
def share_summary(conversation: Conversation, *, by: Viewer) -> SummaryVersion:
    """Show the draft to the participants and ask them to accept it."""
    allow(policy.can_write_summary(by, conversation), _("The leader who held it shares it."))
    latest = latest_summary(conversation)
    if latest is None or latest.shared_at is not None:
        raise ValidationError(_("There is no new summary to share."))
    latest.shared_at = timezone.now()
    latest.save(update_fields=["shared_at"])
    _record(conversation, "share_summary", conversation.state, by, note=f"v{latest.number}")
    return latest


@transaction.atomic
def respond_to_summary(
    conversation: Conversation, *, by: Viewer, accept: bool, comment: str = ""
) -> SummaryResponse:
    """A participant accepts the shared summary ("held and read") and/or comments on it
    (a comment records disagreement). When everyone has accepted, the conversation's
    summary is accepted."""
    version = latest_summary(conversation, shared_only=True)
    if version is None:
        raise ValidationError(_("There is no summary to answer yet."))
    if not policy.can_respond(by, conversation):
        raise ValidationError(_("Only the participants answer the summary."))
    if not accept and not comment.strip():
        raise ValidationError(_("Accept the summary or write a comment."))
    response, _created = SummaryResponse.objects.update_or_create(
        version=version, person=by.person, defaults={"accepted": accept, "comment": comment.strip()}
    )
    _record(
        conversation,
        "accept_summary" if accept else "comment_summary",
        conversation.state,
        by,
        note=f"v{version.number}",
    )
    if accept:
        signals.summary_accepted.send(
            SummaryVersion, conversation=conversation, version=version, person=by.person, by=by
        )
    waiting = conversation.participants.filter(role=Role.PARTICIPANT).exclude(
        person__in=version.responses.filter(accepted=True).values("person")
    )
    if accept and conversation.state == State.HELD and not waiting.exists():
        _step(conversation, "accept", by)
    return response


# --- preparation and agenda ------------------------------------------------------------


TEAM_PREPARATION_LOCKED = gettext_lazy(
    "The conversation has been held, so the team's preparation is locked. "
    "It can be read, not changed."
)


def _preparation_check(conversation: Conversation, by: Viewer, team: bool) -> None:
    if conversation.questionnaire_version_id is None:
        raise ValidationError(_("This conversation has no preparation form."))
    if team:
        allow(policy.can_prepare_for_team(by, conversation))
    else:
        allow(policy.can_prepare(by, conversation))


def preparation_to_fill(
    conversation: Conversation, *, by: Viewer, team: bool = False
) -> Preparation:
    """The preparation the preparation page shows: the actor's own (or, ``team``, the
    team's), or a blank one that is not stored. Opening the page writes nothing; the
    first answer saved or the sharing makes it (``preparation_of``)."""
    _preparation_check(conversation, by, team)
    person = None if team else by.person
    existing = conversation.preparations.filter(person=person).select_related("response").first()
    if existing is not None:
        return existing
    version = conversation.questionnaire_version
    assert version is not None
    blank = Preparation(conversation=conversation, person=person)
    response = Response(version=version)
    # Both ways, so that what reads the blank response finds its preparation.
    blank.response = response
    response.preparation = blank
    return blank


def preparation_of(conversation: Conversation, *, by: Viewer, team: bool = False) -> Preparation:
    """The actor's own preparation, or (``team``, GRUS) the team's shared preparation,
    made when first needed with the conversation's form (in a transaction; finding it
    needs none, which spares every save as one types two round trips). For a POST only:
    a page uses ``preparation_to_fill``."""
    _preparation_check(conversation, by, team)
    person = None if team else by.person
    existing = conversation.preparations.filter(person=person).select_related("response").first()
    if existing is not None:
        return existing
    version = conversation.questionnaire_version
    assert version is not None
    with transaction.atomic():
        return Preparation.objects.create(
            conversation=conversation, person=person, response=start_response(version)
        )


@transaction.atomic
def save_preparation_answer(
    preparation: Preparation, question: Question, data: dict[str, Any], *, by: Viewer
) -> Answer:
    """Store one answer of a preparation, as its author types. A GRUS team's shared
    preparation is locked once the conversation is held, and each change to it is kept
    (who, when, before and after): it is several people's text."""
    conversation = preparation.conversation
    if not preparation.is_team:
        allow(
            by.person is not None
            and preparation.person_id == by.person.pk
            and policy.can_prepare(by, conversation)
        )
        return save_answer(preparation.response, question, data)
    if not lifecycle.team_preparation_writable(conversation.state):
        raise ValidationError(TEAM_PREPARATION_LOCKED, code="locked")
    allow(policy.can_change_team_preparation(by, conversation))
    old = (
        Answer.objects.filter(response=preparation.response, question=question)
        .values_list("value", flat=True)
        .first()
    )
    answer = save_answer(preparation.response, question, data)
    if answer.value != old:
        TeamPreparationChange.objects.create(
            preparation=preparation,
            question=question,
            changed_by=by.person,
            changed_at=answer.updated,
            old_value=old,
            new_value=answer.value,
        )
    return answer


@transaction.atomic
def share_preparation(preparation: Preparation, *, by: Viewer) -> Preparation:
    """Show the preparation to the other participants. Until now nobody else saw it."""
    conversation = preparation.conversation
    if preparation.is_team:
        allow(policy.can_prepare_for_team(by, conversation))
    else:
        allow(
            by.person is not None
            and preparation.person_id == by.person.pk
            and policy.can_prepare(by, conversation),
            _("Only you share your preparation."),
        )
    if preparation.shared_at is None:
        preparation.shared_at = timezone.now()
        preparation.save(update_fields=["shared_at"])
        _record(
            conversation,
            "share_team_preparation" if preparation.is_team else "share_preparation",
            conversation.state,
            by,
        )
    return preparation


@transaction.atomic
def propose_theme(conversation: Conversation, *, by: Viewer, text: str) -> AgendaItem:
    """A theme the participant wants to discuss; the others see it at once."""
    if not lifecycle.theme_proposable(conversation.state):
        raise ValidationError(_("Themes are proposed before the conversation."))
    allow(policy.can_propose_theme(by, conversation))
    assert by.person is not None  # a participant
    text = " ".join(text.split())
    if not text:
        raise ValidationError(_("Write the theme."))
    item = AgendaItem(conversation=conversation, proposed_by=by.person, text=text)
    item.full_clean(exclude=["conversation", "proposed_by"])  # both loaded already
    item.save()
    return item


@transaction.atomic
def withdraw_theme(item: AgendaItem, *, by: Viewer) -> None:
    if by.person is None or item.proposed_by_id != by.person.pk:
        raise ValidationError(_("Only the one who proposed a theme can withdraw it."))
    if not lifecycle.theme_proposable(item.conversation.state):
        raise ValidationError(_("The conversation has been held; its agenda stays."))
    item.delete()


@transaction.atomic
def close(conversation: Conversation, *, by: Viewer) -> Conversation:
    """Close a conversation whose summary is accepted: nothing more happens in it."""
    lifecycle.check(conversation.state, "close")
    allow(policy.can_close(by, conversation), _("The leader who held it closes it."))
    _step(conversation, "close", by)
    return conversation


@transaction.atomic
def ask_for(kind: ConversationKind, *, by: Viewer) -> Conversation:
    """The actor asks their nearest leader for a conversation (an En-til-en; an
    individual MUS, e.g. as a member of a team that has GRUS; a leader their LUS). It is
    planned at once and the leader is told; the leader chooses the time."""
    if kind.participation == Participation.TEAM_AND_LEADER:
        raise ValidationError(_("This kind of conversation cannot be asked for here."))
    allow(policy.can_ask_for(by, kind), _("You cannot ask for this kind of conversation."))
    person = by.person
    assert person is not None  # can_ask_for: someone with a leader
    open_same = Conversation.objects.filter(kind=kind, person=person).open()
    if kind.frequency != Frequency.ANY_TIME and open_same.exists():
        raise ValidationError(_("You already have one of these on its way."))
    conversation = _create(kind=kind, person=person, by=by)
    emails.send_asked_for(conversation)
    return conversation


@transaction.atomic
def save_note(conversation: Conversation, *, by: Viewer, shared: bool, text: str) -> Note:
    """A participant's private notes (nobody else ever sees them) or the shared notes."""
    if not policy.can_keep_notes(by, conversation):
        raise ValidationError(_("Only the participants keep notes."))
    note, _created = Note.objects.get_or_create(
        conversation=conversation, person=None if shared else by.person
    )
    note.text = text[:20000]
    note.updated_by = by.person
    note.updated_by_login = by.user
    note.save()
    return note


@transaction.atomic
def update_kind(kind: ConversationKind, *, by: Viewer, **fields: Any) -> ConversationKind:
    """Change a kind of conversation (not its code). Conversations already planned keep
    their own duration and form version."""
    allow(policy.can_manage_kinds(by))
    for name, value in fields.items():
        setattr(kind, name, value)
    kind.full_clean()
    kind.save()
    return kind
