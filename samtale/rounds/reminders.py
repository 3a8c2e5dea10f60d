"""Reminders in an announced round (issue 10 §7). ``samtale round_reminders`` runs
``send_due_reminders`` once a day (cron); a task scheduler can enqueue
``send_due_reminders_task`` instead.

Three kinds, each to whoever has to act:

- **offer**, to a leader: conversations of the round that they hold are still planned
  without a time, and they offer no free time in the round that their people could book
  (or a team's GRUS waits: only the leader gives it a time). Counted back from the
  round's "invitations sent by" date: ``SAMTALE_ROUND_REMINDER_DAYS`` days before it (7
  and 0 by default: a week before, and on the date itself).
- **book**, to a person: their conversation of the round is planned, and their leader
  offers free times in the round that they have not booked. On the same days.
- **prepare**, to a person: their conversation of the round is invited and they have
  not shared their preparation, ``SAMTALE_PREPARATION_REMINDER_DAYS`` days before it (3
  by default). Individual conversations only: a team prepares together.

Each day moves to the workday before when it falls on a weekend or a holiday
(``samtale.core.reminders.reminder_dates``), and never lies on or before the day the
round was announced (the announcement has just told everyone). Each reminder goes out
once: the record every reminder in Samtale shares (``samtale.core.reminders``), under
keys like ``round:7:offer:12:before7``. When the job did not run on a reminder's day,
the latest reminder due goes out at the next run and the earlier ones are recorded as
passed; a week after the deadline (``GRACE_DAYS``), or once the conversation has begun,
nothing more.

However many people: per kind, one query finds whom to remind, one asks which of their
reminders went out, one records the new ones and one stores the e-mails
(``samtale.core.mail.queue_mails``). One run is one transaction that holds the rows of
the announced rounds, so two runs at once send each reminder once.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from samtale.conversations.emails import LANGUAGE
from samtale.conversations.lifecycle import INVITED_STATES, State
from samtale.conversations.models import Conversation, Preparation
from samtale.core import reminders
from samtale.core.mail import mail_to, queue_mails
from samtale.rounds.models import Round, RoundConversation, RoundState, Slot

# A reminder missed (the job did not run) still goes this many days after the deadline.
GRACE_DAYS = 7
# A reminder moved to the workday before a run of days off is due up to this many days
# earlier than its N days (as samtale.conversations.reminders).
_DAYS_OFF_RUN = 7

Mail = Mapping[str, Any]
# For each one to remind: the keys of their reminders due by today (the latest last),
# and how to write the e-mail of the latest.
Due = list[tuple[list[str], Callable[[], Mail]]]


def schedule(
    day: datetime.date | datetime.datetime, days: Iterable[int], *, after: datetime.date | None
) -> list[tuple[datetime.date, int]]:
    """``(date, days before)`` of each reminder about ``day``, earliest first, each on a
    workday and later than ``after``."""
    found: dict[datetime.date, int] = {}
    for before in sorted(days, reverse=True):
        (on,) = reminders.reminder_dates(day, days=[before])
        if after is None or on > after:
            found.setdefault(on, before)
    return sorted(found.items())


def _passed(prefix: str, plan: list[tuple[datetime.date, int]], today: datetime.date) -> list[str]:
    return [f"{prefix}:before{before}" for on, before in plan if on <= today]


def _announced_on(round_: Round) -> datetime.date | None:
    return timezone.localdate(round_.announced_at) if round_.announced_at else None


def _send(due: Due) -> int:
    """Send the latest reminder of each in ``due`` that has not gone out, and record
    every one due (three queries, whatever the number)."""
    gone = reminders.already_sent(key for keys, _write in due for key in keys)
    mails: list[Mail] = []
    record: list[str] = []
    for keys, write in due:
        if keys[-1] in gone:
            continue
        mails.append(write())
        record.extend(key for key in keys if key not in gone)
    reminders.mark_sent(record)
    return queue_mails(mails)


def _url(name: str, *args: Any) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def _mail(template: str, to: str, reply_to: str, context: dict[str, Any]) -> Mail:
    return mail_to(template, to, context, language=LANGUAGE, reply_to=reply_to)


def _free_slot(now: datetime.datetime) -> Exists:
    """The conversation's leader offers a time in its round that nobody has booked and
    that lies ahead."""
    return Exists(
        Slot.objects.filter(
            round=OuterRef("round"),
            leader=OuterRef("conversation__leader"),
            conversation__isnull=True,
            starts_at__gt=now,
        )
    )


def _deadline_plans(
    rounds: list[Round], today: datetime.date
) -> dict[int, list[tuple[datetime.date, int]]]:
    """The rounds whose offer and book reminders may be due today, with their days."""
    plans = {}
    for round_ in rounds:
        deadline = round_.invitations_by
        if deadline is None or today > deadline + datetime.timedelta(days=GRACE_DAYS):
            continue
        plan = schedule(deadline, settings.SAMTALE_ROUND_REMINDER_DAYS, after=_announced_on(round_))
        if plan and plan[0][0] <= today:
            plans[round_.pk] = plan
    return plans


def offer_due(rounds: list[Round], today: datetime.date, now: datetime.datetime) -> Due:
    """Leaders with conversations of the round still planned without a time and no
    free time offered (or a team's GRUS waiting): one query."""
    plans = _deadline_plans(rounds, today)
    if not plans:
        return []
    by_pk = {r.pk: r for r in rounds}
    rows = (
        RoundConversation.objects.filter(
            round_id__in=list(plans), conversation__state=State.PLANNED
        )
        .exclude(conversation__leader__email="")
        .filter(Q(conversation__person__isnull=True) | ~_free_slot(now))
        .values(
            "round_id",
            "conversation__leader_id",
            "conversation__leader__name",
            "conversation__leader__email",
        )
        .annotate(waiting=Count("pk"))
        .order_by("round_id", "conversation__leader__name", "conversation__leader_id")
    )
    due: Due = []
    for row in rows:
        round_ = by_pk[row["round_id"]]
        prefix = f"round:{round_.pk}:offer:{row['conversation__leader_id']}"
        keys = _passed(prefix, plans[round_.pk], today)
        if not keys:
            continue

        due.append(
            (
                keys,
                partial(
                    _offer_mail,
                    round_,
                    name=row["conversation__leader__name"],
                    email=row["conversation__leader__email"],
                    waiting=row["waiting"],
                    today=today,
                ),
            )
        )
    return due


def _deadline(round_: Round, today: datetime.date) -> dict[str, Any]:
    assert round_.invitations_by is not None  # _deadline_plans'
    return {"deadline": round_.invitations_by, "passed": today > round_.invitations_by}


def _offer_mail(
    round_: Round, *, name: str, email: str, waiting: int, today: datetime.date
) -> Mail:
    return _mail(
        "round-reminder-offer",
        email,
        "",
        {
            "name": name,
            "round": round_,
            "waiting": waiting,
            **_deadline(round_, today),
            "overview_url": _url("conversations:overview"),
            "information_url": _url("rounds:information", round_.pk),
        },
    )


def book_due(rounds: list[Round], today: datetime.date, now: datetime.datetime) -> Due:
    """People whose conversation of the round is planned while their leader offers
    free times: one query."""
    plans = _deadline_plans(rounds, today)
    if not plans:
        return []
    by_pk = {r.pk: r for r in rounds}
    links = (
        RoundConversation.objects.filter(
            round_id__in=list(plans),
            conversation__state=State.PLANNED,
            conversation__person__isnull=False,
        )
        .exclude(conversation__person__email="")
        .filter(_free_slot(now))
        .select_related("conversation__kind", "conversation__leader", "conversation__person")
        .order_by("round_id", "conversation_id")
    )
    due: Due = []
    for link in links:
        round_ = by_pk[link.round_id]
        conversation = link.conversation
        keys = _passed(f"round:{round_.pk}:book:{conversation.pk}", plans[round_.pk], today)
        if not keys:
            continue

        due.append((keys, partial(_book_mail, round_, conversation, today=today)))
    return due


def _book_mail(round_: Round, conversation: Conversation, *, today: datetime.date) -> Mail:
    assert conversation.person is not None  # book_due's query
    return _mail(
        "round-reminder-book",
        conversation.person.email,
        conversation.leader.email,
        {
            "name": conversation.person.name,
            "conversation": conversation,
            "round": round_,
            **_deadline(round_, today),
            "url": _url("rounds:choose", round_.pk),
        },
    )


def prepare_due(rounds: list[Round], today: datetime.date, now: datetime.datetime) -> Due:
    """People invited to a conversation of the round ahead, with a form, who have not
    shared their preparation: one query."""
    days = settings.SAMTALE_PREPARATION_REMINDER_DAYS
    if not days or not rounds:
        return []
    by_pk = {r.pk: r for r in rounds}
    tz = timezone.get_current_timezone()
    last_day = today + datetime.timedelta(days=max(days) + _DAYS_OFF_RUN + 1)
    shared = Preparation.objects.filter(
        conversation=OuterRef("conversation"),
        person=OuterRef("conversation__person"),
        shared_at__isnull=False,
    )
    links = (
        RoundConversation.objects.filter(
            round_id__in=list(by_pk),
            conversation__state__in=INVITED_STATES,
            conversation__person__isnull=False,
            conversation__questionnaire_version__isnull=False,
            conversation__starts_at__gt=now,
            conversation__starts_at__lt=datetime.datetime.combine(
                last_day, datetime.time.min, tzinfo=tz
            ),
        )
        .exclude(conversation__person__email="")
        .filter(~Exists(shared))
        .select_related("conversation__kind", "conversation__leader", "conversation__person")
        .order_by("conversation__starts_at", "conversation_id")
    )
    due: Due = []
    for link in links:
        round_ = by_pk[link.round_id]
        conversation = link.conversation
        assert conversation.starts_at is not None  # invited
        if timezone.localdate(conversation.starts_at) < today:
            continue  # over by the day the job acts for (a run with --today)
        plan = schedule(conversation.starts_at, days, after=_announced_on(round_))
        keys = _passed(f"round:{round_.pk}:prepare:{conversation.pk}", plan, today)
        if not keys:
            continue

        due.append((keys, partial(_prepare_mail, round_, conversation)))
    return due


def _prepare_mail(round_: Round, conversation: Conversation) -> Mail:
    assert conversation.person is not None  # prepare_due's query
    return _mail(
        "round-reminder-prepare",
        conversation.person.email,
        conversation.leader.email,
        {
            "name": conversation.person.name,
            "conversation": conversation,
            "round": round_,
            "url": _url("conversations:prepare", conversation.pk),
        },
    )


KINDS = (offer_due, book_due, prepare_due)


def send_due_reminders(today: datetime.date | None = None) -> int:
    """Send the round reminders due ``today`` (Danish date; default today), each once.
    Returns the number of e-mails queued."""
    today = today or timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        rounds = list(
            Round.objects.select_for_update().filter(state=RoundState.ANNOUNCED).order_by("pk")
        )
        if not rounds:
            return 0
        return sum(_send(kind(rounds, today, now)) for kind in KINDS)


@task()
def send_due_reminders_task() -> int:
    """The same as ``samtale round_reminders``, for a task scheduler to enqueue."""
    return send_due_reminders()
