"""The shape of a page's POST that changes something: call the service, say how it went
in a message, redirect. One helper, so that every such view reads the same and a refused
change (a ``ValidationError`` from the service) always reaches the user as a message in
their language, with nothing changed.

    return act(
        request,
        lambda: services.cancel(conversation, by=request.viewer, reason=reason),
        done=_("The conversation is cancelled."),
        to=reverse("conversations:detail", args=[conversation.pk]),
    )
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


def act[T](
    request: HttpRequest,
    action: Callable[[], T],
    *,
    done: str | Callable[[T], str] | None,
    to: str | Callable[[T], str],
    refused_to: str | None = None,
) -> HttpResponse:
    """Run ``action``; on success show ``done`` (a message, or a function of the result;
    None: no message) and redirect to ``to`` (a URL, or a function of the result); when
    the service refuses, show its reasons and redirect to ``refused_to`` (by default
    ``to``, which must then be a URL)."""
    try:
        result = action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        if refused_to is None and callable(to):
            raise TypeError("act: give refused_to when `to` depends on the result") from error
        return redirect(refused_to if refused_to is not None else to)
    message = done(result) if callable(done) else done
    if message:
        messages.success(request, message)
    return redirect(to(result) if callable(to) else to)
