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

A page whose form a service saves (the form shown again with the service's reasons on
it) uses ``save_form`` instead.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
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


def save_form[T](form: forms.BaseForm, action: Callable[..., T]) -> T | None:
    """A page's form that a service saves: if the form is valid, call ``action`` with its
    cleaned data and return what it returns; a ``ValidationError`` from the service lands
    on the form (on the field it names when the form has that field, else above the
    fields). None: the form is shown again with its errors."""
    if not form.is_valid():
        return None
    try:
        return action(**form.cleaned_data)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None
