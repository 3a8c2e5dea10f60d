"""HR's pages beside the rounds: the strategic goals of the units in its scope (add,
change, retire; the goals of the units above shown for reference) and the rules per unit
(which conversations a unit holds each year, inherited down the tree). Everyone else
gets 404, as for a goal or a unit outside the viewer's HR scope."""

from __future__ import annotations

import copy

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from samtale.access.http import ViewerRequest
from samtale.core.actions import act, save_form
from samtale.org.models import OrgUnit
from samtale.rounds import policy, queries, rules, services
from samtale.rounds.forms import FOLLOW, GoalForm, UnitRuleForm
from samtale.rounds.models import UnitRule


def _hr(request: ViewerRequest) -> None:
    if not policy.can_plan_rounds(request.viewer):
        raise Http404


def goals(request: ViewerRequest) -> HttpResponse:
    _hr(request)
    viewer = request.viewer
    form = GoalForm(
        request.POST if request.method == "POST" else None, units=queries.plannable_units(viewer)
    )
    if (
        request.method == "POST"
        and save_form(form, lambda unit, **data: services.add_goal(unit, by=viewer, **data))
        is not None
    ):
        messages.success(request, _("The goal is added."))
        return redirect("rounds:goals")
    found = list(queries.goals_for(viewer))
    return render(
        request,
        "rounds/goals.html",
        {
            "goals": [(g, policy.can_manage_goals(viewer, g.unit)) for g in found],
            "form": form,
        },
    )


def change_goal(request: ViewerRequest, pk: int) -> HttpResponse:
    goal = queries.goal_for(request.viewer, pk)
    form = GoalForm(request.POST if request.method == "POST" else None, instance=copy.copy(goal))
    if (
        request.method == "POST"
        and save_form(form, lambda **data: services.change_goal(goal, by=request.viewer, **data))
        is not None
    ):
        messages.success(request, _("The goal is saved."))
        return redirect("rounds:goals")
    return render(request, "rounds/goal.html", {"goal": goal, "form": form})


@require_POST
def retire_goal(request: ViewerRequest, pk: int) -> HttpResponse:
    goal = queries.goal_for(request.viewer, pk)
    return act(
        request,
        lambda: services.retire_goal(goal, by=request.viewer),
        done=_("The goal is retired: new themes cannot link to it."),
        to=reverse("rounds:goals"),
    )


@require_GET
def unit_rules(request: ViewerRequest) -> HttpResponse:
    """The rule that holds in each unit of the viewer's scope, and where it comes from."""
    _hr(request)
    units = queries.plannable_units(request.viewer)
    page = Paginator(units, settings.SAMTALE_PAGE_SIZE).get_page(request.GET.get("page"))
    holding = rules.rules_for(page.object_list)
    names = dict(
        OrgUnit.objects.filter(
            pk__in={r.unit_id for r in holding.values() if r is not None}
        ).values_list("pk", "name")
    )
    return render(
        request,
        "rounds/unit_rules.html",
        {
            "page_obj": page,
            "rows": [
                (unit, rule, names.get(rule.unit_id) if rule else None)
                for unit in page.object_list
                for rule in [holding[unit.pk]]
            ],
            "default": rules.DEFAULT,
        },
    )


def unit_rule(request: ViewerRequest, pk: int) -> HttpResponse:
    """Set a unit's own rule, or let it follow the unit above again."""
    _hr(request)
    unit = get_object_or_404(queries.plannable_units(request.viewer), pk=pk)
    if not policy.can_manage_goals(request.viewer, unit):
        raise Http404
    own = UnitRule.objects.filter(unit=unit).first()
    above = rules.rules_for([unit.parent]).get(unit.parent.pk) if unit.parent else None
    inherited = (
        _("As the unit above: %(rule)s") % {"rule": above.get_rule_display()}
        if above is not None
        else _("As the default: %(rule)s") % {"rule": rules.DEFAULT.label}
    )
    form = UnitRuleForm(
        request.POST if request.method == "POST" else None,
        inherited=inherited,
        initial={"rule": own.rule if own else FOLLOW, "mus_year": own.mus_year if own else None},
    )
    # set_unit_rule answers None when the unit follows the unit above again: still saved.
    if (
        request.method == "POST"
        and save_form(
            form,
            lambda rule, mus_year: (
                services.set_unit_rule(unit, by=request.viewer, rule=rule, mus_year=mus_year)
                or unit
            ),
        )
        is not None
    ):
        messages.success(request, _("The rule for %(unit)s is saved.") % {"unit": unit.name})
        return redirect("rounds:unit_rules")
    return render(request, "rounds/unit_rule.html", {"unit": unit, "form": form})
