"""Outgoing e-mail that is never lost.

``render_mail`` renders ``templates/emails/<name>-subject.txt``, ``-body.txt`` and
``-body.html`` in the recipient's language. ``queue_mail`` stores the message as an
``OutgoingMail`` row and, once the surrounding transaction commits, enqueues the
``deliver_mail`` task (Django's Tasks API: the ``django-tasks-db`` worker in production,
immediately in the demo and tests). ``queue_bulk`` stores the same message to many
people (an announcement to a whole organisation), one row each, in one INSERT per
batch, and enqueues one ``deliver_mails`` task per ``DELIVERY_BATCH`` messages. A
failed attempt is recorded on the row and retried with exponential backoff; after
``MAX_ATTEMPTS`` the row is marked failed and logged at ERROR. ``samtale sendmail
--retry`` (from cron) enqueues whatever is due, so a message waits in the database, not
in memory, while the mail server or the worker is down.

Every message says it was sent by a machine (``AUTOMATIC_HEADERS``, added when it is
built for sending, so no caller can forget them): ``Auto-Submitted: auto-generated``
(RFC 3834) and Outlook's ``X-Auto-Response-Suppress``, so that out-of-office and other
automatic answers are not sent back (to the leader in Reply-To, or to the sender).

An invitation carries its iCalendar object twice: as a ``text/calendar; method=...``
alternative of the body (what Outlook and Gmail read to show the invitation) and as an
``invite.ics`` attachment (for every other program).
"""

from __future__ import annotations

import email.message
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.tasks import task
from django.template import Context, TemplateDoesNotExist, engines
from django.utils import timezone, translation

from samtale.core.models import OutgoingMail

logger = logging.getLogger(__name__)

# Attempts in all, and the wait after the first failure (doubled after each one):
# 1, 2, 4, ... 64 minutes, about two hours before a message is marked failed.
MAX_ATTEMPTS = 8
FIRST_RETRY_DELAY = timedelta(minutes=1)
# A worker holds a message this long while sending; if it dies, the claim lapses and the
# message is tried again.
SENDING_LEASE = timedelta(minutes=10)
# A worker's clock may run a little behind the clock of the server that queued the mail.
CLOCK_TOLERANCE = timedelta(minutes=1)
# ``sendmail --retry`` leaves messages alone this long after they were due: the worker
# is probably about to send them.
RETRY_GRACE = timedelta(minutes=5)

# ``queue_bulk``: rows per INSERT, and messages per delivery task.
INSERT_BATCH = 1000
DELIVERY_BATCH = 200

CALENDAR_FILENAME = "invite.ics"
_METHOD_LINE = re.compile(rb"^METHOD:([A-Z-]+)\r?$", re.MULTILINE)

Attachment = tuple[str, bytes, str]  # (filename, content, mimetype)

# On every message. RFC 3834: automatic responders do not answer an auto-generated
# message. Exchange and Outlook read their own header instead: OOF (out of office) and
# AutoReply (other automatic answers, e.g. rules). Not "All": that would also ask the
# mail servers not to send non-delivery reports, and a bounce is how an operator learns
# that an address is wrong.
AUTOMATIC_HEADERS = {
    "Auto-Submitted": "auto-generated",
    "X-Auto-Response-Suppress": "OOF, AutoReply",
}


def render_mail(
    template_name: str, context: Mapping[str, Any], *, language: str
) -> tuple[str, str, str]:
    """``(subject, text, html)`` from ``emails/<template_name>-subject.txt|-body.txt|
    -body.html``, rendered in ``language``. The subject is one line; the text parts are
    rendered without HTML escaping; ``html`` is empty when there is no HTML template.

    Every template also gets ``site_url``, ``organisation_name`` and ``LANGUAGE_CODE``.
    Times are shown in Danish time (``TIME_ZONE``), whatever time zone the caller has
    activated.
    """
    full_context = {
        "site_url": settings.SITE_URL,
        "organisation_name": settings.SAMTALE_ORGANISATION_NAME,
        "LANGUAGE_CODE": language,
        **context,
    }
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        subject = _render(f"emails/{template_name}-subject.txt", full_context, autoescape=False)
        text = _render(f"emails/{template_name}-body.txt", full_context, autoescape=False)
        try:
            html = _render(f"emails/{template_name}-body.html", full_context, autoescape=True)
        except TemplateDoesNotExist:
            html = ""
    return " ".join(subject.split()), text.strip() + "\n", html


def _render(name: str, context: Mapping[str, Any], *, autoescape: bool) -> str:
    template = engines["django"].get_template(name)
    # The engine's own Template, so the text parts can be rendered without escaping.
    return str(template.template.render(Context(dict(context), autoescape=autoescape)))  # type: ignore[attr-defined]


