"""HR's pages for leaders who leave (``samtale.org.leaving``): the to-do list "Leaders
who leave" and a leaver's handover page, where HR picks the successor. HR for the
leader's unit and administrators; everyone else gets 404."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samtale.core.actions import save_form
from samtale.org import leaving, policy
from samtale.org.forms import HandoverForm
from samtale.org.models import Person
from samtale.org.viewer import ViewerRequest


def leavers(request: ViewerRequest) -> HttpResponse:
    viewer = request.viewer
    if not (viewer.is_admin or viewer.hr_paths):
        raise Http404
    return render(request, "org/leavers.html", {"leavers": list(leaving.leaving_leaders(viewer))})


def handover(request: ViewerRequest, pk: int) -> HttpResponse:
    viewer = request.viewer
    leaver = get_object_or_404(
        Person.objects.visible_to(viewer).select_related("unit", "manager"), pk=pk
    )
    if not policy.can_hand_over_leader(viewer, leaver):
        raise Http404
    needed = leaving.needs_handover(leaver)
    form = None
    if needed:
        form = HandoverForm(
            request.POST if request.method == "POST" else None, viewer=viewer, leaver=leaver
        )
        if request.method == "POST":
            done = save_form(
                form,
                lambda successor, reason, **_rest: leaving.hand_over(
                    leaver, successor, by=viewer, reason=reason
                ),
            )
            if done is not None:
                messages.success(
                    request,
                    ngettext(
                        "%(successor)s now leads the %(count)s person %(leaver)s led, and "
                        "holds their open conversations.",
                        "%(successor)s now leads the %(count)s people %(leaver)s led, and "
                        "holds their open conversations.",
                        done.people,
                    )
                    % {
                        "successor": done.successor.name,
                        "count": done.people,
                        "leaver": leaver.name,
                    },
                )
                return redirect("org:handover", pk=leaver.pk)
    elif request.method == "POST":
        messages.info(request, _("%(name)s has nothing left to hand over.") % {"name": leaver.name})
        return redirect("org:handover", pk=leaver.pk)
    work = [(w.heading, w.items(leaver)) for w in leaving.registered()] if needed else []
    return render(
        request,
        "org/handover.html",
        {
            "leaver": leaver,
            "needed": needed,
            "form": form,
            "work": work,
            "teams": list(leaver.led_teams.all()) if needed else [],
            "handovers": list(leaving.handovers_of(leaver)),
        },
        status=400 if form is not None and form.errors else 200,
    )
