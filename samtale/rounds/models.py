"""The yearly round (MUS-runden) and what it is agreed and built on.

- **Strategic goals** (``StrategicGoal``): the organisation's goals, and a forvaltning's
  or unit's own; HR keeps them. A round's themes link to them.
- **The round** (``Round``): name, year, period, scope (units with their subtrees), the
  kinds it includes with the form version per kind (``RoundKind``) and per unit where a
  unit has its own (``FormVariant``), its themes (``Theme``), an information text and
  its deadlines. ``draft`` → ``agreed`` → ``announced`` → ``closed``.
- **The agreement with TR and AMR**: the representatives of the scope comment
  (``RoundComment``) and sign off the draft as it stands (``SignOff``, tied to the
  draft's revision: a change after signing asks for a new signature); or HR records that
  it was agreed in MED/SU (``Agreement.minutes``). The ``Agreement`` keeps what was
  agreed: forms, themes, the teams holding GRUS instead of MUS, the timeline.
- **Rules per unit** (``UnitRule``, inherited down the tree; ``samtale.rounds.rules``)
  and the teams that chose GRUS instead of MUS for one round (``TeamChoice``).
- **Membership**: a conversation belongs to at most one round (``RoundConversation``);
  progress is counted per round, never by when a conversation was created.
- ``RoundEvent``: what happened to the round, by whom and when (an override with its
  reason too).
- ``RoundLaunch``: one run of the launch (``samtale.rounds.launching``): its state, its
  progress while it runs, and what it made and could not make.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from samtale.conversations.lifecycle import State
from samtale.conversations.models import Conversation, ConversationKind
from samtale.lib.models import LabelledModel
from samtale.lib.storage import private_storage
from samtale.org.models import OrgUnit, Person, Team
from samtale.questionnaires.models import QuestionnaireVersion

if TYPE_CHECKING:
    from django_stubs_ext.db.models.manager import RelatedManager


class StrategicGoal(models.Model):
    """A strategic goal of the organisation (on its top unit) or of a forvaltning or unit
    (on that unit). Retired goals stay linked to the themes of earlier rounds."""

    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="strategic_goals"
    )
    title = models.CharField(_("goal"), max_length=300)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("strategic goal")
        verbose_name_plural = _("strategic goals")
        ordering = ["unit__path", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class RoundState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AGREED = "agreed", _("Agreed with TR and AMR")
    ANNOUNCED = "announced", _("Announced")
    CLOSED = "closed", _("Closed")


def first_quarter(year: int) -> tuple[datetime.date, datetime.date]:
    """The default period: rounds normally run in the first quarter (seed 000)."""
    return datetime.date(year, 1, 1), datetime.date(year, 3, 31)


class Round(LabelledModel):
    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    starts_on = models.DateField(_("period starts"))
    ends_on = models.DateField(_("period ends"))
    state = models.CharField(
        _("state"), max_length=12, choices=RoundState.choices, default=RoundState.DRAFT
    )
    units = models.ManyToManyField(
        OrgUnit, verbose_name=_("units (with the units below them)"), related_name="rounds"
    )
    information = models.TextField(_("information"), max_length=20000, blank=True)
    invitations_by = models.DateField(_("invitations sent by"), null=True, blank=True)
    held_by = models.DateField(_("conversations held by"), null=True, blank=True)
    min_months_employed = models.PositiveSmallIntegerField(
        _("employed at least (months)"),
        default=0,
        help_text=_("People employed for a shorter time are not called to the round."),
    )
    min_weekly_hours = models.DecimalField(
        _("at least (hours a week)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        help_text=_("People with fewer weekly hours are not called to the round."),
    )
    # Every change to what is agreed (kinds, forms, themes, GRUS teams, timeline, scope)
    # counts up; a sign-off holds for the revision it was given on.
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)
    created_by = models.ForeignKey(
        Person,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    announced_at = models.DateTimeField(_("announced"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    if TYPE_CHECKING:
        round_kinds: RelatedManager[RoundKind]
        form_variants: RelatedManager[FormVariant]
        themes: RelatedManager[Theme]
        comments: RelatedManager[RoundComment]
        sign_offs: RelatedManager[SignOff]
        team_choices: RelatedManager[TeamChoice]
        # Set by policy.remember_scope, never stored: the paths of its units when they
        # were read with something else (the conversation's one query).
        _scope_paths: tuple[str, ...]
        events: RelatedManager[RoundEvent]
        conversation_links: RelatedManager[RoundConversation]
        launches: RelatedManager[RoundLaunch]

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["-year", "-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="round_ends_after_start",
                violation_error_message=_("The period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(held_by__isnull=True)
                | Q(invitations_by__isnull=True)
                | Q(held_by__gte=F("invitations_by")),
                name="round_held_after_invitations",
                violation_error_message=_(
                    "The conversations cannot have to be held before the invitations are sent."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name


# Each participant's preparation for a conversation of the round, unless HR gives the
# kind its own on the round's kinds page: the closing report's estimate (docs/rounds.md).
DEFAULT_PREPARATION_MINUTES = 30


class RoundKind(models.Model):
    """A kind of conversation the round includes, and the form version it uses."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="round_kinds")
    kind = models.ForeignKey(
        ConversationKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="+"
    )
    questionnaire_version = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name=_("preparation form"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Not part of what TR and AMR agree to: an estimate for the closing report's
    # person-hours (samtale.rounds.report), for every participant of a held conversation.
    preparation_minutes = models.PositiveSmallIntegerField(
        _("preparation time per participant (minutes)"),
        default=DEFAULT_PREPARATION_MINUTES,
        validators=[MaxValueValidator(8 * 60)],
        help_text=_(
            "How long each participant spends preparing: filling in the form, reading it, "
            "looking at last year's agreements. The closing report counts it in the "
            "person-hours the round took."
        ),
    )

    class Meta:
        verbose_name = _("kind in the round")
        verbose_name_plural = _("kinds in the round")
        constraints = [
            models.UniqueConstraint(fields=["round", "kind"], name="round_kind_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.round} – {self.kind}"


class FormVariant(models.Model):
    """A unit's own version of a kind's form in this round ("materialet kan være tilpasset
    den enkelte afdeling"); the units below it use it too, unless they have their own."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="form_variants")
    kind = models.ForeignKey(
        ConversationKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    questionnaire_version = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name=_("preparation form"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("form for a unit")
        verbose_name_plural = _("forms for units")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "kind", "unit"], name="round_form_variant_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} – {self.kind} – {self.unit}"


class Theme(models.Model):
    """A theme of the round, to be discussed in every conversation of the round, linked
    to the strategic goals it serves."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(_("theme"), max_length=300)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    goals = models.ManyToManyField(
        StrategicGoal, verbose_name=_("strategic goals"), blank=True, related_name="themes"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    if TYPE_CHECKING:
        # Set by queries.themes_with_goals, never stored: the titles of the strategic
        # goals it serves.
        goal_titles: list[str]

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class RoundComment(models.Model):
    """A representative's (or HR's) comment on the draft."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        Person, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("comment"), max_length=5000)
    revision = models.PositiveIntegerField(_("revision"))
    at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment on a round")
        verbose_name_plural = _("comments on rounds")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.round} – {self.author}"


class RepresentativeRole(models.TextChoices):
    TR = "tr", _("Union representative (TR)")
    AMR = "amr", _("Health and safety representative (AMR)")


class SignOff(LabelledModel):
    """A TR or AMR representative of the scope agrees to the draft as it stands."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="sign_offs")
    person = models.ForeignKey(
        Person, verbose_name=_("representative"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("as"), max_length=4, choices=RepresentativeRole.choices)
    revision = models.PositiveIntegerField(_("revision"))
    at = models.DateTimeField(_("signed"), auto_now_add=True)

    class Meta:
        verbose_name = _("sign-off")
        verbose_name_plural = _("sign-offs")
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person", "role", "revision"], name="round_sign_off_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} – {self.person} ({self.get_role_display()})"


class AgreedHow(models.TextChoices):
    SIGNED = "signed", _("Signed off by TR and AMR")
    MED = "med", _("Agreed in MED/SU")


class Agreement(LabelledModel):
    """How and when the round was agreed, and what: a copy of the terms as they stood
    (kinds and forms, themes, teams holding GRUS instead of MUS, the timeline)."""

    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="agreement")
    how = models.CharField(_("agreed"), max_length=8, choices=AgreedHow.choices)
    agreed_on = models.DateField(_("agreed on"))
    minutes = models.FileField(
        _("minutes"), storage=private_storage, upload_to="rounds/minutes/", blank=True
    )
    terms = models.JSONField(_("what was agreed"), default=dict)
    revision = models.PositiveIntegerField(_("revision"))
    recorded_by = models.ForeignKey(
        Person,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return f"{self.round} – {self.get_how_display()}"


class Rule(models.TextChoices):
    """Which conversations a unit holds each year (seeds 000, 001, 003)."""

    MUS_AND_GRUS = "mus_and_grus", _("MUS and GRUS every year")
    MUS = "mus", _("MUS every year")
    ALTERNATE = "alternate", _("MUS and GRUS in alternate years")
    GRUS = "grus", _("GRUS every year, MUS on request")


class UnitRule(LabelledModel):
    """The rule for a unit and the units below it, until one of them sets its own."""

    unit = models.OneToOneField(
        OrgUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="round_rule"
    )
    rule = models.CharField(_("rule"), max_length=16, choices=Rule.choices)
    mus_year = models.PositiveSmallIntegerField(
        _("a year with MUS"),
        null=True,
        blank=True,
        help_text=_("With alternate years: a year with MUS; the years between hold GRUS."),
    )
    set_by = models.ForeignKey(
        Person, verbose_name=_("set by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(_("set"), auto_now=True)

    class Meta:
        verbose_name = _("rule for a unit")
        verbose_name_plural = _("rules for units")
        constraints = [
            models.CheckConstraint(
                condition=~Q(rule="alternate") | Q(mus_year__isnull=False),
                name="unit_rule_alternate_has_year",
                violation_error_message=_("Alternate years need a year with MUS."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.get_rule_display()}"


class TeamChoice(models.Model):
    """A team holds GRUS instead of individual MUS in this round (seed 001)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="team_choices")
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="round_choices"
    )

    class Meta:
        verbose_name = _("team holding GRUS instead of MUS")
        verbose_name_plural = _("teams holding GRUS instead of MUS")
        constraints = [
            models.UniqueConstraint(fields=["round", "team"], name="round_team_choice_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.round} – {self.team}"


class RoundConversation(LabelledModel):
    """The round a conversation belongs to (at most one), and the unit it counts in: the
    unit of its person (for GRUS: its team) when it joined the round. A person who
    changes unit mid-round keeps counting where the round found them until HR hands the
    conversation over."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="conversation_links")
    conversation = models.OneToOneField(
        Conversation, on_delete=models.CASCADE, related_name="round_link"
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("counts in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The date the launch suggests holding it by: a leader's LUS before the conversations
    # the leader holds (the round cascades from the top; ``samtale.rounds.launch``).
    suggested_by = models.DateField(_("suggested held by"), null=True, blank=True)
    # A copy of the conversation's state, kept by the conversations' ``state_changed``
    # signal (``samtale.rounds.apps``): the progress counts a round of 50,000 from this
    # table alone, without joining every conversation.
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PLANNED, editable=False
    )

    class Meta:
        verbose_name = _("conversation in a round")
        verbose_name_plural = _("conversations in rounds")
        indexes = [
            # progress.tree: the round's conversations by unit and state (index only).
            models.Index(fields=["round", "unit", "state"], name="round_conv_unit_state_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.round} – {self.conversation}"


class RoundEvent(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=30)
    by = models.ForeignKey(
        Person, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.TextField(_("note"), max_length=5000, blank=True)

    class Meta:
        verbose_name = _("round event")
        verbose_name_plural = _("round events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.round} – {self.action}"


class LaunchState(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class LaunchStep(models.TextChoices):
    PLANNING = "planning", _("Finding the conversations the rules call for")
    MAKING = "making", _("Making the conversations")
    MAILING = "mailing", _("Queuing the announcement")


class RoundLaunch(LabelledModel):
    """One run of the launch: announcing queues one, and so does *make what is missing*.
    The background task writes its progress here between batches, for the round's page
    to show; when it is done, what it made and what it could not make (the problems HR
    must fix). At most one launch of a round waits or runs at a time."""

    ACTIVE = (LaunchState.QUEUED, LaunchState.RUNNING)

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="launches")
    state = models.CharField(
        _("state"), max_length=8, choices=LaunchState.choices, default=LaunchState.QUEUED
    )
    step = models.CharField(_("step"), max_length=8, choices=LaunchStep.choices, blank=True)
    # The current step's progress: conversations made, or people mailed.
    total = models.PositiveIntegerField(_("total"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    created = models.PositiveIntegerField(_("conversations made"), default=0)
    joined = models.PositiveIntegerField(_("conversations joined"), default=0)
    already = models.PositiveIntegerField(_("conversations already there"), default=0)
    mailed = models.PositiveIntegerField(_("announcements queued"), default=0)
    # [{"code", "name", "person_id", "team_id"}], as samtale.rounds.launch.Problem.
    problems = models.JSONField(_("problems"), default=list, blank=True)
    not_eligible = models.JSONField(_("not called"), default=dict, blank=True)
    # [{"person_id", "name", "leave_from", "leave_until"}] (ISO dates), as
    # samtale.rounds.launch.OnLeave: called, and on leave during some of the period.
    on_leave = models.JSONField(_("on leave"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    by = models.ForeignKey(
        Person, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    queued_at = models.DateTimeField(_("queued"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Written with every step of progress: a running launch that has not moved for long
    # has died with its worker (samtale.rounds.launching.STALE_AFTER).
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("launch of a round")
        verbose_name_plural = _("launches of rounds")
        ordering = ["-queued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round"],
                condition=Q(state__in=["queued", "running"]),
                name="round_launch_one_at_a_time",
                violation_error_message=_("The round is already being launched."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} – {self.get_state_display()}"

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE


class Slot(models.Model):
    """A time a leader offers for the round's conversations with their people: the
    first to book it has it (``samtale.rounds.booking``)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="slots")
    leader = models.ForeignKey(
        Person, verbose_name=_("leader"), on_delete=models.CASCADE, related_name="round_slots"
    )
    starts_at = models.DateTimeField(_("starts"))
    duration = models.PositiveIntegerField(_("duration (minutes)"))
    location = models.CharField(_("place"), max_length=200, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    conversation = models.OneToOneField(
        Conversation,
        verbose_name=_("booked for"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="round_slot",
    )
    booked_at = models.DateTimeField(_("booked"), null=True, blank=True)

    class Meta:
        verbose_name = _("offered time")
        verbose_name_plural = _("offered times")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "leader", "starts_at"],
                name="round_slot_unique",
                violation_error_message=_("You already offer this time."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.leader} – {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration)
