"""Changing a round's terms while it is a draft or agreed (HR of its whole scope, an
administrator): name, timeline, eligibility and information; units; kinds and their
forms, and forms per unit; themes; the teams holding GRUS instead of MUS. A change to
what TR and AMR agree to counts the revision up, and an agreed round becomes a draft
again (``services``)."""

from __future__ import annotations

import copy

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samtale.access.http import ViewerRequest
from samtale.core.actions import act, save_form
from samtale.questionnaires.models import QuestionnaireVersion, VersionStatus
from samtale.rounds import queries, services
from samtale.rounds.forms import KindForm, RoundForm, TeamForm, ThemeForm, UnitsForm, VariantForm
from samtale.rounds.models import DEFAULT_PREPARATION_MINUTES, FormVariant, Round, Theme
from samtale.rounds.views import managed_round, round_url


def _refused(request: ViewerRequest, form: forms.Form, to: str) -> HttpResponse:
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(to)


def _kinds_url(round_: Round) -> str:
    return reverse("rounds:kinds", args=[round_.pk])


def _grus_url(round_: Round) -> str:
    return reverse("rounds:grus", args=[round_.pk])


def _saved(request: ViewerRequest, to: str) -> HttpResponse:
    messages.success(request, _("The round is saved."))
    return redirect(to)


def change(request: ViewerRequest, pk: int) -> HttpResponse:
    """Name, timeline, eligibility and the information text."""
    round_ = managed_round(request, pk)
    # The form validates a copy: the service changes the round itself.
    form = RoundForm(request.POST if request.method == "POST" else None, instance=copy.copy(round_))
    if (
        request.method == "POST"
        and save_form(form, lambda **data: services.change_round(round_, by=request.viewer, **data))
        is not None
    ):
        return _saved(request, round_url(round_, "vilkaar"))
    return render(request, "rounds/change.html", {"round": round_, "form": form})


def units(request: ViewerRequest, pk: int) -> HttpResponse:
    round_ = managed_round(request, pk)
    form = UnitsForm(
        request.POST if request.method == "POST" else None,
        units=queries.plannable_units(request.viewer),
        initial={"units": [u.pk for u in round_.units.all()]},
    )
    if (
        request.method == "POST"
        and save_form(
            form, lambda units: services.set_units(round_, by=request.viewer, units=units)
        )
        is not None
    ):
        return _saved(request, round_url(round_, "vilkaar"))
    return render(request, "rounds/units.html", {"round": round_, "form": form})


def _variant_form(round_: Round, data: object = None) -> VariantForm:
    kinds = [rk.kind for rk in round_.round_kinds.select_related("kind")]
    return VariantForm(
        data,
        kinds=kinds,
        units=queries.units_in(round_),
        versions=QuestionnaireVersion.objects.filter(
            status=VersionStatus.PUBLISHED,
            questionnaire__family__in=[k.questionnaire_family for k in kinds],
        ).select_related("questionnaire"),
    )


def kinds(request: ViewerRequest, pk: int) -> HttpResponse:
    """The kinds the round includes with their forms, and the units' own forms."""
    round_ = managed_round(request, pk)
    terms = queries.terms_of(round_)
    included = {rk.kind_id: rk for rk in terms.kinds}
    kind_forms = [
        KindForm(
            kind=kind,
            versions=queries.forms_for(kind),
            initial={
                "included": kind.pk in included,
                "version": getattr(included.get(kind.pk), "questionnaire_version_id", None),
                "preparation_minutes": getattr(
                    included.get(kind.pk), "preparation_minutes", DEFAULT_PREPARATION_MINUTES
                ),
            },
        )
        for kind in queries.round_kinds()
    ]
    return render(
        request,
        "rounds/kinds.html",
        {
            "round": round_,
            "kind_forms": kind_forms,
            "variants": terms.variants,
            "variant_form": _variant_form(round_) if terms.kinds else None,
        },
    )


