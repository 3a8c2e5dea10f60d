"""The page "Skiftet leder i runden": the round's conversations whose leader is no
longer the person's nearest leader, for HR to hand over (``samtale.rounds.handover``).
HR whose scope meets the round sees the people of its own scope; everyone else, and a
round that is not announced, gets 404."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from samtale.access.http import ViewerRequest
from samtale.core.actions import act
from samtale.rounds import handover, policy, queries


@require_GET
def changed_leaders(request: ViewerRequest, pk: int) -> HttpResponse:
    viewer = request.viewer
    round_ = queries.round_for(viewer, pk)
    if not policy.can_see_changed_leaders(viewer, round_):
        raise Http404
    return render(
        request,
        "rounds/changed_leaders.html",
        {"round": round_, "links": handover.changed_leaders(viewer, round_)},
    )


@require_POST
def hand_over(request: ViewerRequest, pk: int, conversation: int) -> HttpResponse:
    viewer = request.viewer
    round_ = queries.round_for(viewer, pk)
    link = handover.link_for(viewer, round_, conversation)
    person = link.conversation.person
    assert person is not None  # link_for's
    if not policy.can_hand_over(viewer, round_, person):
        raise Http404
    new_leader = person.manager
    return act(
        request,
        lambda: handover.hand_over(round_, link.conversation, by=viewer),
        done=_("The conversation with %(name)s is handed over to %(leader)s.")
        % {"name": person.name, "leader": new_leader.name if new_leader else ""},
        to=reverse("rounds:changed_leaders", args=[round_.pk]),
    )
