from __future__ import annotations

import logging
from typing import Any

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from mozilla_django_oidc import views as oidc_views

from samtale.access import oidc
from samtale.access.forms import LoginForm, ResetForm

log = logging.getLogger("samtale.access.oidc")


class LoginView(auth_views.LoginView):
    template_name = "access/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.SAMTALE_PASSWORD_LOGIN:
            return redirect(request.get_full_path())
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso_label"] = oidc.button_label() if oidc.enabled() else ""
        context["password_login"] = settings.SAMTALE_PASSWORD_LOGIN
        return context


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "access/password_reset.html"
    form_class = ResetForm
    email_template_name = "emails/password-reset-body.txt"
    html_email_template_name = "emails/password-reset-body.html"
    subject_template_name = "emails/password-reset-subject.txt"

    @method_decorator(login_not_required)
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not settings.SAMTALE_PASSWORD_LOGIN:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class OidcLoginView(oidc_views.OIDCAuthenticationRequestView):
    """Sends the browser to the provider (code flow, PKCE, nonce); ``?next=`` is kept."""

    def __init__(self, **kwargs: Any) -> None:
        super(oidc_views.OIDCAuthenticationRequestView, self).__init__(**kwargs)
        self.OIDC_RP_CLIENT_ID = settings.SAMTALE_OIDC_CLIENT_ID

    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc.enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = oidc.provider()["authorization_endpoint"]
        except (requests.RequestException, ValueError, KeyError, ImproperlyConfigured) as error:
            log.error("Single sign-on: the provider's discovery failed: %s", error)
            messages.error(request, oidc.Refusal.FAILED.message)
            return redirect("login")
        return super().get(request)

    def get_extra_params(self, request: HttpRequest) -> dict[str, str]:
        return {"redirect_uri": oidc.callback_url()}


class OidcCallbackView(oidc_views.OIDCAuthenticationCallbackView):
    """The provider's answer: logged in, or back to the login page with the reason."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc.enabled():
            raise Http404
        try:
            return super().get(request)
        except ImproperlyConfigured as error:
            log.error("Single sign-on is misconfigured: %s", error)
            return self.login_failure()
        except (SuspiciousOperation, requests.RequestException, ValueError) as error:
            log.warning("Single sign-on failed: %s", error)
            return self.login_failure()

    def login_failure(self) -> HttpResponse:
        refusal = getattr(self.request, "samtale_oidc_refusal", oidc.Refusal.FAILED)
        messages.error(self.request, refusal.message)
        return HttpResponseRedirect(reverse("login"))


class LogoutView(oidc_views.OIDCLogoutView):
    """Logs out of Samtale, and of the provider too when the login came from it."""

    http_method_names = ["post"]

    @property
    def redirect_url(self) -> str:
        return str(reverse("login"))

    def post(self, request: HttpRequest) -> HttpResponse:
        url = oidc.provider_logout_url(request) if request.user.is_authenticated else None
        response = super().post(request)
        return HttpResponseRedirect(url) if url else response