def queue_mail(
    *,
    to: Sequence[str],
    subject: str,
    text: str,
    html: str | None = None,
    attachments: Iterable[Attachment] = (),
    calendar: bytes | None = None,
    calendar_method: str | None = None,
    from_email: str | None = None,
    reply_to: Sequence[str] = (),
    headers: Mapping[str, str] | None = None,
) -> OutgoingMail:
    """Store one e-mail and deliver it in the background after the transaction commits.

    ``calendar`` is an iCalendar object (``samtale.lib.ics.invitation``); its METHOD is
    read from it unless ``calendar_method`` is given.
    """
    mail = _outgoing(
        now=timezone.now(),
        to=to,
        subject=subject,
        text=text,
        html=html,
        attachments=attachments,
        calendar=calendar,
        calendar_method=calendar_method,
        from_email=from_email,
        reply_to=reply_to,
        headers=headers,
    )
    mail.save()
    # robust: if enqueuing fails, the row stays queued and ``sendmail --retry`` finds it.
    transaction.on_commit(partial(enqueue_delivery, mail.pk), robust=True)
    return mail


def mail_to(
    template_name: str,
    to: str,
    context: Mapping[str, Any],
    *,
    language: str,
    reply_to: str = "",
) -> dict[str, Any]:
    """One e-mail for ``queue_mails``: ``render_mail``'s parts addressed to ``to``, with
    ``reply_to`` (none when empty)."""
    subject, text, html = render_mail(template_name, context, language=language)
    return {
        "to": [to],
        "subject": subject,
        "text": text,
        "html": html,
        "reply_to": [reply_to] if reply_to else [],
    }


def queue_mails(mails: Iterable[Mapping[str, Any]]) -> int:
    """Store many e-mails at once (one INSERT per ``INSERT_BATCH``, e.g. a day's
    reminders) and deliver them in the background after the transaction commits,
    ``DELIVERY_BATCH`` to a task. Each mapping holds ``queue_mail``'s keywords. Returns
    the number stored."""
    now = timezone.now()
    rows = [_outgoing(now=now, **mail) for mail in mails]
    if not rows:
        return 0
    made = OutgoingMail.objects.bulk_create(rows, batch_size=INSERT_BATCH)
    ids = [mail.pk for mail in made if mail.pk is not None]
    # (a database that does not return the new ids: ``sendmail --retry`` finds the rows)
    for start in range(0, len(ids), DELIVERY_BATCH):
        batch = ids[start : start + DELIVERY_BATCH]
        transaction.on_commit(partial(deliver_mails.enqueue, batch), robust=True)
    return len(rows)


def _outgoing(
    *,
    now: datetime,
    to: Sequence[str],
    subject: str,
    text: str,
    html: str | None = None,
    attachments: Iterable[Attachment] = (),
    calendar: bytes | None = None,
    calendar_method: str | None = None,
    from_email: str | None = None,
    reply_to: Sequence[str] = (),
    headers: Mapping[str, str] | None = None,
) -> OutgoingMail:
    """The queued row of one e-mail, not yet saved."""
    if isinstance(to, str):
        raise TypeError("to must be a list of addresses, not a string")
    if not to:
        raise ValueError("An e-mail needs at least one recipient.")
    if calendar is not None and not calendar_method:
        found = _METHOD_LINE.search(calendar)
        calendar_method = found.group(1).decode("ascii") if found else "PUBLISH"
    return OutgoingMail(
        to=list(to),
        from_email=from_email or "",
        reply_to=list(reply_to),
        subject=subject,
        text=text,
        html=html or "",
        calendar=calendar.decode("utf-8") if calendar is not None else "",
        calendar_method=(calendar_method or "").upper(),
        attachments=[OutgoingMail.encode_attachment(*a) for a in attachments],
        headers=dict(headers or {}),
        created=now,
        next_attempt_at=now,
    )


def queue_bulk(
    recipients: Sequence[str],
    *,
    subject: str,
    text: str,
    html: str | None = None,
    reply_to: Sequence[str] = (),
) -> int:
    """Store the same message to each of ``recipients`` (one row each: nobody sees the
    others' addresses), as ``queue_mails``. Returns the number of messages stored."""
    if isinstance(recipients, str):
        raise TypeError("recipients must be a list of addresses, not a string")
    return queue_mails(
        {"to": [address], "subject": subject, "text": text, "html": html, "reply_to": reply_to}
        for address in recipients
    )


def enqueue_delivery(mail_id: int, *, run_after: datetime | None = None) -> None:
    """Enqueue ``deliver_mail``; later if ``run_after`` is given and the task backend can
    defer. Otherwise (the immediate backend) a retry waits for ``sendmail --retry``."""
    if run_after is None:
        deliver_mail.enqueue(mail_id)
    elif deliver_mail.get_backend().supports_defer:
        deliver_mail.using(run_after=run_after).enqueue(mail_id)


@task()
def deliver_mail(mail_id: int) -> str:
    """The background task: one attempt to send one message. Returns its status."""
    return deliver(mail_id)


@task()
def deliver_mails(mail_ids: list[int]) -> int:
    """The background task for a batch of ``queue_bulk``: one attempt at each message, in
    turn (a failure is recorded on its row and retried alone). Returns how many went."""
    return sum(deliver(mail_id) == OutgoingMail.Status.SENT.value for mail_id in mail_ids)


