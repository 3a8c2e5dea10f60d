"""A test-only page that hosts questionnaires/_fill.html, so the browser test of
autosaving does not depend on any conversation page. Used with ROOT_URLCONF in
e2e/test_questionnaire_fill.py; never part of the real site."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template import RequestContext, Template
from django.urls import path

from samtale.questionnaires.filling import fill_context, save_from_post
from samtale.questionnaires.models import Response
from samtale.urls import urlpatterns as site_urlpatterns

PAGE = Template(
    '{% extends "base.html" %}{% block title %}Test{% endblock %}'
    '{% block content %}<h1>Test</h1>{% include "questionnaires/_fill.html" %}{% endblock %}'
)


def fill_page(request: HttpRequest, pk: int) -> HttpResponse:
    response = get_object_or_404(Response, pk=pk)
    context = fill_context(response, save_url=f"/test-fill/{pk}/save/")
    return HttpResponse(PAGE.render(RequestContext(request, context)))


def fill_save(request: HttpRequest, pk: int) -> HttpResponse:
    return save_from_post(request, get_object_or_404(Response, pk=pk))


urlpatterns = [
    path("test-fill/<int:pk>/", fill_page),
    path("test-fill/<int:pk>/save/", fill_save),
    *site_urlpatterns,
]
