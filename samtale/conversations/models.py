"""Conversations: the kinds (the GOM table, as data), each conversation with its
participants, and the record of every step in its life.

The lifecycle (planned → invited → held → summary accepted → closed, plus rescheduled and
cancelled) is one state machine in ``samtale.conversations.lifecycle``, which also owns
the states and their groups; only ``samtale.conversations.services`` changes a
conversation.
"""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from samtale.conversations import lifecycle
from samtale.conversations.lifecycle import State
from samtale.conversations.queries import ConversationQuerySet
from samtale.lib.models import LabelledModel
from samtale.org.models import Person, Team

if TYPE_CHECKING:
    from django_stubs_ext.db.models.manager import RelatedManager


class Participation(models.TextChoices):
    """Who takes part in a kind of conversation."""

    EMPLOYEE_AND_LEADER = "employee_leader", _("An employee and their nearest leader")
    TEAM_AND_LEADER = "team_leader", _("A team and its leader")
    LEADER_AND_CHIEF = "leader_chief", _("A leader and their chief or board chair")


class Frequency(models.TextChoices):
    YEARLY = "yearly", _("Once a year")
    ANY_TIME = "any_time", _("Any time")
    ON_REQUEST = "on_request", _("On request")


class ConversationKind(LabelledModel):
    """A kind of conversation (samtaletype): MUS, GRUS, LUS, En-til-en, follow-up.
    The organisation changes these; the codes stay."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name_da = models.CharField(_("name (Danish)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    focus_da = models.TextField(_("focus (Danish)"), blank=True)
    focus_en = models.TextField(_("focus (English)"), blank=True)
    participation = models.CharField(
        _("participants"), max_length=20, choices=Participation.choices
    )
    mandatory = models.BooleanField(_("mandatory"), default=False)
    frequency = models.CharField(_("frequency"), max_length=20, choices=Frequency.choices)
    default_duration = models.PositiveIntegerField(
        _("default duration (minutes)"),
        validators=[MinValueValidator(5), MaxValueValidator(8 * 60)],
    )
    questionnaire_family = models.SlugField(
        _("default preparation form"),
        max_length=50,
        blank=True,
        help_text=_("The family of the preparation form used by default, e.g. mus."),
    )
    follow_up_days = models.PositiveIntegerField(
        _("follow-up deadline (days)"),
        null=True,
        blank=True,
        help_text=_("For follow-up conversations: held within this many days of the request."),
    )
    development_plan = models.BooleanField(
        _("ends in a development plan"),
        default=False,
        help_text=_(
            "The conversation agrees an individual development plan (goals, activities, "
            "time frame, who is responsible), and the next one shows it again."
        ),
    )
    retention_years = models.PositiveSmallIntegerField(
        _("keep the content (years)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_(
            "How many years after the conversation was held its content (preparations, "
            "summaries, notes, documents, the development plan) is kept; then "
            "'samtale retention' deletes it. The conversation's kind, date and state stay "
            "for the statistics."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("kind of conversation")
        verbose_name_plural = _("kinds of conversation")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if translation.get_language() == "en" else self.name_da

    @property
    def focus(self) -> str:
        return self.focus_en if translation.get_language() == "en" else self.focus_da


class Conversation(LabelledModel):
    kind = models.ForeignKey(
        ConversationKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PLANNED
    )
    leader = models.ForeignKey(
        Person,
        verbose_name=_("held by"),
        on_delete=models.PROTECT,
        related_name="hosted_conversations",
        help_text=_("The nearest leader; for LUS the chief or board chair."),
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("with"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="own_conversations",
        help_text=_("The employee (or, for LUS, the leader) the conversation is with."),
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conversations",
    )
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    duration = models.PositiveIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(5), MaxValueValidator(8 * 60)]
    )
    location = models.CharField(_("place"), max_length=200, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    uid = models.UUIDField(_("calendar id"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    questionnaire_version = models.ForeignKey(
        "questionnaires.QuestionnaireVersion",
        verbose_name=_("preparation form"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The form version the conversation was created with; it keeps it."),
    )
    follow_up_of = models.ForeignKey(
        "self",
        verbose_name=_("follow-up of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # When its content was deleted (retention, or the erasure of its person): the row
    # stays, with kind, date, state and participants, so that counts stay right.
    content_deleted_at = models.DateTimeField(_("content deleted"), null=True, blank=True)

    objects: ClassVar[ConversationQuerySet] = ConversationQuerySet.as_manager()  # type: ignore[assignment]

    if TYPE_CHECKING:
        participants: RelatedManager[Participant]
        events: RelatedManager[ConversationEvent]
        # Set by queries.conversation_for and policy.remember_roles, never stored.
        participants_loaded: list[Participant]
        # (id, start) of the previous conversation of the same kind, or (None, None).
        previous_loaded: tuple[int | None, datetime.datetime | None]
        # Whether it has documents / follow-up requests (documents.queries.any_documents,
        # followups.queries.any_about): when false, none are read.
        documents_exist: bool
        follow_up_requests_exist: bool
        # Set by reading.content_for: the summary versions the viewer may read (newest
        # first), with the panels' annotations (panels.Panel.summary_annotations).
        summaries_loaded: list[SummaryVersion]
        # What panels asked to have annotated (panels.Panel.annotate), by name.
        panel_values: dict[str, Any]
        _participant_roles: dict[int, str]

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["leader", "state"], name="conv_leader_state_idx"),
            models.Index(fields=["person", "state"], name="conv_person_state_idx"),
            models.Index(fields=["starts_at"], name="conv_starts_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(team__isnull=False),
                name="conversation_has_someone",
                violation_error_message=_("A conversation is with a person or a team."),
            ),
            models.CheckConstraint(
                condition=~Q(state__in=[s.value for s in State if s in lifecycle.TIMED_STATES])
                | Q(starts_at__isnull=False),
                name="conversation_invited_has_time",
                violation_error_message=_("An invited conversation has a date and time."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} – {self.with_whom}"

    @property
    def with_whom(self) -> str:
        """Whom the conversation is with: the team's name for GRUS, else the person's."""
        if self.team_id is not None and self.team is not None:
            return self.team.name
        return self.person.name if self.person is not None else ""

    @property
    def ends_at(self) -> datetime.datetime | None:
        if self.starts_at is None:
            return None
        return self.starts_at + datetime.timedelta(minutes=self.duration)

    @property
    def is_open(self) -> bool:
        return lifecycle.is_open(self.state)


class Role(models.TextChoices):
    HOST = "host", _("Holds the conversation")
    PARTICIPANT = "participant", _("Participant")


class Participant(LabelledModel):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "person"],
                name="participant_once",
                violation_error_message=_("This person already takes part."),
            )
        ]
        indexes = [models.Index(fields=["person", "conversation"], name="participant_person_idx")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class ConversationEvent(LabelledModel):
    """Every step in a conversation's life: who, when, from which state to which."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=30)
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor = models.ForeignKey(
        Person,
        verbose_name=_("taken by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The person who took the step; kept when their login goes."),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_state} → {self.to_state}"

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))

    @property
    def done_by(self) -> str:
        """Who took the step: the person, else the login (an administrator), else empty
        (a command or the system)."""
        if self.actor is not None:
            return self.actor.name
        return self.by.get_full_name() if self.by is not None else ""


