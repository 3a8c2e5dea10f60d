"""One function per e-mail about a follow-up request, to the leader who held the
original; a reply goes to the person who asked. Each queues its mail in the caller's
transaction (samtale.core.mail). The reason is conversation content and is never put in
an e-mail: the leader reads it on the conversation page."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from samtale.conversations.emails import LANGUAGE
from samtale.conversations.models import FollowUpRequest
from samtale.core.mail import queue_mail, render_mail


def _context(request: FollowUpRequest) -> dict[str, object]:
    original = request.conversation
    return {
        "request": request,
        "conversation": original,
        "leader": original.leader,
        "requester": request.requested_by,
        "team": original.team.name if original.team_id and original.team else "",
        "url": settings.SITE_URL + reverse("conversations:detail", args=[original.pk]),
        "list_url": settings.SITE_URL + reverse("conversations:followups"),
    }


def _queue(request: FollowUpRequest, subject: str, text: str, html: str) -> None:
    requester = request.requested_by
    queue_mail(
        to=[request.conversation.leader.email],
        subject=subject,
        text=text,
        html=html,
        reply_to=[requester.email] if requester.email else [],
    )


def send_requested(request: FollowUpRequest) -> int:
    """To the leader who held the original: a follow-up is requested, and by when it
    must be held. Returns the number of mails queued."""
    leader = request.conversation.leader
    if not leader.email:
        return 0
    subject, text, html = render_mail(
        "followup-requested", {**_context(request), "name": leader.name}, language=LANGUAGE
    )
    _queue(request, subject, text, html)
    return 1


def days_passed(request: FollowUpRequest, today: datetime.date) -> int:
    """Whole days from the request's Danish date to ``today``."""
    return (today - timezone.localdate(request.requested_at)).days


def send_reminder(request: FollowUpRequest, *, today: datetime.date) -> int:
    """To the leader: the follow-up is still to be held, by ``request.deadline``. Says
    how many days ago it was asked for, counted to ``today`` (the day it is sent)."""
    leader = request.conversation.leader
    if not leader.email:
        return 0
    subject, text, html = render_mail(
        "followup-reminder",
        {
            **_context(request),
            "name": leader.name,
            "days_passed": days_passed(request, today),
            "days_left": (request.deadline - today).days,
            "planned": request.follow_up is not None and request.follow_up.state != "cancelled",
        },
        language=LANGUAGE,
    )
    _queue(request, subject, text, html)
    return 1