def deliver(mail_id: int) -> str:
    """One attempt to send the message now, if it is due and nobody else is sending it.

    Returns the message's status afterwards, or ``"skipped"`` when there was nothing to
    do (already sent, not yet due, claimed by another worker, deleted).
    """
    now = timezone.now()
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now + CLOCK_TOLERANCE)
    claimed = (
        OutgoingMail.objects.filter(pk=mail_id)
        .filter(Q(status=OutgoingMail.Status.QUEUED) | Q(status=OutgoingMail.Status.SENDING))
        .filter(due)
        .update(
            status=OutgoingMail.Status.SENDING,
            attempts=F("attempts") + 1,
            next_attempt_at=now + SENDING_LEASE,
        )
    )
    if not claimed:
        return "skipped"
    mail = OutgoingMail.objects.get(pk=mail_id)
    try:
        build_message(mail).send()
    except Exception as exc:
        return _record_failure(mail, exc)
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=OutgoingMail.Status.SENT,
        sent_at=timezone.now(),
        next_attempt_at=None,
        last_error="",
    )
    return OutgoingMail.Status.SENT.value


def _record_failure(mail: OutgoingMail, exc: Exception) -> str:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    if mail.attempts >= MAX_ATTEMPTS:
        OutgoingMail.objects.filter(pk=mail.pk).update(
            status=OutgoingMail.Status.FAILED, next_attempt_at=None, last_error=error
        )
        logger.error(
            "E-mail %s to %s failed %s times and is given up: %s. "
            "Fix the cause, then run: samtale sendmail --retry --failed",
            mail.pk,
            ", ".join(mail.to),
            mail.attempts,
            error,
        )
        return OutgoingMail.Status.FAILED.value
    when = timezone.now() + retry_delay(mail.attempts)
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=OutgoingMail.Status.QUEUED, next_attempt_at=when, last_error=error
    )
    logger.warning(
        "E-mail %s to %s: attempt %s failed (%s); next attempt at %s",
        mail.pk,
        ", ".join(mail.to),
        mail.attempts,
        error,
        when.isoformat(),
    )
    enqueue_delivery(mail.pk, run_after=when)
    return OutgoingMail.Status.QUEUED.value


def retry_delay(attempts: int) -> timedelta:
    """The wait after ``attempts`` failed attempts: 1, 2, 4, ... minutes."""
    return FIRST_RETRY_DELAY * 2 ** max(attempts - 1, 0)


def build_message(mail: OutgoingMail) -> EmailMultiAlternatives:
    """The Django e-mail for a stored message."""
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.text,
        from_email=mail.from_email or None,
        to=mail.to,
        reply_to=mail.reply_to or None,
        headers={**(mail.headers or {}), **AUTOMATIC_HEADERS},
    )
    if mail.html:
        message.attach_alternative(mail.html, "text/html")
    if mail.calendar:
        method = mail.calendar_method or "PUBLISH"
        # The alternative is what Outlook and Gmail show as an invitation ...
        message.attach_alternative(mail.calendar, f"text/calendar; method={method}")
        # ... and the file is for everybody else.
        part = email.message.MIMEPart()
        part.set_content(
            mail.calendar,
            subtype="calendar",
            charset="utf-8",
            params={"method": method},
            filename=CALENDAR_FILENAME,
        )
        message.attach(part)
    for filename, content, mimetype in mail.decoded_attachments():
        message.attach(filename, content, mimetype)
    return message


def due_mails(
    *, now: datetime | None = None, grace: timedelta = RETRY_GRACE
) -> QuerySet[OutgoingMail]:
    """Queued messages due more than ``grace`` ago, and sends whose claim has lapsed."""
    now = now or timezone.now()
    return OutgoingMail.objects.filter(
        Q(status=OutgoingMail.Status.QUEUED)
        & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now - grace))
        | Q(status=OutgoingMail.Status.SENDING, next_attempt_at__lte=now)
    )


def retry_due(
    *, include_failed: bool = False, now_in_process: bool = False, grace: timedelta = RETRY_GRACE
) -> int:
    """Enqueue (or, with ``now_in_process``, send here) every message that is due.

    ``include_failed`` first gives the messages marked failed a new round of attempts.
    Returns the number of messages enqueued or tried.
    """
    now = timezone.now()
    ids: list[int] = []
    if include_failed:
        with transaction.atomic():
            failed = list(
                OutgoingMail.objects.select_for_update()
                .filter(status=OutgoingMail.Status.FAILED)
                .values_list("pk", flat=True)
            )
            OutgoingMail.objects.filter(pk__in=failed).update(
                status=OutgoingMail.Status.QUEUED, attempts=0, next_attempt_at=now
            )
        ids.extend(failed)
    ids.extend(due_mails(now=now, grace=grace).exclude(pk__in=ids).values_list("pk", flat=True))
    for mail_id in sorted(ids):
        if now_in_process:
            deliver(mail_id)
        else:
            enqueue_delivery(mail_id)
    return len(ids)
