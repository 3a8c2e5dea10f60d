"""``/api/v1/``: the API's operations, its OpenAPI schema (``openapi.json``) and docs page
(``docs``). Every address under it but the docs page answers JSON: the operations refuse
an anonymous call with 401 themselves (instead of the site's redirect to the login
page), and an unknown address answers 404. The docs page is a page like any other: log
in first. No answer may be kept by a browser's or proxy's cache: they are personal."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path, re_path
from django.views.decorators.cache import never_cache

from samtale.api.api import api

_patterns, _app_name, _namespace = api.urls

app_name = _namespace


@never_cache
@login_not_required
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return api.on_exception(request, Http404())


def _answers_json(pattern: URLPattern | URLResolver) -> URLPattern | URLResolver:
    if not isinstance(pattern, URLPattern) or pattern.name == "openapi-view":
        return pattern
    if pattern.name == "api-root":
        # Ninja finds the API's own address by this name; its view answers HTML.
        return path("", not_found, name="api-root")
    # never_cache keeps the view's own marks (csrf_exempt, login_required) with wraps.
    pattern.callback = never_cache(login_not_required(pattern.callback))
    return pattern


urlpatterns: list[URLPattern | URLResolver] = [
    *(_answers_json(p) for p in _patterns),
    re_path(r"^(?P<rest>.*)$", not_found),
]
