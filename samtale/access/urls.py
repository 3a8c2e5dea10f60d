from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path

from samtale.access import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", login_not_required(views.LogoutView.as_view()), name="logout"),
    path(
        "login/sso/",
        login_not_required(views.OidcLoginView.as_view()),
        name="oidc_authentication_init",
    ),
    path(
        "login/sso/callback/",
        login_not_required(views.OidcCallbackView.as_view()),
        name="oidc_authentication_callback",
    ),
    path(
        "password/reset/",
        views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="access/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="access/password_reset_confirm.html"
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="access/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
