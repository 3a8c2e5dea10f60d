"""Development plans (udviklingsplaner): what a MUS or LUS agrees about the person's
development: goals, the activities that reach them, when, and who is responsible.

A plan belongs to the conversation it was agreed in (one plan per conversation) and to
the person it is for. Its content is personal data like the rest of the conversation:
who may read and change it is stated in ``samtale.development.policy``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from samtale.conversations.models import Conversation
from samtale.org.models import Person

if TYPE_CHECKING:
    from django_stubs_ext.db.models.manager import RelatedManager


class DevelopmentPlan(models.Model):
    conversation = models.OneToOneField(
        Conversation,
        verbose_name=_("agreed in"),
        on_delete=models.CASCADE,
        related_name="development_plan",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("for"),
        on_delete=models.PROTECT,
        related_name="development_plans",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    if TYPE_CHECKING:
        items: RelatedManager[PlanItem]

    class Meta:
        verbose_name = _("development plan")
        verbose_name_plural = _("development plans")
        indexes = [models.Index(fields=["person", "created_at"], name="plan_person_idx")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} – {self.person}"


class Responsible(models.TextChoices):
    PERSON = "person", _("The person the plan is for")
    LEADER = "leader", _("The leader")
    BOTH = "both", _("Both")


class ItemStatus(models.TextChoices):
    PLANNED = "planned", _("Not started")
    UNDER_WAY = "under_way", _("Under way")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class PlanItem(models.Model):
    """One line of the plan: a development goal (udviklingsmål) and the activities that
    reach it, with a time frame and who is responsible."""

    plan = models.ForeignKey(
        DevelopmentPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="items"
    )
    goal = models.CharField(_("development goal"), max_length=500)
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

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.goal

    def responsible_name(self) -> str:
        """The responsible's name(s); needs ``plan__conversation__leader`` and
        ``plan__person`` loaded to cost nothing."""
        conversation = self.plan.conversation
        if self.responsible == Responsible.PERSON:
            return self.plan.person.name
        if self.responsible == Responsible.LEADER:
            return conversation.leader.name
        return f"{self.plan.person.name}, {conversation.leader.name}"