@require_POST
def kind(request: ViewerRequest, pk: int, code: str) -> HttpResponse:
    round_ = managed_round(request, pk)
    found = get_object_or_404(queries.round_kinds(), code=code)
    form = KindForm(request.POST, kind=found, versions=queries.forms_for(found))
    back = _kinds_url(round_)
    if not form.is_valid():
        return _refused(request, form, back)
    return act(
        request,
        lambda: services.set_kind(
            round_,
            by=request.viewer,
            kind=found,
            included=form.cleaned_data["included"],
            version=form.cleaned_data["version"],
            preparation_minutes=form.cleaned_data["preparation_minutes"],
        ),
        done=_("The round is saved."),
        to=back,
    )


@require_POST
def add_variant(request: ViewerRequest, pk: int) -> HttpResponse:
    round_ = managed_round(request, pk)
    form = _variant_form(round_, request.POST)
    back = _kinds_url(round_)
    if not form.is_valid():
        return _refused(request, form, back)
    return act(
        request,
        lambda: services.set_form_variant(round_, by=request.viewer, **form.cleaned_data),
        done=_("The round is saved."),
        to=back,
    )


@require_POST
def remove_variant(request: ViewerRequest, pk: int, variant: int) -> HttpResponse:
    round_ = managed_round(request, pk)
    found = get_object_or_404(
        FormVariant.objects.select_related("kind", "unit"), round=round_, pk=variant
    )
    return act(
        request,
        lambda: services.set_form_variant(
            round_, by=request.viewer, kind=found.kind, unit=found.unit, version=None
        ),
        done=_("The round is saved."),
        to=_kinds_url(round_),
    )


def theme(request: ViewerRequest, pk: int, theme: int | None = None) -> HttpResponse:
    """Add a theme, or change one."""
    round_ = managed_round(request, pk)
    found = get_object_or_404(Theme, round=round_, pk=theme) if theme is not None else None
    form = ThemeForm(
        request.POST if request.method == "POST" else None,
        instance=copy.copy(found) if found else None,
        initial={"goals": [g.pk for g in found.goals.all()]} if found else None,
        goals=queries.goals_for_round(round_),
    )
    if request.method == "POST":
        if found is None:
            saved = save_form(
                form, lambda **data: services.add_theme(round_, by=request.viewer, **data)
            )
        else:
            saved = save_form(
                form, lambda **data: services.change_theme(found, by=request.viewer, **data)
            )
        if saved is not None:
            return _saved(request, round_url(round_, "temaer"))
    return render(request, "rounds/theme.html", {"round": round_, "theme": found, "form": form})


@require_POST
def remove_theme(request: ViewerRequest, pk: int, theme: int) -> HttpResponse:
    round_ = managed_round(request, pk)
    found = get_object_or_404(Theme, round=round_, pk=theme)
    return act(
        request,
        lambda: services.remove_theme(found, by=request.viewer),
        done=_("The theme is removed."),
        to=round_url(round_, "temaer"),
    )


def grus(request: ViewerRequest, pk: int) -> HttpResponse:
    """The teams that hold GRUS instead of individual MUS in the round."""
    round_ = managed_round(request, pk)
    chosen = queries.grus_teams(round_)
    teams = queries.teams_in(round_).exclude(pk__in=[c.team_id for c in chosen])
    form = TeamForm(request.POST if request.method == "POST" else None, teams=teams)
    if (
        request.method == "POST"
        and save_form(form, lambda team: services.choose_grus(round_, by=request.viewer, team=team))
        is not None
    ):
        return _saved(request, _grus_url(round_))
    return render(request, "rounds/grus.html", {"round": round_, "chosen": chosen, "form": form})


@require_POST
def remove_grus(request: ViewerRequest, pk: int, team: int) -> HttpResponse:
    round_ = managed_round(request, pk)
    found = get_object_or_404(queries.teams_in(round_), pk=team)
    return act(
        request,
        lambda: services.choose_grus(round_, by=request.viewer, team=found, instead_of_mus=False),
        done=_("The round is saved."),
        to=_grus_url(round_),
    )
