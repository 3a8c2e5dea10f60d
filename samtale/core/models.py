"""Project-level models: the outgoing mail queue."""

from __future__ import annotations

import base64
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samtale.lib.models import LabelledModel


class OutgoingMail(LabelledModel):
    """One e-mail, kept until it is delivered (and afterwards, as a record).

    Written by ``samtale.core.mail.queue_mail`` and delivered by the ``deliver_mail``
    task; a failed attempt is recorded and retried later, so a message is never lost
    because the mail server or the worker was down. ``status`` goes
    queued -> sending -> sent, or back to queued after a failed attempt, or to failed
    after the last attempt (``samtale sendmail --retry --failed`` tries those again).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    to = models.JSONField(_("to"), default=list, help_text=_("List of addresses."))
    from_email = models.CharField(
        _("from"), max_length=320, blank=True, help_text=_("Empty: DEFAULT_FROM_EMAIL.")
    )
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    subject = models.CharField(_("subject"), max_length=998)
    text = models.TextField(_("text body"))
    html = models.TextField(_("HTML body"), blank=True)
    calendar = models.TextField(_("calendar (iCalendar)"), blank=True)
    calendar_method = models.CharField(_("calendar method"), max_length=16, blank=True)
    attachments = models.JSONField(
        _("attachments"),
        default=list,
        blank=True,
        help_text=_("List of {filename, mimetype, content (base64)}."),
    )
    headers = models.JSONField(_("extra headers"), default=dict, blank=True)

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(
        _("next attempt at"),
        null=True,
        blank=True,
        help_text=_("When queued: the earliest next attempt. When sending: when the claim lapses."),
    )

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outgoingmail_due")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "sending", "sent", "failed"]),
                name="outgoingmail_status_valid",
                violation_error_message=_("Unknown e-mail status."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} -> {', '.join(self.to)} ({self.status})"

    @staticmethod
    def encode_attachment(filename: str, content: bytes, mimetype: str) -> dict[str, Any]:
        return {
            "filename": filename,
            "mimetype": mimetype,
            "content": base64.b64encode(content).decode("ascii"),
        }

    def decoded_attachments(self) -> list[tuple[str, bytes, str]]:
        """``(filename, content, mimetype)`` for every attachment."""
        return [
            (item["filename"], base64.b64decode(item["content"]), item["mimetype"])
            for item in self.attachments
        ]


class SentReminder(models.Model):
    """A reminder that has been sent, so it is sent only once.

    ``key`` names what was reminded about and when, e.g.
    ``conversation:42:seq1:2026-03-01``; the caller decides the format, this layer knows
    no domain model."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return self.key
