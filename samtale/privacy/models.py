"""The record of every erasure of a person: when, by whom, why, and how many rows of
each kind went. It names no one erased: ``person_id`` points at the anonymous shell the
organisation keeps (``samtale.org.privacy``), so the erasure is not done twice."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samtale.lib.models import LabelledModel


class Erasure(LabelledModel):
    class Why(models.TextChoices):
        REQUEST = "request", _("At the person's request")
        RETENTION = "retention", _("Left more than the retention period ago")

    person_id = models.PositiveBigIntegerField(_("person (anonymous)"), unique=True)
    why = models.CharField(_("why"), max_length=10, choices=Why.choices)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    by_name = models.CharField(
        _("erased by"), max_length=200, blank=True, help_text=_("Empty: the nightly retention.")
    )
    at = models.DateTimeField(_("erased"), default=timezone.now)
    counts = models.JSONField(_("what went"), default=dict)

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_why_display()} {self.at:%Y-%m-%d}"
