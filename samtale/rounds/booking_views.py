"""Booking's pages (issue 10 §5): the leader's offered times in a round, and the
employee's choice among their leader's free times.

- ``times``: a leader who holds conversations of the announced round (``booking.leads_in``)
  offers times, several at once; sees who booked each (names of their own people only),
  takes back a free one (``withdraw``) and gives one to a person or team who has not
  booked (``assign``). Everyone else: 404.
- ``choose``: a person whose conversation in the round is planned and has no time sees
  their leader's free times and books one (``book``), first come. Everyone else: 404.

The state changes are ``samtale.rounds.booking``'s, which checks again who may.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from samtale.access.http import ViewerRequest
from samtale.conversations.models import ConversationKind
from samtale.core.actions import act, save_form
from samtale.rounds import booking, queries
from samtale.rounds.forms import AssignForm, OfferForm, time_label
from samtale.rounds.models import Round, RoundState, Slot


def times_url(round_: Round, anchor: str = "") -> str:
    return reverse("rounds:times", args=[round_.pk]) + (f"#{anchor}" if anchor else "")


def _leader_round(request: ViewerRequest, pk: int) -> Round:
    """The announced round, if the viewer holds conversations in it; 404 otherwise."""
    round_ = queries.round_for(request.viewer, pk)
    if round_.state != RoundState.ANNOUNCED or not booking.leads_in(request.viewer, round_):
        raise Http404
    return round_


def _own_slot(request: ViewerRequest, round_: Round, slot_pk: int) -> Slot:
    me = request.viewer.person
    slot = Slot.objects.filter(round=round_, pk=slot_pk, leader=me).first()
    if slot is None:
        raise Http404
    return slot


def _free(slots: list[Slot]) -> list[Slot]:
    """The times among ``slots`` that are free and lie ahead."""
    now = timezone.now()
    return [s for s in slots if s.conversation_id is None and s.starts_at >= now]


def _default_duration() -> int:
    mus = ConversationKind.objects.filter(code="mus").values_list("default_duration", flat=True)
    return next(iter(mus), 60)


def times(request: ViewerRequest, pk: int) -> HttpResponse:
    """The leader's offered times in the round; a POST offers more."""
    viewer = request.viewer
    round_ = _leader_round(request, pk)
    if request.method == "POST":
        form = OfferForm(request.POST)
        made = save_form(
            form,
            lambda **data: booking.offer(round_, by=viewer, offers=form.offers()),
        )
        if made is not None:
            messages.success(
                request,
                ngettext(
                    "You offer %(n)s new time. Your people can book it now.",
                    "You offer %(n)s new times. Your people can book them now.",
                    len(made),
                )
                % {"n": len(made)},
            )
            return redirect(times_url(round_, "tider"))
    else:
        form = OfferForm(initial={"duration": _default_duration()})
    me = viewer.person
    assert me is not None  # leads_in
    slots = queries.offered_by(viewer, round_)
    waiting = list(queries.without_time(viewer, round_))
    free = _free(slots)
    return render(
        request,
        "rounds/times.html",
        {
            "round": round_,
            "form": form,
            "rows": [
                (
                    slot,
                    slot.conversation is not None and slot.conversation.leader_id == me.pk,
                )
                for slot in slots
            ],
            "waiting": waiting,
            "free_count": len(free),
            "assign_form": (
                AssignForm(slots=free, conversations=waiting) if free and waiting else None
            ),
        },
    )


@require_POST
def withdraw(request: ViewerRequest, pk: int, slot: int) -> HttpResponse:
    round_ = _leader_round(request, pk)
    found = _own_slot(request, round_, slot)
    return act(
        request,
        lambda: booking.withdraw(found, by=request.viewer),
        done=_("The time %(time)s is taken back.")
        % {"time": time_label(found.starts_at, found.duration)},
        to=times_url(round_, "tider"),
    )


@require_POST
def assign(request: ViewerRequest, pk: int) -> HttpResponse:
    round_ = _leader_round(request, pk)
    chosen = request.POST.get("slot", "")
    if chosen:  # another leader's time (or none): 404, as if it did not exist
        _own_slot(request, round_, int(chosen) if chosen.isdigit() else 0)
    form = AssignForm(
        request.POST,
        slots=_free(queries.offered_by(request.viewer, round_)),
        conversations=list(queries.without_time(request.viewer, round_)),
    )
    if not form.is_valid():
        messages.error(request, _("Choose a free time and a conversation without a time."))
        return redirect(times_url(round_, "giv-tid"))
    slot, conversation = form.chosen()
    return act(
        request,
        lambda: booking.assign(slot, by=request.viewer, conversation=conversation),
        done=_("%(who)s has the time %(time)s and is invited.")
        % {
            "who": conversation.with_whom,
            "time": time_label(slot.starts_at, slot.duration),
        },
        to=times_url(round_, "tider"),
    )


def choose(request: ViewerRequest, pk: int) -> HttpResponse:
    """The viewer's conversations in the round that wait for a time, each with its
    leader's free times."""
    round_ = queries.round_for(request.viewer, pk)
    bookable = queries.bookable_for(request.viewer, round_)
    if not bookable:
        raise Http404
    return render(request, "rounds/choose.html", {"round": round_, "bookable": bookable})


@require_POST
def book(request: ViewerRequest, pk: int, slot: int) -> HttpResponse:
    viewer = request.viewer
    round_ = queries.round_for(viewer, pk)
    found = Slot.objects.filter(round=round_, pk=slot).select_related("conversation").first()
    if found is None or round_.state != RoundState.ANNOUNCED or viewer.person is None:
        raise Http404
    conversation = booking.bookable_conversation(viewer, found)
    if conversation is None:
        mine = found.conversation
        if mine is not None and mine.person_id == viewer.person.pk:  # sent twice
            return redirect("conversations:detail", pk=mine.pk)
        raise Http404
    return act(
        request,
        lambda: booking.book(found, by=viewer),
        done=_("You have booked %(time)s. The invitation is on its way to you and %(leader)s.")
        % {
            "time": time_label(found.starts_at, found.duration),
            "leader": conversation.leader.name,
        },
        to=reverse("conversations:detail", args=[conversation.pk]),
        refused_to=reverse("rounds:choose", args=[round_.pk]),
    )
