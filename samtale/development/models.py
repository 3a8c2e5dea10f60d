"""Development plans (udviklingsplaner): what a MUS or LUS agrees about the person's
development: goals, the activities that reach them, when, and who is responsible.

A plan belongs to the conversation it was agreed in (one plan per conversation) and to
the person it is for, or for a GRUS to the team. Its content is personal data like the
rest of the conversation: who may read and change it is stated in
``samtale.development.policy``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samtale.competences.models import Competence
from samtale.conversations.models import Conversation
from samtale.lib.models import LabelledModel
from samtale.lib.storage import private_storage
from samtale.org.models import Person, Team

if TYPE_CHECKING:
    from django_stubs_ext.db.models.manager import RelatedManager


class DevelopmentPlan(models.Model):
    conversation = models.OneToOneField(
        Conversation,
        verbose_name=_("agreed in"),
        on_delete=models.CASCADE,
        related_name="development_plan",
    )
    # A person's plan (MUS, LUS), or a team's (GRUS): exactly one of the two.
    person = models.ForeignKey(
        Person,
        verbose_name=_("for"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="development_plans",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("for the team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="development_plans",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    if TYPE_CHECKING:
        items: RelatedManager[PlanItem]

    class Meta:
        verbose_name = _("development plan")
        verbose_name_plural = _("development plans")
        indexes = [
            models.Index(fields=["person", "created_at"], name="plan_person_idx"),
            models.Index(fields=["team", "created_at"], name="plan_team_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False, team__isnull=True)
                | models.Q(person__isnull=True, team__isnull=False),
                name="plan_for_a_person_or_a_team",
            )
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} – {self.owner_name}"

    @property
    def owner_name(self) -> str:
        """The person's name, or the team's (needs ``person`` or ``team`` loaded)."""
        return self.person.name if self.person is not None else str(self.team)


class Responsible(models.TextChoices):
    PERSON = "person", _("The person (or team) the plan is for")
    LEADER = "leader", _("The leader")
    BOTH = "both", _("Both")


class ItemStatus(models.TextChoices):
    PLANNED = "planned", _("Not started")
    UNDER_WAY = "under_way", _("Under way")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Proposal(models.TextChoices):
    """A goal the employee proposes waits for the leader, who accepts it into the plan or
    declines it with a reason. The leader's own goals are accepted as written."""

    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class PlanItem(LabelledModel):
    """One line of the plan: a development goal (udviklingsmål) and the activities that
    reach it, with a time frame and who is responsible."""

    plan = models.ForeignKey(
        DevelopmentPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="items"
    )
    goal = models.CharField(_("development goal"), max_length=500)
    # The competence the goal develops (samtale.competences), if it names one.
    competence = models.ForeignKey(
        Competence,
        verbose_name=_("competence"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_items",
    )
    activities = models.TextField(_("activities"), max_length=4000, blank=True)
    due = models.DateField(_("done by"), null=True, blank=True)
    responsible = models.CharField(
        _("responsible"), max_length=20, choices=Responsible.choices, default=Responsible.BOTH
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.PLANNED
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    updated_by = models.ForeignKey(
        Person,
        verbose_name=_("last changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    # A goal the employee proposes is part of the plan once the leader accepts it.
    proposal = models.CharField(
        _("proposal"), max_length=20, choices=Proposal.choices, default=Proposal.ACCEPTED
    )
    proposed_by = models.ForeignKey(
        Person,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decline_reason = models.TextField(_("why declined"), max_length=2000, blank=True)

    if TYPE_CHECKING:
        activity_rows: RelatedManager[Activity]
    # the activities shown with the goal (set by ``queries``: prefetched, or none), and
    # what the viewer may do with the goal (set by ``panel.mark_actions``)
    shown_activities: list[Activity]
    actions: set[str]

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.goal

    @property
    def is_proposal(self) -> bool:
        return self.proposal == Proposal.PROPOSED

    def responsible_name(self) -> str:
        """The responsible's name(s); needs ``plan__conversation__leader`` and
        ``plan__person`` loaded to cost nothing."""
        conversation = self.plan.conversation
        if self.responsible == Responsible.PERSON:
            return self.plan.owner_name
        if self.responsible == Responsible.LEADER:
            return conversation.leader.name
        return f"{self.plan.owner_name}, {conversation.leader.name}"


class ActivityKind(models.TextChoices):
    COURSE = "course", _("Course")
    AMU = "amu", _("AMU training")
    DIPLOMA = "diploma", _("Diploma programme")
    MASTER = "master", _("Master's programme")
    EDUCATION = "education", _("Other education")
    MENTORING = "mentoring", _("Mentoring")
    COACHING = "coaching", _("Coaching")
    JOB_ROTATION = "job_rotation", _("Job rotation")
    NETWORK = "network", _("Network")
    ON_THE_JOB = "on_the_job", _("On-the-job training")
    NEW_TASKS = "new_tasks", _("New tasks")
    OTHER = "other", _("Other")


class ActivityStatus(models.TextChoices):
    """The steps: ``samtale.development.activities`` (the one state machine)."""

    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    EVALUATED = "evaluated", _("Evaluated")


class Activity(LabelledModel):
    """One activity that reaches a goal: a course, an education, mentoring, ... with what
    it costs, how many hours, when, and who is responsible. Its status changes only
    through ``samtale.development.services`` (steps: ``samtale.development.activities``).
    The free-text ``PlanItem.activities`` stays beside these rows as the goal's notes."""

    item = models.ForeignKey(
        PlanItem, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="activity_rows"
    )
    kind = models.CharField(_("kind of activity"), max_length=20, choices=ActivityKind.choices)
    description = models.CharField(_("description"), max_length=1000)
    cost = models.DecimalField(
        _("estimated cost (DKK)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    hours = models.DecimalField(_("hours"), max_digits=7, decimal_places=1, null=True, blank=True)
    starts = models.DateField(_("from"), null=True, blank=True)
    ends = models.DateField(_("to"), null=True, blank=True)
    responsible = models.CharField(
        _("responsible"), max_length=20, choices=Responsible.choices, default=Responsible.BOTH
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ActivityStatus.choices,
        default=ActivityStatus.PROPOSED,
    )
    evaluation = models.TextField(_("what it gave"), max_length=4000, blank=True)
    proposed_by = models.ForeignKey(
        Person, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    updated_by = models.ForeignKey(
        Person,
        verbose_name=_("last changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    if TYPE_CHECKING:
        decisions: RelatedManager[ActivityDecision]
        changes: RelatedManager[ActivityChange]
    # what the viewer may do with it (set by ``panel.mark_actions``)
    actions: set[str]

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cost__isnull=True) | models.Q(cost__gte=0),
                name="activity_cost_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(hours__isnull=True) | models.Q(hours__gte=0),
                name="activity_hours_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(starts__isnull=True)
                | models.Q(ends__isnull=True)
                | models.Q(ends__gte=models.F("starts")),
                name="activity_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description}"

    def responsible_name(self) -> str:
        """Needs the item's plan with its person and conversation leader loaded."""
        plan = self.item.plan
        if self.responsible == Responsible.PERSON:
            return plan.owner_name
        if self.responsible == Responsible.LEADER:
            return plan.conversation.leader.name
        return f"{plan.owner_name}, {plan.conversation.leader.name}"


class Decision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class ActivityDecision(LabelledModel):
    """Who approved or declined a proposed activity, when and why: a record of its own,
    since the decision may later come from the round's funding step rather than the
    leader who held the conversation."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="decisions"
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    by = models.ForeignKey(
        Person, verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("decided"), auto_now_add=True)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("activity decision")
        verbose_name_plural = _("activity decisions")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: {self.activity}"


class ActivityChange(models.Model):
    """A change to an activity once it has been decided on: who changed what, when, and
    the values before and after (``changes``: ``{field: [before, after]}``, as text).
    Changes to a proposal are not kept: it is still being written."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="changes"
    )
    by = models.ForeignKey(
        Person, verbose_name=_("changed by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("changed"), auto_now_add=True)
    changes = models.JSONField(_("changes"))

    class Meta:
        verbose_name = _("change of an activity")
        verbose_name_plural = _("changes of activities")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} – {self.activity}"


class JobDescription(models.Model):
    """One version of a person's job description (stillingsbeskrivelse). A new version
    is a new row; the latest is the one in force from its ``valid_from``."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("for"),
        on_delete=models.CASCADE,
        related_name="job_descriptions",
    )
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("job description"), max_length=20000)
    valid_from = models.DateField(_("valid from"))
    written_by = models.ForeignKey(
        Person, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(_("written"), auto_now_add=True)
    # who wrote it, by name (set by ``queries.job_description_shown``)
    written_by_name: str

    class Meta:
        verbose_name = _("job description")
        verbose_name_plural = _("job descriptions")
        ordering = ["person", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["person", "version"], name="job_description_version")
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.version} – {self.person}"


class JobDescriptionRevision(models.Model):
    """A MUS marks the person's job description for revision: why, and by whom; done
    when a new version is written (or the leader finds no change is needed)."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("for"),
        on_delete=models.CASCADE,
        related_name="job_description_revisions",
    )
    conversation = models.ForeignKey(
        Conversation,
        verbose_name=_("asked for in"),
        on_delete=models.CASCADE,
        related_name="job_description_revisions",
    )
    reason = models.TextField(_("what should change"), max_length=4000)
    asked_by = models.ForeignKey(
        Person, verbose_name=_("asked for by"), on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField(_("asked for"), auto_now_add=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        Person,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    new_version = models.ForeignKey(
        JobDescription,
        verbose_name=_("new version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # whether the viewer reads what should change (set by the job description page)
    reason_shown: bool

    class Meta:
        verbose_name = _("revision of a job description")
        verbose_name_plural = _("revisions of job descriptions")
        ordering = ["-asked_at", "-pk"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} – {self.person}"


class ExportState(models.TextChoices):
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("being written")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


class PlanExport(LabelledModel):
    """HR's workbook of the plans and activities in their area, written in the background
    (``samtale.development.exporting``): who asked, for which units, when, how it went,
    what it held. The file is kept in private storage until ``expires_at``; then it is
    deleted and the row stays as the record."""

    ACTIVE = (ExportState.QUEUED, ExportState.RUNNING)

    by = models.ForeignKey(
        Person, verbose_name=_("asked by"), on_delete=models.PROTECT, related_name="+"
    )
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    scope = models.JSONField(
        _("units"), default=list, help_text=_("The unit paths the asker was HR for.")
    )
    state = models.CharField(
        _("state"), max_length=8, choices=ExportState.choices, default=ExportState.QUEUED
    )
    queued_at = models.DateTimeField(_("asked"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    goals = models.PositiveIntegerField(_("development goals"), default=0)
    activities = models.PositiveIntegerField(_("activities"), default=0)
    plans = models.PositiveIntegerField(_("plans read"), default=0)
    size = models.PositiveBigIntegerField(_("file size (bytes)"), default=0)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to="development/exports/", blank=True
    )
    expires_at = models.DateTimeField(_("file kept until"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("file deleted"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)

    class Meta:
        verbose_name = _("export of development plans")
        verbose_name_plural = _("exports of development plans")
        ordering = ["-queued_at", "-pk"]
        indexes = [models.Index(fields=["by", "-queued_at"], name="planexport_by_idx")]

    def __str__(self) -> str:
        return f"{self.by_id} {self.queued_at:%Y-%m-%d %H:%M} {self.state}"

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE

    @property
    def is_downloadable(self) -> bool:
        """Written, and its file still kept (not deleted, its time not up)."""
        return (
            self.state == ExportState.DONE
            and bool(self.file)
            and self.deleted_at is None
            and (self.expires_at is None or self.expires_at > timezone.now())
        )