ACTION_LABELS = {
    "plan": _("Planned"),
    "invite": _("Invited"),
    "reschedule": _("Moved"),
    "hold": _("Held"),
    "cancel": _("Cancelled"),
    "hand_over": _("Handed over to another leader"),
    "share_preparation": _("Preparation shared"),
    "share_team_preparation": _("The team's preparation shared"),
    "share_summary": _("Summary shared"),
    "accept_summary": _("A participant accepted the summary"),
    "comment_summary": _("A participant commented on the summary"),
    "accept": _("Summary accepted"),
    "revise": _("New version of the summary"),
    "close": _("Closed"),
}


class SummaryVersion(models.Model):
    """The leader's summary and agreements (referat og aftaler). A shared version never
    changes: a later change is a new version that needs acceptance again."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="summaries"
    )
    number = models.PositiveIntegerField(_("version"))
    summary = models.TextField(_("summary"), max_length=20000)
    agreements = models.TextField(_("agreements"), max_length=20000, blank=True)
    written_by = models.ForeignKey(
        Person, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(_("written"), auto_now=True)
    shared_at = models.DateTimeField(_("shared"), null=True, blank=True)

    class Meta:
        verbose_name = _("summary")
        verbose_name_plural = _("summaries")
        ordering = ["conversation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "number"], name="summary_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.conversation} v{self.number}"


class SummaryResponse(models.Model):
    """A participant's answer to a shared summary: accepted ("held and read") and/or a
    comment (which records disagreement)."""

    version = models.ForeignKey(SummaryVersion, on_delete=models.CASCADE, related_name="responses")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    accepted = models.BooleanField(_("accepted"), default=False)
    comment = models.TextField(_("comment"), max_length=5000, blank=True)
    at = models.DateTimeField(_("answered"), auto_now=True)

    class Meta:
        verbose_name = _("answer to the summary")
        verbose_name_plural = _("answers to the summary")
        constraints = [
            models.UniqueConstraint(fields=["version", "person"], name="summary_response_once")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {'accepted' if self.accepted else 'comment'}"


class Preparation(models.Model):
    """A participant's preparation: the form filled in privately (saved as they type),
    then shared. Until shared nobody else sees it. For GRUS the team also has one shared
    team preparation (``person`` empty) that every member can add to."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="preparations"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    response = models.OneToOneField(
        "questionnaires.Response", on_delete=models.PROTECT, related_name="preparation"
    )
    shared_at = models.DateTimeField(_("shared"), null=True, blank=True)

    class Meta:
        verbose_name = _("preparation")
        verbose_name_plural = _("preparations")
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "person"], name="preparation_once_per_person"
            ),
            models.UniqueConstraint(
                fields=["conversation"],
                condition=Q(person__isnull=True),
                name="preparation_one_team_preparation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.conversation}: {self.person or _('the team')}"

    @property
    def is_team(self) -> bool:
        return self.person_id is None


class TeamPreparationChange(models.Model):
    """One change to an answer of a GRUS team's shared preparation: who, when, and the
    answer before and after (as stored: ``Answer.value``). Kept for as long as the
    preparation; shown to the team's members on its page."""

    preparation = models.ForeignKey(
        Preparation, on_delete=models.CASCADE, related_name="team_changes"
    )
    question = models.ForeignKey(
        "questionnaires.Question", on_delete=models.PROTECT, related_name="+"
    )
    changed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)
    old_value = models.JSONField(_("before"), null=True, blank=True)
    new_value = models.JSONField(_("after"), null=True, blank=True)

    class Meta:
        verbose_name = _("change to the team's preparation")
        verbose_name_plural = _("changes to the team's preparation")
        ordering = ("-changed_at", "-pk")

    def __str__(self) -> str:
        return f"{self.preparation}: {self.changed_at:%Y-%m-%d %H:%M}"


