"""HR's competence pages: the catalogue (HR for the whole organisation and
administrators), the profiles per professional group with their local variants, and the
future needs (HR for its units). Everyone else gets 404, and nothing changes.

And a person's own competences ("Mine kompetencer"): their profile's required levels,
their agreed levels with the gaps, and the history; seen by the person and those who
lead them (their reads logged), nobody else."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samtale.access.http import ViewerRequest
from samtale.competences import policy, queries, services
from samtale.competences.forms import (
    CategoryForm,
    ChooseProfileForm,
    CompetenceForm,
    NeedForm,
    ProfileLevelsForm,
)
from samtale.competences.models import LEVEL_NAMES, Competence, CompetenceCategory
from samtale.conversations import reading
from samtale.core.actions import act, save_form
from samtale.org.models import Person, ProfessionalGroup


def _keeper(request: ViewerRequest) -> None:
    if not policy.can_keep_catalogue(request.viewer):
        raise Http404


def _hr(request: ViewerRequest) -> None:
    if not policy.can_see_profiles(request.viewer):
        raise Http404


# --- the catalogue ---------------------------------------------------------------------


def catalogue(request: ViewerRequest) -> HttpResponse:
    _keeper(request)
    form = CategoryForm(request.POST if request.method == "POST" else None)
    if (
        request.method == "POST"
        and save_form(form, lambda **data: services.add_category(by=request.viewer, **data))
        is not None
    ):
        messages.success(request, _("The category is added."))
        return redirect("competences:catalogue")
    return render(
        request, "competences/catalogue.html", {"catalogue": queries.catalogue(), "form": form}
    )


def change_category(request: ViewerRequest, pk: int) -> HttpResponse:
    _keeper(request)
    category = get_object_or_404(CompetenceCategory, pk=pk)
    form = CategoryForm(
        request.POST if request.method == "POST" else None, instance=copy.copy(category)
    )
    if (
        request.method == "POST"
        and save_form(
            form,
            lambda **data: services.change_category(category, by=request.viewer, **data),
        )
        is not None
    ):
        messages.success(request, _("The category is saved."))
        return redirect("competences:catalogue")
    return render(request, "competences/category.html", {"form": form, "category": category})


@require_POST
def move_category(request: ViewerRequest, pk: int) -> HttpResponse:
    _keeper(request)
    category = get_object_or_404(CompetenceCategory, pk=pk)
    up = request.POST.get("direction") == "up"
    return act(
        request,
        lambda: services.move_category(category, by=request.viewer, up=up),
        done=_("The category is moved up.") if up else _("The category is moved down."),
        to=reverse("competences:catalogue") + f"#category-{category.pk}",
    )


def add_competence(request: ViewerRequest) -> HttpResponse:
    _keeper(request)
    form = CompetenceForm(request.POST if request.method == "POST" else None)
    if (
        request.method == "POST"
        and save_form(form, lambda **data: services.add_competence(by=request.viewer, **data))
        is not None
    ):
        messages.success(request, _("The competence is added."))
        return redirect("competences:catalogue")
    return render(request, "competences/competence.html", {"form": form, "competence": None})


def change_competence(request: ViewerRequest, pk: int) -> HttpResponse:
    _keeper(request)
    competence = get_object_or_404(Competence, pk=pk)
    form = CompetenceForm(
        request.POST if request.method == "POST" else None, instance=copy.copy(competence)
    )
    if (
        request.method == "POST"
        and save_form(
            form,
            lambda **data: services.change_competence(competence, by=request.viewer, **data),
        )
        is not None
    ):
        messages.success(request, _("The competence is saved."))
        return redirect("competences:catalogue")
    return render(request, "competences/competence.html", {"form": form, "competence": competence})


@require_POST
def set_active(request: ViewerRequest, pk: int) -> HttpResponse:
    _keeper(request)
    competence = get_object_or_404(Competence, pk=pk)
    active = request.POST.get("active") == "1"
    return act(
        request,
        lambda: services.set_active(competence, active, by=request.viewer),
        done=_("The competence is in use again.")
        if active
        else _("The competence is retired: it leaves the profiles' lists and the grids."),
        to=reverse("competences:catalogue"),
    )


# --- profiles --------------------------------------------------------------------------


def profiles(request: ViewerRequest) -> HttpResponse:
    _hr(request)
    viewer = request.viewer
    form = ChooseProfileForm(request.GET or None, units=queries.units_for(viewer))
    if request.GET and form.is_valid():
        query = {"group": form.cleaned_data["group"].pk}
        if form.cleaned_data["unit"] is not None:
            query["unit"] = form.cleaned_data["unit"].pk
        return redirect(f"{reverse('competences:profile')}?{urlencode(query)}")
    found = list(queries.profiles_for(viewer))
    return render(
        request,
        "competences/profiles.html",
        {
            "profiles": [(p, policy.can_keep_profile(viewer, p.unit)) for p in found],
            "form": form,
            "can_keep_catalogue": policy.can_keep_catalogue(viewer),
        },
    )


def profile(request: ViewerRequest) -> HttpResponse:
    """Set the required levels of a group's profile, or of its variant for a unit; a new
    variant starts from the levels that hold there now. HR who may not change it (the
    whole organisation's profile, for HR of a part) sees its levels."""
    _hr(request)
    viewer = request.viewer
    try:
        group = ProfessionalGroup.objects.get(pk=int(request.GET.get("group", "")))
        unit_id = request.GET.get("unit")
        unit = get_object_or_404(queries.units_for(viewer), pk=int(unit_id)) if unit_id else None
    except (ValueError, ProfessionalGroup.DoesNotExist) as error:
        raise Http404 from error
    can_keep = policy.can_keep_profile(viewer, unit)
    if not can_keep and request.method == "POST":
        raise Http404
    holding = queries.profile_at(group, unit)
    own = (
        holding.profile
        if holding.profile and holding.profile.unit_id == (unit.pk if unit else None)
        else None
    )
    form = ProfileLevelsForm(
        request.POST if request.method == "POST" else None,
        competences=queries.active_competences(),
        initial_levels={r.competence_id: r.level for r in holding.requirements},
    )
    if not can_keep:
        for field in form.fields.values():
            field.disabled = True
    if (
        request.method == "POST"
        and save_form(
            form, lambda **_data: services.set_profile(group, unit, form.levels(), by=viewer)
        )
        is not None
    ):
        messages.success(request, _("The profile is saved."))
        return redirect("competences:profiles")
    return render(
        request,
        "competences/profile.html",
        {
            "group": group,
            "unit": unit,
            "own": own,
            "holding": holding,
            "form": form,
            "can_keep": can_keep,
        },
    )


@require_POST
def remove_profile(request: ViewerRequest, pk: int) -> HttpResponse:
    found = queries.profile_of(request.viewer, pk)
    if not policy.can_keep_profile(request.viewer, found.unit):
        raise Http404
    return act(
        request,
        lambda: services.remove_profile(found, by=request.viewer),
        done=_("The profile is removed."),
        to=reverse("competences:profiles"),
    )


# --- future needs ----------------------------------------------------------------------


def needs(request: ViewerRequest) -> HttpResponse:
    _hr(request)
    viewer = request.viewer
    form = NeedForm(
        request.POST if request.method == "POST" else None, units=queries.units_for(viewer)
    )
    if (
        request.method == "POST"
        and save_form(form, lambda **data: services.add_need(by=viewer, **data)) is not None
    ):
        messages.success(request, _("The future need is added."))
        return redirect("competences:needs")
    found = list(queries.needs_for(viewer))
    return render(
        request,
        "competences/needs.html",
        {
            "needs": [(n, policy.can_keep_need(viewer, n.unit)) for n in found],
            "form": form,
            "can_keep_catalogue": policy.can_keep_catalogue(viewer),
        },
    )


def change_need(request: ViewerRequest, pk: int) -> HttpResponse:
    viewer = request.viewer
    need = queries.need_of(viewer, pk)
    form = NeedForm(
        request.POST if request.method == "POST" else None,
        instance=copy.copy(need),
        units=queries.units_for(viewer),
    )
    if (
        request.method == "POST"
        and save_form(form, lambda **data: services.change_need(need, by=viewer, **data))
        is not None
    ):
        messages.success(request, _("The future need is saved."))
        return redirect("competences:needs")
    return render(request, "competences/need.html", {"need": need, "form": form})


@require_POST
def remove_need(request: ViewerRequest, pk: int) -> HttpResponse:
    need = queries.need_of(request.viewer, pk)
    return act(
        request,
        lambda: services.remove_need(need, by=request.viewer),
        done=_("The future need is removed."),
        to=reverse("competences:needs"),
    )


# --- a person's competences ---------------------------------------------------------------


def _levels_page(request: ViewerRequest, person: Person, *, own: bool) -> HttpResponse:
    rows = queries.levels_of(person)
    if not own:
        conversations = sorted(
            {
                level.summary.conversation_id
                for row in rows
                for level in ([row.current] if row.current else []) + row.history
            }
        )
        reading.record(
            request.viewer,
            [
                (pk, _("Agreed competence levels of %(name)s") % {"name": person.name})
                for pk in conversations
            ],
        )
    return render(
        request,
        "competences/levels.html",
        {
            "person": person,
            "rows": rows,
            "own": own,
            "has_history": any(row.history for row in rows),
            "level_names": LEVEL_NAMES,
        },
    )


def mine(request: ViewerRequest) -> HttpResponse:
    """ "Mine kompetencer": the viewer's own competences."""
    me = request.viewer.person
    if me is None:
        raise Http404
    return _levels_page(request, me, own=True)


def person_levels(request: ViewerRequest, pk: int) -> HttpResponse:
    """A person's competences, for those who lead them (the person: their own page)."""
    person = get_object_or_404(Person, pk=pk)
    if not policy.can_see_levels_of(request.viewer, person):
        raise Http404
    me = request.viewer.person
    if me is not None and me.pk == person.pk:
        return redirect("competences:mine")
    return _levels_page(request, person, own=False)
