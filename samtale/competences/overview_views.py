"""The strategic overview: the heatmap of gaps per unit and competence, its drill-down,
a leader's own people by name, the future needs against today's levels, and HR's
workbook. Who sees what is ``policy`` (``can_see_overview`` ...); every number above a
leader's own people is anonymised in ``gaps``."""

from __future__ import annotations

import tempfile

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from samtale.access.http import ViewerRequest
from samtale.competences import gaps, policy
from samtale.competences.models import CompetenceCategory
from samtale.lib.tabular import Column, Sheet, stream_xlsx
from samtale.org.models import OrgUnit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _category(request: ViewerRequest) -> CompetenceCategory | None:
    """The category filter (there is no group filter: see ``gaps``)."""
    raw = request.GET.get("category", "")
    if not raw:
        return None
    try:
        return CompetenceCategory.objects.get(pk=int(raw))
    except (ValueError, CompetenceCategory.DoesNotExist) as error:
        raise Http404 from error


def _scope_and_unit(request: ViewerRequest, unit: int | None) -> tuple[gaps.OverviewScope, OrgUnit]:
    scope = gaps.scope_for(request.viewer)
    if scope is None:
        raise Http404
    return scope, gaps.unit_of(scope, unit)


@require_GET
def overview(request: ViewerRequest, unit: int | None = None) -> HttpResponse:
    scope, found = _scope_and_unit(request, unit)
    category = _category(request)
    heat = gaps.heatmap(scope, found, category=category)
    people = (
        gaps.people_gaps(
            scope.leader, found, heat.competences, heat.profiles, request.GET.get("page")
        )
        if scope.leader is not None
        else None
    )
    teams = (
        gaps.team_gaps(request.viewer, heat.competences, heat.profiles)
        if scope.leader is not None and found.pk == scope.top.pk
        else None
    )
    return render(
        request,
        "competences/overview.html",
        {
            "heat": heat,
            "teams": teams,
            "lines": list(heat.table.lines()),
            "totals": [heat.table.column_totals[c] for c in heat.table.columns],
            "needs": gaps.future_needs(scope, found, heat.key),
            "people": people,
            "category": category,
            "categories": CompetenceCategory.objects.all(),
            "can_export": policy.can_export_overview(request.viewer),
            "query": request.GET.urlencode(),
        },
    )


HEADINGS = (
    (gettext_lazy("Unit"), 30),
    (gettext_lazy("Competence"), 30),
    (gettext_lazy("With the requirement"), 12),
    (gettext_lazy("Assessed"), 12),
    (gettext_lazy("At or above the required level"), 14),
    (gettext_lazy("Below the required level"), 14),
    (gettext_lazy("Not assessed"), 12),
    (gettext_lazy("Mean gap (levels)"), 12),
)


@require_GET
def export(request: ViewerRequest, unit: int) -> FileResponse:
    """HR's workbook of the heatmap as shown (the same anonymised numbers)."""
    if not policy.can_export_overview(request.viewer):
        raise Http404
    scope, found = _scope_and_unit(request, unit)
    heat = gaps.heatmap(scope, found, category=_category(request))
    columns = [
        Column(str(title), number_format="0.00" if i == 7 else "", width=width)
        for i, (title, width) in enumerate(HEADINGS)
    ]
    out = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    stream_xlsx(
        [Sheet(_("Competence gaps"), columns, gaps.export_rows(heat))],
        out,
        title=_("Competence gaps: %(unit)s") % {"unit": found.name},
    )
    out.seek(0)
    response = FileResponse(
        out, as_attachment=True, filename=f"kompetencegab-{found.pk}.xlsx", content_type=XLSX
    )
    response["Cache-Control"] = "private, no-store"
    return response
