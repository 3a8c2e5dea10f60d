"""The round's e-mails: the announcement to everyone in the round, and the link to the
round's information page in every invitation of its conversations.

**The announcement** goes out from the launch (``samtale.rounds.launching``), after the
conversations are made: to everyone who takes part in a conversation of the round (its
people, their leaders, the chiefs and board chairs who hold LUS) and to the people the
round calls but could not make a conversation for yet (no leader, no chief). It says
what the round is about: its themes, its timeline and where to read more. At 50,000
people it is rendered twice (for those who hold conversations, and for the others), not
once per person, and stored with ``samtale.core.mail.queue_bulk``. Each person gets it
once per round, however often the launch runs (``samtale.core.reminders``, under
``announcement_key``).

**The invitation link** (``invitation_link``) is added to ``samtale.conversations.
emails``' invitations through its hook, registered in ``RoundsConfig.ready``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from samtale.conversations.emails import LANGUAGE, InvitationLink
from samtale.conversations.models import Conversation, Participant
from samtale.conversations.models import Role as ParticipantRole
from samtale.core import reminders
from samtale.core.mail import queue_bulk, render_mail
from samtale.org.models import Person
from samtale.org.policy import subtree_q
from samtale.org.queries import active_q
from samtale.rounds import policy
from samtale.rounds.models import Round, RoundConversation

# People per transaction (their mails and their keys commit together).
BATCH = 1000

# Called after each batch with (people mailed so far, people to mail).
Progress = Callable[[int, int], None]


def information_url(round_: Round) -> str:
    return settings.SITE_URL + reverse("rounds:information", args=[round_.pk])


def announcement_key(round_: Round, person_id: int) -> str:
    return f"round-announcement:{round_.pk}:{person_id}"


def _chunks[T](items: list[T], size: int = BATCH) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def recipients(round_: Round, *, also: Iterable[int] = ()) -> list[tuple[int, str, bool]]:
    """(person id, e-mail, holds conversations of the round) for everyone in the round's
    units today (called or not: too new, too few hours, on leave), everyone who takes
    part in a conversation of the round (leaders, chiefs and board chairs outside its
    units too), and the people ``also``, who have an e-mail address; by id. One query,
    and one per ``BATCH`` of ``also``."""
    in_round = Participant.objects.filter(conversation__round_link__round=round_)
    holds = Exists(in_round.filter(person=OuterRef("pk"), role=ParticipantRole.HOST))

    def rows(people: QuerySet[Person]) -> list[tuple[int, str, bool]]:
        return list(
            people.exclude(email="")
            .annotate(holds=holds)
            .values_list("pk", "email", "holds")
            .order_by("pk")
        )

    taking_part = Person.objects.filter(
        Exists(in_round.filter(person=OuterRef("pk")))
        | (active_q() & subtree_q("unit__path", policy.scope_paths(round_)))
    )
    found = {row[0]: row for row in rows(taking_part)}
    extra = sorted(set(also) - set(found))
    for chunk in _chunks(extra):
        found.update((row[0], row) for row in rows(Person.objects.filter(pk__in=chunk)))
    return [found[pk] for pk in sorted(found)]


def _render(round_: Round, *, holds: bool) -> tuple[str, str, str]:
    themes = list(round_.themes.all())
    return render_mail(
        "round-announcement",
        {"round": round_, "themes": themes, "holds": holds, "url": information_url(round_)},
        language=LANGUAGE,
    )


def queue_announcement(
    round_: Round, *, also: Iterable[int] = (), progress: Progress | None = None
) -> int:
    """Queue the announcement to everyone in the round who has not had it; returns the
    number of mails queued. Each ``BATCH`` of people in a transaction of its own."""
    found = recipients(round_, also=also)
    sent = reminders.already_sent(announcement_key(round_, pk) for pk, _e, _h in found)
    due = [row for row in found if announcement_key(round_, row[0]) not in sent]
    if progress is not None:
        progress(0, len(due))
    if not due:
        return 0
    messages = {holds: _render(round_, holds=holds) for holds in (True, False)}
    queued = 0
    for chunk in _chunks(due):
        with transaction.atomic():
            for holds, (subject, text, html) in messages.items():
                addresses = [email for _pk, email, h in chunk if bool(h) == holds]
                if addresses:
                    queue_bulk(addresses, subject=subject, text=text, html=html)
            reminders.mark_sent(announcement_key(round_, pk) for pk, _e, _h in chunk)
        queued += len(chunk)
        if progress is not None:
            progress(queued, len(due))
    return queued


def invitation_link(conversation: Conversation) -> InvitationLink | None:
    """The round's information page, in the invitation of a conversation of an announced
    round (one query)."""
    link: Any = (
        RoundConversation.objects.filter(conversation=conversation, round__state__in=policy.PUBLIC)
        .select_related("round")
        .first()
    )
    if link is None:
        return None
    return (
        _("About %(round)s: its themes, its timeline and what each of you does")
        % {"round": link.round.name},
        information_url(link.round),
    )
