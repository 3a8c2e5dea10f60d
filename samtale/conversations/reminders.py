"""Reminders before a conversation: ``SAMTALE_REMINDER_DAYS`` days before its day (Danish
time; on the workday before when that day is a weekend or holiday), every participant
gets an e-mail. ``samtale conversation_reminders`` runs ``send_due_reminders`` once a day
(cron).

Each reminder goes out once per (conversation, calendar sequence, day): running the
command twice the same day sends nothing more, and a moved conversation (a higher
sequence) gets fresh reminders for its new time. Only invited and moved conversations
get reminders; a cancelled or held one none. A day the command does not run is not
made up for later.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from samtale.conversations import emails, lifecycle
from samtale.conversations.models import Conversation
from samtale.core.mail import queue_mail, render_mail
from samtale.core.reminders import claim, reminder_dates

LANGUAGE = "da"  # as the invitations: people have no language preference yet
REMINDED_STATES = lifecycle.INVITED_STATES


def reminder_key(conversation: Conversation, day: datetime.date) -> str:
    return f"conversation:{conversation.pk}:seq{conversation.sequence}:{day.isoformat()}"


def _day_range(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The start of ``day`` and of the next day, in Danish time (23 or 25 hours at the
    change to and from summer time)."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return start, end


# A reminder moved to the workday before a run of days off (a weekend, Easter, Christmas)
# is due up to this many days earlier than its N days.
_DAYS_OFF_RUN = 7


def due_conversations(today: datetime.date) -> list[Conversation]:
    """Invited or moved conversations with a reminder due ``today``: their day is N days
    after ``today`` for an N in ``SAMTALE_REMINDER_DAYS``, or a little more when that
    falls on days off and the reminder moves to ``today``, the workday before."""
    if not settings.SAMTALE_REMINDER_DAYS:
        return []
    start, _end = _day_range(today + datetime.timedelta(days=min(settings.SAMTALE_REMINDER_DAYS)))
    _start, end = _day_range(
        today + datetime.timedelta(days=max(settings.SAMTALE_REMINDER_DAYS) + _DAYS_OFF_RUN)
    )
    candidates = (
        Conversation.objects.filter(
            state__in=REMINDED_STATES, starts_at__gte=start, starts_at__lt=end
        )
        .for_list()
        .order_by("starts_at", "pk")
    )
    return [c for c in candidates if c.starts_at and today in reminder_dates(c.starts_at)]


def send_reminder(conversation: Conversation, *, today: datetime.date | None = None) -> int:
    """The reminder e-mail to every participant, queued in the caller's transaction
    ("in N days" counted from ``today``); its subject names the other side, a reply goes
    to the leader. Returns the number of e-mails queued."""
    assert conversation.starts_at is not None
    today = today or timezone.localdate()
    days = (timezone.localtime(conversation.starts_at).date() - today).days
    sent = 0
    for person in emails.recipients(conversation):
        subject, text, html = render_mail(
            "conversation-reminder",
            {**emails.participant_context(conversation, person), "days": days},
            language=LANGUAGE,
        )
        queue_mail(
            to=[person.email],
            subject=subject,
            text=text,
            html=html,
            reply_to=emails.reply_to_leader(conversation, person),
        )
        sent += 1
    return sent


def send_due_reminders(today: datetime.date | None = None) -> int:
    """Send the reminders due ``today`` (default: today in Danish time), each once.
    Returns the number of e-mails queued. One transaction per conversation, so a
    failure leaves the others sent and this one to be tried again by the next run."""
    today = today or timezone.localdate()
    sent = 0
    for conversation in due_conversations(today):
        with transaction.atomic():
            locked = (
                Conversation.objects.select_for_update()
                .filter(pk=conversation.pk, state__in=REMINDED_STATES)
                .values_list("sequence", "starts_at")
                .first()
            )
            if locked is None or locked != (conversation.sequence, conversation.starts_at):
                continue  # cancelled, held or moved since we looked: the next run decides
            if not claim(reminder_key(conversation, today)):
                continue
            sent += send_reminder(conversation, today=today)
    return sent
