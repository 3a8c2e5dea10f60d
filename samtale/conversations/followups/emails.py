"""One function per e-mail about a follow-up request, to the leader who holds it
(``FollowUpRequest.leader``: who held the original, or their successor); a reply goes to
the person who asked. Each queues its mail in the caller's transaction
(samtale.core.mail). The reason is conversation content and is never put in an e-mail:
the leader reads it on the conversation page, or, when the request was handed to them,
on the request's own page."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from samtale.conversations.emails import LANGUAGE
from samtale.conversations.followups.queries import held_elsewhere
from samtale.conversations.models import FollowUpRequest
from samtale.core.mail import mail_to, queue_mail, queue_mails, render_mail
from samtale.org.models import Person


def page_url(request: FollowUpRequest) -> str:
    """Where the leader who holds the request reads it and plans the follow-up: the
    original's page, or the request's own when it was handed to them."""
    if held_elsewhere(request):
        return settings.SITE_URL + reverse("conversations:followup_detail", args=[request.pk])
    return settings.SITE_URL + reverse("conversations:detail", args=[request.conversation_id])


def _context(request: FollowUpRequest) -> dict[str, object]:
    original = request.conversation
    return {
        "request": request,
        "conversation": original,
        "leader": request.leader,
        "requester": request.requested_by,
        "team": original.team.name if original.team_id and original.team else "",
        "url": page_url(request),
        "list_url": settings.SITE_URL + reverse("conversations:followups"),
    }


def _queue(request: FollowUpRequest, subject: str, text: str, html: str) -> None:
    requester = request.requested_by
    queue_mail(
        to=[request.leader.email],
        subject=subject,
        text=text,
        html=html,
        reply_to=[requester.email] if requester.email else [],
    )


def send_requested(request: FollowUpRequest) -> int:
    """To the leader who holds the request: a follow-up is requested, and by when it
    must be held. Returns the number of mails queued."""
    leader = request.leader
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
    """To the leader who holds it: the follow-up is still to be held, by
    ``request.deadline``. Says how many days ago it was asked for, counted to ``today``
    (the day it is sent)."""
    leader = request.leader
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


def send_handed_over(request: FollowUpRequest, *, old_leader: Person) -> int:
    """A leader who left handed the request over: the new leader hears who asked, after
    which conversation, by when, and where to read the reason (a reply goes to the one
    who asked); the one who asked hears who holds their follow-up now (a reply goes to
    the new leader). Returns the number of mails queued."""
    leader, requester = request.leader, request.requested_by
    context = {**_context(request), "old_leader": old_leader}
    mails = []
    if leader.email:
        mails.append(
            mail_to(
                "followup-handed-over",
                leader.email,
                {**context, "name": leader.name},
                language=LANGUAGE,
                reply_to=requester.email,
            )
        )
    if requester.email:
        mails.append(
            mail_to(
                "followup-handed-over-requester",
                requester.email,
                {
                    **context,
                    "name": requester.name,
                    "url": settings.SITE_URL
                    + reverse("conversations:detail", args=[request.conversation_id]),
                },
                language=LANGUAGE,
                reply_to=leader.email,
            )
        )
    return queue_mails(mails)