class AgendaItem(models.Model):
    """A theme a participant wants to discuss (tema/dagsordenspunkt). Seen by the other
    participants as soon as it is proposed."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="agenda")
    proposed_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    text = models.CharField(_("theme"), max_length=500)
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text


class FollowUpRequest(models.Model):
    """A request for a follow-up conversation (opfølgende samtale) after a held
    conversation, by its employee or a member of its team. The leader must hold the
    follow-up by ``deadline``. Its state (open, scheduled, held, overdue, withdrawn) is
    derived, never stored: see ``samtale.conversations.followups``. ``leader`` is who
    holds it now: the original's leader when it is made, their successor once a leader
    who leaves hands it over (``followups.leaving``). The reason is conversation
    content: the participants of the original other than its leader, and whoever holds
    the request, read it (``policy.can_read_follow_up_request``)."""

    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("conversation"),
        on_delete=models.CASCADE,
        related_name="follow_up_requests",
    )
    requested_by = models.ForeignKey(
        Person, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    leader = models.ForeignKey(
        Person,
        verbose_name=_("held by"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "The leader who plans and holds the follow-up: the one who held the original, "
            "or their successor when they left."
        ),
    )
    reason = models.TextField(_("reason"), max_length=2000)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    deadline = models.DateField(_("deadline"))
    follow_up = models.ForeignKey(
        Conversation,
        verbose_name=_("follow-up conversation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up request")
        verbose_name_plural = _("follow-up requests")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["deadline"], name="followup_deadline_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation"],
                condition=Q(withdrawn_at__isnull=True, follow_up__isnull=True),
                name="followup_one_waiting_per_conversation",
                violation_error_message=_(
                    "A follow-up conversation has already been requested for this conversation."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.conversation}: {self.deadline:%Y-%m-%d}"


class Note(models.Model):
    """Notes for a conversation, above all a light En-til-en: each participant's private
    notes (``person`` set: seen by nobody else, ever) and the shared notes (``person``
    empty: seen and edited by every participant)."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="notes")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("notes"), max_length=20000, blank=True)
    updated_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The login that saved the notes last: a private note read by any other login linked
    # to the same person is someone else's read, and logged (samtale.conversations.reading).
    updated_by_login = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("saved with the login"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        constraints = [
            models.UniqueConstraint(fields=["conversation", "person"], name="note_once_per_person"),
            models.UniqueConstraint(
                fields=["conversation"],
                condition=Q(person__isnull=True),
                name="note_one_shared",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.conversation}: {self.person or _('shared notes')}"


# --- documents (samtale.conversations.documents) ---------------------------------------


class DocumentCategory(models.TextChoices):
    """What an attached document is; the first four are the strategic documents of a LUS."""

    JOB_DESCRIPTION = "job_description", _("Job description")
    QUALITY_REPORT = "quality_report", _("The municipality's quality report")
    WELLBEING_RESULTS = "wellbeing_results", _("Wellbeing results")
    LAST_YEARS_PLAN = "last_years_plan", _("Last year's development plan")
    OTHER = "other", _("Other")


def document_upload_to(instance: ConversationDocument, filename: str) -> str:
    """A random name: nothing of the uploaded file's name reaches the disk."""
    import secrets

    return f"conversation-documents/{secrets.token_hex(16)}"  # documents.services.DOCUMENT_FOLDER


if TYPE_CHECKING:
    from samtale.lib.storage import PrivateStorage


def _document_storage() -> PrivateStorage:
    from samtale.lib.storage import private_storage

    return private_storage()


class ConversationDocument(LabelledModel):
    """A document attached to a conversation (PDF, DOCX or XLSX, checked by content).
    Stored under MEDIA_ROOT with a random name and no URL; only the conversation's
    participants download it, through an access-checked view."""

    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("conversation"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    uploaded_by = models.ForeignKey(
        Person, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(
        _("kind of document"),
        max_length=30,
        choices=DocumentCategory.choices,
        default=DocumentCategory.OTHER,
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"), upload_to=document_upload_to, storage=_document_storage, max_length=200
    )
    original_name = models.CharField(_("original file name"), max_length=255, blank=True)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["conversation", "uploaded_at"], name="document_conv_idx")]

    def __str__(self) -> str:
        return self.title


class ChangeToken(models.Model):
    """A token that the database changes in the same transaction as what it names, for
    keys of what pages keep (``samtale.conversations.kept``): ``leader:<pk>`` for the
    conversations a leader holds, ``setup`` for the kinds and the rounds' settings. Written
    by triggers only."""

    name = models.CharField(_("name"), max_length=40, primary_key=True)
    token = models.CharField(_("token"), max_length=32)

    class Meta:
        verbose_name = _("change token")
        verbose_name_plural = _("change tokens")

    def __str__(self) -> str:
        return f"{self.name}: {self.token}"
