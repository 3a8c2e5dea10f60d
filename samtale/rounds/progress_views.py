"""The round's progress pages (steering): the tree of units with counts per state, and
the drill-down from a unit to its leaders and from a leader to their people. Dates and
states only, never content.

Every page fetches the round with ``queries.round_for`` and asks
``policy.progress_view`` how the viewer sees it (the whole round, their own line, or
their scope's counts); a page they may not see answers 404."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from samtale.access.http import ViewerRequest
from samtale.access.viewer import Viewer
from samtale.lib.anonymity import min_group
from samtale.lib.paths import ids_in_path
from samtale.org.models import OrgUnit, Person
from samtale.rounds import anonymous, policy, progress, queries
from samtale.rounds.models import Round


@dataclass(frozen=True)
class Scope:
    """What of the round the viewer's progress pages show."""

    view: str  # policy.WHOLE, LED or COUNTS
    within: tuple[str, ...] | None  # the subtrees shown (None: the whole round)
    conversations: Q | None  # only these of the round's conversations (a leader's line)
    # where the counts are shown whole (None: everywhere; policy.counts_whole_within)
    whole_within: tuple[str, ...] | None = None


def _scope(viewer: Viewer, round_: Round) -> Scope:
    view = policy.progress_view(viewer, round_)
    if view is None:
        raise Http404
    whole_within = policy.counts_whole_within(viewer, round_, view)
    if view == policy.WHOLE:
        return Scope(view, None, None, whole_within)
    if view == policy.COUNTS:
        return Scope(view, (*viewer.tr_paths, *viewer.amr_paths), None, whole_within)
    line = queries.line_q(viewer)
    within = progress.units_of(round_, line)
    if not within:  # a leader without a conversation in the round
        raise Http404
    return Scope(view, within, line, whole_within)


def _unit_in(round_: Round, scope: Scope, pk: str | int | None) -> OrgUnit | None:
    """The unit ``pk`` if it is one the viewer's progress shows; 404 otherwise."""
    if pk in (None, ""):
        return None
    try:
        unit = OrgUnit.objects.only("pk", "name", "code", "path", "parent_id").get(pk=int(pk))
    except (OrgUnit.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not policy.within(unit.path, policy.scope_paths(round_)):
        raise Http404
    if scope.within is not None and not policy.within(unit.path, scope.within):
        raise Http404
    return unit


def _breadcrumbs(round_: Round, scope: Scope, unit: OrgUnit) -> list[OrgUnit]:
    """The units above ``unit`` that the viewer's progress shows, from the top: one
    query."""
    above = [pk for pk in ids_in_path(unit.path) if pk != unit.pk]
    found = OrgUnit.objects.filter(pk__in=above).only("pk", "name", "path").order_by("path")
    return [
        u
        for u in found
        if policy.within(u.path, policy.scope_paths(round_))
        and (scope.within is None or policy.within(u.path, scope.within))
    ]


@require_GET
def progress_page(request: ViewerRequest, pk: int) -> HttpResponse:
    """The round's units with their counts and progress bars, a level at a time
    (``?enhed=<id>`` opens a unit)."""
    viewer = request.viewer
    round_ = queries.round_for(viewer, pk)
    scope = _scope(viewer, round_)
    unit = _unit_in(round_, scope, request.GET.get("enhed"))
    current: progress.Node | anonymous.HiddenNode | None
    shown: Sequence[progress.Node | anonymous.HiddenNode]
    total: progress.Counts | anonymous.HiddenCounts
    if scope.whole_within is not None:
        # the whole scope, hidden at once: a unit shows what the levels above say of it
        hidden = anonymous.hide_small(
            progress.tree(round_, within=scope.within), whole_within=scope.whole_within
        )
        current = hidden.node(unit.pk) if unit is not None else None
        if unit is not None and current is None:
            raise Http404
        shown = current.children if current is not None else hidden.roots
        total = current.total if current is not None else hidden.total
    else:
        roots = progress.tree(
            round_,
            within=(unit.path,) if unit is not None else scope.within,
            conversations=scope.conversations,
        )
        current = roots[0] if unit is not None and roots else None
        shown = current.children if current is not None else roots
        total = progress.Counts()
        for root in roots:
            total.add(root.total)
    page = Paginator(shown, settings.SAMTALE_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        (node, node.own.any and policy.sees_names_in(viewer, round_, scope.view, node.unit))
        for node in cast(Sequence[progress.Node | anonymous.HiddenNode], page.object_list)
    ]
    return render(
        request,
        "rounds/progress.html",
        {
            "round": round_,
            "scope": scope,
            "counts_only": scope.view == policy.COUNTS,
            # HR of a part of the round: small numbers hidden outside their own scope
            "hidden_elsewhere": scope.view == policy.WHOLE and scope.whole_within is not None,
            "k": min_group(),
            "unit": unit,
            "current": current,
            "total": total,
            "breadcrumbs": _breadcrumbs(round_, scope, unit) if unit is not None else [],
            "page_obj": page,
            "rows": rows,
            "stages": progress.STAGES,
            "own_names": (
                current is not None
                and current.own.any
                and policy.sees_names_in(viewer, round_, scope.view, current.unit)
            ),
        },
    )


@require_GET
def unit_leaders(request: ViewerRequest, pk: int, unit: int) -> HttpResponse:
    """A unit's leaders in the round, each with their counts: for HR of the unit,
    administrators, and a leader (only the leaders of their own line)."""
    viewer = request.viewer
    round_ = queries.round_for(viewer, pk)
    scope = _scope(viewer, round_)
    found = _unit_in(round_, scope, unit)
    assert found is not None
    if not policy.sees_names_in(viewer, round_, scope.view, found):
        raise Http404
    names_for_all = viewer.is_admin or policy.within(found.path, viewer.hr_paths)
    leaders = progress.leaders_in(
        round_, found, conversations=None if names_for_all else queries.line_q(viewer)
    )
    if not leaders:
        raise Http404
    page = Paginator(leaders, settings.SAMTALE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "rounds/progress_unit.html",
        {
            "round": round_,
            "unit": found,
            "breadcrumbs": _breadcrumbs(round_, scope, found),
            "page_obj": page,
            "stages": progress.STAGES,
        },
    )


@require_GET
def leader_people(request: ViewerRequest, pk: int, leader: int) -> HttpResponse:
    """A leader's people and their conversations in the round: kind, state, time,
    booked, prepared, summary accepted. For the leader and the leaders above them,
    administrators, and HR (the conversations that count in their scope)."""
    viewer = request.viewer
    round_ = queries.round_for(viewer, pk)
    _scope(viewer, round_)
    found = get_object_or_404(Person.objects.only("pk", "name", "line_path"), pk=leader)
    units: tuple[str, ...] | None
    if viewer.is_admin or policy.sees_people_of(viewer, found):
        units = None
    elif viewer.hr_paths:
        units = viewer.hr_paths
    else:
        raise Http404
    conversations = progress.conversations_of(round_, found, units=units)
    page = Paginator(conversations, settings.SAMTALE_PAGE_SIZE).get_page(request.GET.get("page"))
    if not page.object_list:
        raise Http404
    return render(
        request,
        "rounds/progress_leader.html",
        {"round": round_, "leader": found, "page_obj": page},
    )
