"""What the rounds hold about a person (``samtale.core.personal_data``): the comments
and sign-offs of a TR or AMR on a round's terms (the round's agreement record), the times
a leader offered, and who took a round's steps.

These belong to the round's record of how it was agreed and run: an erasure leaves
them in place under the anonymous shell the organisation keeps of the person
(``samtale.org.privacy``), and a comment's text is exported to its author. The round's
conversations (``RoundConversation``) hold only which round a conversation counts in."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from samtale.core.personal_data import COVERED, NO_PERSONAL_DATA, Counts, Holding
from samtale.rounds.models import RoundComment, RoundLaunch, SignOff, Slot


def export(viewer: Any) -> dict[str, Any]:
    person = viewer.person
    found: dict[str, Any] = {}
    comments = [
        {
            "round": comment.round.name,
            "at": timezone.localtime(comment.at).isoformat(),
            "comment": comment.text,
        }
        for comment in RoundComment.objects.filter(author=person).select_related("round")
    ]
    if comments:
        found["round_comments"] = comments
    signed = [
        {
            "round": sign_off.round.name,
            "as": sign_off.get_role_display(),
            "at": timezone.localtime(sign_off.at).isoformat(),
        }
        for sign_off in SignOff.objects.filter(person=person).select_related("round")
    ]
    if signed:
        found["round_sign_offs"] = signed
    slots = [
        {
            "starts_at": timezone.localtime(slot.starts_at).isoformat(),
            "booked": slot.booked_at is not None,
        }
        for slot in Slot.objects.filter(leader=person).order_by("starts_at")
    ]
    if slots:
        found["offered_times"] = slots
    return found


def erase(person: Any) -> Counts:
    """The launches' lists of problems and people on leave name people (by id and name):
    the erased person's entries lose the name."""
    changed = 0
    for launch in RoundLaunch.objects.only("pk", "problems", "on_leave"):
        touched = False
        for entry in [*launch.problems, *launch.on_leave]:
            if entry.get("person_id") == person.pk and entry.get("name"):
                entry["name"] = ""
                touched = True
        if touched:
            launch.save(update_fields=["problems", "on_leave"])
            changed += 1
    return {_("Rounds: launch reports that named the person"): changed}


HOLDING = Holding(
    app="rounds",
    models={
        "rounds.StrategicGoal": NO_PERSONAL_DATA,
        "rounds.Round": NO_PERSONAL_DATA,
        "rounds.RoundKind": NO_PERSONAL_DATA,
        "rounds.FormVariant": NO_PERSONAL_DATA,
        "rounds.Theme": NO_PERSONAL_DATA,
        "rounds.Agreement": NO_PERSONAL_DATA,
        "rounds.UnitRule": NO_PERSONAL_DATA,
        "rounds.TeamChoice": NO_PERSONAL_DATA,
        "rounds.RoundConversation": NO_PERSONAL_DATA,
        "rounds.RoundLaunch": COVERED,
        "rounds.RoundEvent": COVERED,
        "rounds.RoundComment": COVERED,
        "rounds.SignOff": COVERED,
        "rounds.Slot": COVERED,
    },
    export=export,
    erase=erase,
)
