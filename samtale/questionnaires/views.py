"""The form builder for HR: list the forms, create one, edit its draft (sections and
questions), preview, publish, start a new draft from the published version.

Only for those ``policy.can_manage_forms`` allows; everyone else gets a 404. Every
change goes through ``samtale.questionnaires.services``; a service's refusal (e.g. a
published version) is shown as a message, never as an error page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samtale.access.http import ViewerRequest
from samtale.core.actions import act
from samtale.questionnaires import policy, services
from samtale.questionnaires.filling import fill_context
from samtale.questionnaires.forms import (
    QuestionForm,
    QuestionnaireEditForm,
    QuestionnaireForm,
    SectionForm,
)
from samtale.questionnaires.models import Question, Questionnaire, QuestionnaireVersion, Section
from samtale.questionnaires.queries import questionnaires_for_list, sections_with_questions

View = Callable[..., HttpResponse]


def managers_only(view: View) -> View:
    @wraps(view)
    def wrapped(request: ViewerRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not policy.can_manage_forms(request.viewer):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def _refusal(request: ViewerRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def _version(pk: int) -> QuestionnaireVersion:
    return get_object_or_404(QuestionnaireVersion.objects.select_related("questionnaire"), pk=pk)


def _section(pk: int) -> Section:
    return get_object_or_404(Section.objects.select_related("version__questionnaire"), pk=pk)


def _question(pk: int) -> Question:
    return get_object_or_404(
        Question.objects.select_related("section__version__questionnaire"), pk=pk
    )


def _edit_url(version: QuestionnaireVersion) -> str:
    return reverse("questionnaires:version", args=[version.pk])


def _direction(request: ViewerRequest) -> Any:
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        raise Http404
    return direction


# --- forms -----------------------------------------------------------------------------


@managers_only
def form_list(request: ViewerRequest) -> HttpResponse:
    page = Paginator(questionnaires_for_list(), settings.SAMTALE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "questionnaires/list.html", {"page_obj": page})


@managers_only
def form_create(request: ViewerRequest) -> HttpResponse:
    form = QuestionnaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            questionnaire = services.create_questionnaire(
                name=form.cleaned_data["name"],
                family=form.cleaned_data["family"],
                language=form.cleaned_data["language"],
                description=form.cleaned_data["description"],
                by=request.viewer,
            )
            draft = services.new_draft(questionnaire, by=request.viewer)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The form was created. Add sections and questions."))
            return redirect(_edit_url(draft))
    return render(request, "questionnaires/create.html", {"form": form})


@managers_only
def form_detail(request: ViewerRequest, pk: int) -> HttpResponse:
    questionnaire = get_object_or_404(Questionnaire, pk=pk)
    form = QuestionnaireEditForm(
        request.POST or None,
        initial={"name": questionnaire.name, "description": questionnaire.description},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_questionnaire(
                questionnaire,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Saved."))
            return redirect("questionnaires:form", pk=questionnaire.pk)
    versions = list(questionnaire.versions.select_related("published_by").order_by("-number"))
    return render(
        request,
        "questionnaires/detail.html",
        {
            "questionnaire": questionnaire,
            "versions": versions,
            "draft": next((v for v in versions if v.is_draft), None),
            "form": form,
        },
    )


@managers_only
@require_POST
def draft_create(request: ViewerRequest, pk: int) -> HttpResponse:
    questionnaire = get_object_or_404(Questionnaire, pk=pk)
    return act(
        request,
        lambda: services.new_draft(questionnaire, by=request.viewer),
        done=_("A new draft was made from the published version."),
        to=_edit_url,
        refused_to=reverse("questionnaires:form", args=[questionnaire.pk]),
    )


# --- versions --------------------------------------------------------------------------


@managers_only
def version_edit(request: ViewerRequest, pk: int) -> HttpResponse:
    version = _version(pk)
    if version.is_published:
        return redirect("questionnaires:preview", pk=version.pk)
    return render(
        request,
        "questionnaires/edit.html",
        {
            "version": version,
            "questionnaire": version.questionnaire,
            "sections": sections_with_questions(version),
            "section_form": SectionForm(),
        },
    )


@managers_only
def version_preview(request: ViewerRequest, pk: int) -> HttpResponse:
    version = _version(pk)
    context = fill_context(version=version, disabled=True)
    context["questionnaire"] = version.questionnaire
    return render(request, "questionnaires/preview.html", context)


@managers_only
def version_publish(request: ViewerRequest, pk: int) -> HttpResponse:
    version = _version(pk)
    if request.method == "POST":
        try:
            services.publish(version, by=request.viewer)
        except ValidationError as exc:
            _refusal(request, exc)
            if version.is_published:
                return redirect("questionnaires:form", pk=version.questionnaire_id)
            return redirect(_edit_url(version))
        messages.success(
            request,
            _("Version %(number)s is published. It can no longer be changed.")
            % {"number": version.number},
        )
        return redirect("questionnaires:form", pk=version.questionnaire_id)
    if version.is_published:
        return redirect("questionnaires:preview", pk=version.pk)
    return render(
        request,
        "questionnaires/publish.html",
        {"version": version, "questionnaire": version.questionnaire},
    )


@managers_only
@require_POST
def version_delete(request: ViewerRequest, pk: int) -> HttpResponse:
    version = _version(pk)
    return act(
        request,
        lambda: services.delete_draft(version),
        done=_("The draft was deleted."),
        to=reverse("questionnaires:form", args=[version.questionnaire_id]),
    )


# --- sections --------------------------------------------------------------------------


@managers_only
def section_add(request: ViewerRequest, pk: int) -> HttpResponse:
    version = _version(pk)
    form = SectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_section(version, **form.cleaned_data)
        except ValidationError as exc:
            _refusal(request, exc)
        return redirect(_edit_url(version))
    return render(
        request,
        "questionnaires/section_form.html",
        {"form": form, "version": version, "questionnaire": version.questionnaire},
    )


@managers_only
def section_edit(request: ViewerRequest, pk: int) -> HttpResponse:
    section = _section(pk)
    form = SectionForm(
        request.POST or None, initial={"title": section.title, "intro": section.intro}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_section(section, **form.cleaned_data)
        except ValidationError as exc:
            _refusal(request, exc)
        return redirect(_edit_url(section.version))
    return render(
        request,
        "questionnaires/section_form.html",
        {
            "form": form,
            "section": section,
            "version": section.version,
            "questionnaire": section.version.questionnaire,
        },
    )


@managers_only
@require_POST
def section_delete(request: ViewerRequest, pk: int) -> HttpResponse:
    section = _section(pk)
    return act(
        request,
        lambda: services.delete_section(section),
        done=_("The section was deleted."),
        to=_edit_url(section.version),
    )


@managers_only
@require_POST
def section_move(request: ViewerRequest, pk: int) -> HttpResponse:
    section = _section(pk)
    return act(
        request,
        lambda: services.move_section(section, _direction(request)),
        done=None,
        to=_edit_url(section.version) + f"#section-{section.pk}",
    )


# --- questions -------------------------------------------------------------------------


def _save_question(
    request: ViewerRequest, form: QuestionForm, save: Callable[..., Question]
) -> bool:
    if not form.is_valid():
        return False
    try:
        save(
            type=form.cleaned_data["type"],
            text=form.cleaned_data["text"],
            help_text=form.cleaned_data["help_text"],
            required=form.cleaned_data["required"],
            options=form.options(),
        )
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
        return False
    return True


@managers_only
def question_add(request: ViewerRequest, pk: int) -> HttpResponse:
    section = _section(pk)
    version = section.version
    form = QuestionForm(request.POST or None, language=version.questionnaire.language)
    if request.method == "POST" and _save_question(
        request, form, lambda **kw: services.add_question(section, **kw)
    ):
        messages.success(request, _("The question was added."))
        return redirect(_edit_url(version) + f"#section-{section.pk}")
    return render(
        request,
        "questionnaires/question_form.html",
        {
            "form": form,
            "section": section,
            "version": version,
            "questionnaire": version.questionnaire,
        },
        status=400 if form.errors else 200,
    )


@managers_only
def question_edit(request: ViewerRequest, pk: int) -> HttpResponse:
    question = _question(pk)
    version = question.section.version
    form = QuestionForm(
        request.POST or None,
        initial=QuestionForm.initial_for(question),
        language=version.questionnaire.language,
    )
    if request.method == "POST" and _save_question(
        request, form, lambda **kw: services.update_question(question, **kw)
    ):
        messages.success(request, _("The question was saved."))
        return redirect(_edit_url(version) + f"#question-{question.pk}")
    return render(
        request,
        "questionnaires/question_form.html",
        {
            "form": form,
            "question": question,
            "section": question.section,
            "version": version,
            "questionnaire": version.questionnaire,
        },
        status=400 if form.errors else 200,
    )


@managers_only
@require_POST
def question_delete(request: ViewerRequest, pk: int) -> HttpResponse:
    question = _question(pk)
    return act(
        request,
        lambda: services.delete_question(question),
        done=_("The question was deleted."),
        to=_edit_url(question.section.version) + f"#section-{question.section_id}",
    )


@managers_only
@require_POST
def question_move(request: ViewerRequest, pk: int) -> HttpResponse:
    question = _question(pk)
    return act(
        request,
        lambda: services.move_question(question, _direction(request)),
        done=None,
        to=_edit_url(question.section.version) + f"#question-{question.pk}",
    )
