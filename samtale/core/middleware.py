"""The project's own middleware.

Danish first: the language is Danish unless the user has chosen English with the
language switch (stored in the language cookie). The browser's Accept-Language header
is not consulted: many Danes run English browsers and still expect Danish here.

Also: no NUL characters in any text input (RefuseNulCharactersMiddleware), and no answer
kept in the browser's cache (NoStoreMiddleware)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse, QueryDict
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _


def chosen_language(request: HttpRequest) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    supported = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in supported else settings.LANGUAGE_CODE


class DanishFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        response.headers.setdefault("Content-Language", translation.get_language() or "da")
        return response


NUL = "\x00"
# The API answers every invalid request with 422 and its own shape (samtale.api.api).
API_PREFIX = "/api/"


def _nul_in(data: QueryDict) -> str | None:
    """The name of the first field whose name or value holds a NUL."""
    for key, values in data.lists():
        if NUL in key or any(NUL in value for value in values):
            return key.replace(NUL, "")
    return None


def _json_has_nul(body: bytes) -> bool:
    # A NUL reaches a JSON string only escaped (\u0000) or raw; either is refused.
    return b"\x00" in body or b"\\u0000" in body.lower()


class RefuseNulCharactersMiddleware:
    """No text input may hold a NUL character (U+0000): PostgreSQL cannot store it in a
    text column and would answer 500, and no one types it. Every request is checked here,
    once, before any view (forms, htmx autosaves, search boxes, the API): the path, the
    query string, the posted form fields (not uploaded files' contents) and a JSON body.
    Such a request is refused with 400 and a message (the API: 422, in its own shape);
    nothing is stored."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        where = self._nul_at(request)
        if where is None:
            return self.get_response(request)
        message = _("The text holds an invalid character (NUL). Remove it and try again.")
        if request.path.startswith(API_PREFIX):
            problem = {"loc": list(where), "msg": "NUL character"}
            return JsonResponse({"detail": message, "errors": [problem]}, status=422)
        if request.headers.get("HX-Request"):
            return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
        return render(request, "bad_request.html", {"message": message}, status=400)

    @staticmethod
    def _nul_at(request: HttpRequest) -> tuple[str, ...] | None:
        """Where the NUL is, as the API names it (("query", "q"), ("body",) ...)."""
        if NUL in request.path:
            return ("path",)
        if (name := _nul_in(request.GET)) is not None:
            return ("query", name)
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return None
        if request.content_type == "application/json":
            return ("body",) if _json_has_nul(request.body) else None
        if (name := _nul_in(request.POST)) is not None:
            return ("form", name)
        return None


class NoStoreMiddleware:
    """Every answer of the application is marked ``Cache-Control: no-store``: pages show
    conversations, preparations, notes and plans, and on a shared staff-room PC the next
    person must not find them in the browser's cache or behind its Back button. Static
    files do not pass here (WhiteNoise answers them earlier, cacheable)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        patch_cache_control(response, no_store=True)
        return response
