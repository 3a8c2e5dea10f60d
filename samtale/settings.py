"""Samtale settings. Everything configurable comes from environment variables.

See README.md ("Configuration") for the full list.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from samtale.lib.env import (
    LOCAL_PAGE_CACHE_ENTRIES,
    EnvError,
    env_bool,
    env_cache,
    env_int,
    env_list,
    env_number,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("SAMTALE_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
# In DEBUG a fixed development key is acceptable; otherwise Samtale refuses to start
# without a real one.
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY (or SECRET_KEY_FILE) to a long random "
            "value, or DEBUG=true for local development."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks_db",
    "ninja",  # the API docs page's own Swagger UI files (no CDN)
    "axes",  # failed logins, limited per account and per address (samtale.access.throttle)
    "samtale.core",
    "samtale.org",
    "samtale.access",
    "samtale.questionnaires",
    "samtale.conversations",
    "samtale.competences",
    "samtale.development",
    "samtale.rounds",
    "samtale.privacy",
    "samtale.scim",
    "samtale.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "samtale.core.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "samtale.core.middleware.DanishFirstLocaleMiddleware",
    "samtale.core.middleware.RefuseNulCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "samtale.access.middleware.ViewerMiddleware",
    "samtale.access.middleware.IdleSessionMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # last: turns a locked-out login into the lockout page (AXES_LOCKOUT_CALLABLE)
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samtale.urls"
WSGI_APPLICATION = "samtale.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samtale.access.context_processors.viewer",
            ],
            # {% url %} without reverse's cost per link (samtale/lib/urls.py)
            "builtins": ["samtale.lib.urltag"],
            # {% reuse %}: the layout's parts rendered once per process (samtale/lib/reuse.py)
            # {% kept_csrf_token %}: forms inside a kept part (samtale/lib/keptforms.py)
            "libraries": {"reuse": "samtale.lib.reuse", "keptforms": "samtale.lib.keptforms"},
        },
    },
]
# Form widgets rendered by Jinja2 (Django's own widget templates, in their Jinja2 form;
# the admin's by Django's engine): samtale/lib/renderers.py.
FORM_RENDERER = "samtale.lib.renderers.WidgetRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'samtale.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the server and a background import share the file.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif env_bool("DATABASE_PREPARED_STATEMENTS", True):
    # PostgreSQL plans a query each time it is sent; prepared statements (server-side
    # parameters, prepared from the fifth use on a connection) keep the plans of a
    # connection's repeated queries: half of PostgreSQL's CPU on a page. Off (false)
    # behind a transaction-pooling proxy that does not keep track of them (pgbouncer
    # before 1.21, or without max_prepared_statements).
    DATABASES["default"]["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 5}
# The planner's price of reading a row through an index, set on every PostgreSQL
# connection (samtale/core/database.py); empty: the server's own.
DATABASE_RANDOM_PAGE_COST = env_number("DATABASE_RANDOM_PAGE_COST", 1.1)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# What is costly to count (head counts, the competence overview's counts, the menu's
# answers) is kept in a cache: by default each process's own memory; with several
# processes or machines, one Redis shared by all (CACHE_URL=redis://host:6379/0), so
# that a count made by one serves all and survives a restart. CACHE_KEY_PREFIX keeps
# installations sharing a Redis apart.
CACHE_KEY_PREFIX = env_str("CACHE_KEY_PREFIX", "samtale")
CACHES = {
    "default": env_cache("CACHE_URL", CACHE_KEY_PREFIX),
    # Rendered parts of pages (the org pages' lists, samtale.org.kept): a store of their
    # own (in each process's memory at most LOCAL_PAGE_CACHE_ENTRIES of 10-15 kB), so
    # that many pages never push the costly counts out; the same Redis with CACHE_URL.
    "pages": env_cache("CACHE_URL", f"{CACHE_KEY_PREFIX}-pages", entries=LOCAL_PAGE_CACHE_ENTRIES),
}

AUTH_USER_MODEL = "access.User"
# ViewerBackend loads the user and their person in one query (samtale.access.backends);
# ModelBackend only loads the users of sessions made before it.
AUTHENTICATION_BACKENDS = [
    # first: refuses a login while the account or the address is locked out
    "samtale.access.throttle.LockoutBackend",
    "samtale.access.backends.OidcBackend",  # single sign-on (docs/sso.md); idle unless configured
    "samtale.access.backends.ViewerBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Single sign-on with OpenID Connect (samtale.access.oidc, docs/sso.md): on when an issuer
# is set. The provider's endpoints come from its discovery document, read when first needed.
SAMTALE_OIDC_ISSUER = env_str("SAMTALE_OIDC_ISSUER", "").rstrip("/")
SAMTALE_OIDC_CLIENT_ID = env_str("SAMTALE_OIDC_CLIENT_ID", "")
SAMTALE_OIDC_CLIENT_SECRET = env_str("SAMTALE_OIDC_CLIENT_SECRET", "")
SAMTALE_OIDC_SCOPES = env_str("SAMTALE_OIDC_SCOPES", "openid email profile")
# The claim that names the person, and the person's field it is compared with.
SAMTALE_OIDC_CLAIM = env_str("SAMTALE_OIDC_CLAIM", "email")
SAMTALE_OIDC_MATCH = env_str("SAMTALE_OIDC_MATCH", "email")
if SAMTALE_OIDC_MATCH not in {"email", "employee_number"}:
    raise EnvError(f"SAMTALE_OIDC_MATCH={SAMTALE_OIDC_MATCH!r}: expected email or employee_number")
SAMTALE_OIDC_SIGN_ALGO = env_str("SAMTALE_OIDC_SIGN_ALGO", "RS256")
SAMTALE_OIDC_BUTTON = env_str("SAMTALE_OIDC_BUTTON", "")
# false: no password form; people log in through the provider only. A login without a
# person (an administrator) still uses its password on /admin/login/.
SAMTALE_PASSWORD_LOGIN = env_bool("SAMTALE_PASSWORD_LOGIN", True)
if SAMTALE_OIDC_ISSUER and not (SAMTALE_OIDC_CLIENT_ID and SAMTALE_OIDC_CLIENT_SECRET):
    raise EnvError(
        "SAMTALE_OIDC_ISSUER is set: SAMTALE_OIDC_CLIENT_ID and SAMTALE_OIDC_CLIENT_SECRET "
        "are needed too"
    )
if not SAMTALE_PASSWORD_LOGIN and not SAMTALE_OIDC_ISSUER:
    raise EnvError("SAMTALE_PASSWORD_LOGIN=false needs single sign-on: set SAMTALE_OIDC_ISSUER")
# mozilla-django-oidc's own settings; the endpoints are set per request from discovery.
OIDC_RP_CLIENT_ID = SAMTALE_OIDC_CLIENT_ID
OIDC_RP_CLIENT_SECRET = SAMTALE_OIDC_CLIENT_SECRET
OIDC_RP_SIGN_ALGO = SAMTALE_OIDC_SIGN_ALGO
OIDC_RP_SCOPES = SAMTALE_OIDC_SCOPES
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_STORE_ID_TOKEN = True  # the hint for logging out at the provider
OIDC_CREATE_USER = False
OIDC_TIMEOUT = 10
LOGIN_REDIRECT_URL_FAILURE = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates per language: "25. november 2026" and "25 November 2026" (samtale/formats).
FORMAT_MODULE_PATH = ["samtale.formats"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # DKFDS's compiled CSS, JS, fonts and icons (not its sources), keeping dist/'s layout
    # because the CSS refers to ../fonts and ../img.
    *(
        (f"dkfds/{part}", BASE_DIR / "node_modules" / "dkfds" / "dist" / part)
        for part in ("css", "js", "fonts", "img")
    ),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

# E-mail: SMTP by default; the demo uses the console backend (Django 6.1 MAILERS).
EMAIL_BACKEND_PATH = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
_mail_options: dict[str, object] = {}
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    _mail_options = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": env_str("EMAIL_HOST_USER", ""),
        "password": env_str("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "use_ssl": env_bool("EMAIL_USE_SSL", False),
        "timeout": env_int("EMAIL_TIMEOUT", 30),
    }
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH, "OPTIONS": _mail_options}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Samtale <samtale@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (Django's Tasks API): the django-tasks-db database backend, run by
# `samtale db_worker`; `immediate` runs each task at once in the process that enqueues
# it (the demo and tests). Any other value is a backend's dotted path.
_TASKS_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
TASKS = {"default": {"BACKEND": _TASKS_BACKENDS.get(TASKS_BACKEND, TASKS_BACKEND)}}

# Costly counts (the competence overview) are shown from the cache while a thread of the
# same process counts them again after a change (samtale.lib.refreshing); the tests count
# at once instead.
REFRESH_IN_BACKGROUND = True
# {% reuse %} (samtale.lib.reuse) renders a kept part again each time and fails when the
# text differs: on in the tests.
REUSE_CHECK = False

# Content-Security-Policy: only our own scripts, styles, fonts and images.
SECURE_CSP: dict[str, list[str]] = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
if SAMTALE_OIDC_ISSUER:
    # Logging out of single sign-on sends the browser on from the logout form to the
    # provider's end-session endpoint, on the issuer's host: the form may go there.
    SECURE_CSP["form-action"].append(
        "{0.scheme}://{0.netloc}".format(urlsplit(SAMTALE_OIDC_ISSUER))
    )

# Django's database sessions, read with a query compiled once (samtale.access.sessions).
SESSION_ENGINE = "samtale.access.sessions"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG and SITE_URL.startswith("https"))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# Shared staff-room PCs: a login ends when the browser closes, and after
# SESSION_IDLE_MINUTES without a request (the session's expiry moves forward at most once
# a minute, samtale.access.middleware.IdleSessionMiddleware).
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
if SESSION_IDLE_MINUTES < 1:
    raise EnvError(
        f"SESSION_IDLE_MINUTES={SESSION_IDLE_MINUTES}: expected a whole number of at least 1"
    )
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Behind the TLS proxy the README describes: HTTPS is the proxy's, and so is the client's
# address (the last X-Forwarded-For entry, samtale.access.throttle.client_address).
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Plain HTTP is sent to HTTPS, and browsers told to keep to it (HSTS), whenever the public
# address is https (SITE_URL) outside development.
_HTTPS = not DEBUG and SITE_URL.startswith("https://")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _HTTPS)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if _HTTPS else 0)
# The subdomains of Samtale's own host name (not of the organisation's domain).
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", _HTTPS)
# Not on the browsers' preload list: it takes a whole registrable domain (kommune.dk),
# which is the organisation's decision, not Samtale's; so its check is silenced.
SECURE_HSTS_PRELOAD = False
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Failed logins (django-axes): an account is locked after LOGIN_FAILURE_LIMIT failures
# from any address, an address after LOGIN_ADDRESS_FAILURE_LIMIT failures on any accounts
# (higher: a whole town hall may share one address), each for LOGIN_COOLOFF_MINUTES after
# the last failure. Kept in the database, so every app server counts the same.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
SAMTALE_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 30)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # the order throttle.Handler reads
AXES_HANDLER = "samtale.access.throttle.Handler"
AXES_CLIENT_IP_CALLABLE = "samtale.access.throttle.client_address"
AXES_USERNAME_CALLABLE = "samtale.access.throttle.username"
AXES_LOCKOUT_CALLABLE = "samtale.access.throttle.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ADMIN = True
AXES_VERBOSE = False
# Password-reset mails, per hour: to one account, and asked for from one address (kept
# in the cache; with several app servers give them a shared cache).
SAMTALE_PASSWORD_RESETS_PER_HOUR = env_int("PASSWORD_RESETS_PER_HOUR", 3)
SAMTALE_PASSWORD_RESETS_PER_ADDRESS_PER_HOUR = env_int("PASSWORD_RESETS_PER_ADDRESS_PER_HOUR", 20)
for _name, _value in (
    ("LOGIN_FAILURE_LIMIT", AXES_FAILURE_LIMIT),
    ("LOGIN_ADDRESS_FAILURE_LIMIT", SAMTALE_LOGIN_ADDRESS_FAILURE_LIMIT),
    ("PASSWORD_RESETS_PER_HOUR", SAMTALE_PASSWORD_RESETS_PER_HOUR),
    ("PASSWORD_RESETS_PER_ADDRESS_PER_HOUR", SAMTALE_PASSWORD_RESETS_PER_ADDRESS_PER_HOUR),
):
    if _value < 1:
        raise EnvError(f"{_name}={_value}: expected a whole number of at least 1")

# Samtale's own settings
SAMTALE_ORGANISATION_NAME = env_str("SAMTALE_ORGANISATION_NAME", "Samtale")
SAMTALE_PAGE_SIZE = env_int("SAMTALE_PAGE_SIZE", 50)
SAMTALE_IMPORT_MAX_UPLOAD_MB = env_int("SAMTALE_IMPORT_MAX_UPLOAD_MB", 20)
# Most cells an imported file may hold (after trailing blank cells are dropped): keeps the
# memory of reading it bounded, whatever dimension the file declares.
SAMTALE_IMPORT_MAX_CELLS = env_int("SAMTALE_IMPORT_MAX_CELLS", 1_000_000)
# Largest document (PDF, DOCX, XLSX) that can be attached to a conversation.
SAMTALE_DOCUMENT_MAX_MB = env_int("SAMTALE_DOCUMENT_MAX_MB", 10)
# The smallest group an aggregate above a leader's own people may show (k-anonymity,
# samtale.lib.anonymity): a number built from fewer people is hidden.
SAMTALE_MIN_GROUP = env_int("SAMTALE_MIN_GROUP", 5)
if SAMTALE_MIN_GROUP < 1:
    raise EnvError(f"SAMTALE_MIN_GROUP={SAMTALE_MIN_GROUP}: expected a whole number of at least 1")
# Retention (samtale retention, docs/privacy.md): the read log is kept this many years;
# a person who has left is erased this many years after their last day. A conversation's
# content is kept as long as its kind says (ConversationKind.retention_years).
SAMTALE_READ_LOG_YEARS = env_int("SAMTALE_READ_LOG_YEARS", 5)
SAMTALE_LEAVER_YEARS = env_int("SAMTALE_LEAVER_YEARS", 5)
for _name, _years in (
    ("SAMTALE_READ_LOG_YEARS", SAMTALE_READ_LOG_YEARS),
    ("SAMTALE_LEAVER_YEARS", SAMTALE_LEAVER_YEARS),
):
    if _years < 1:
        raise EnvError(f"{_name}={_years}: expected a whole number of years, at least 1")

# Days a person's former nearest leader still reads the person's development plans after
# the person got a new leader (samtale.development.policy); then the access ends.
SAMTALE_PLAN_HANDOVER_DAYS = env_int("SAMTALE_PLAN_HANDOVER_DAYS", 30)
if SAMTALE_PLAN_HANDOVER_DAYS < 0:
    raise EnvError(
        f"SAMTALE_PLAN_HANDOVER_DAYS={SAMTALE_PLAN_HANDOVER_DAYS}: expected 0 or more days"
    )


# Hours HR's workbook of development plans is kept for its asker to download; then the
# daily ``samtale prune_plan_exports`` deletes the file (the record stays).
SAMTALE_EXPORT_KEEP_HOURS = env_int("SAMTALE_EXPORT_KEEP_HOURS", 24)
if SAMTALE_EXPORT_KEEP_HOURS < 1:
    raise EnvError(f"SAMTALE_EXPORT_KEEP_HOURS={SAMTALE_EXPORT_KEEP_HOURS}: expected 1 or more")


def _days(name: str, default: list[str]) -> list[int]:
    """A comma list of whole days, largest first."""
    days = env_list(name, default)
    if not all(day.isdecimal() for day in days):
        raise EnvError(f"{name}={','.join(days)!r}: expected whole days, e.g. 7,1")
    return sorted({int(day) for day in days}, reverse=True)


# Days before a conversation its reminders go out, e.g. "7,1" (0: on the day itself); a
# reminder that falls on a weekend or holiday goes out on the workday before.
SAMTALE_REMINDER_DAYS = _days("SAMTALE_REMINDER_DAYS", ["2"])
# Days before a requested follow-up's deadline the leader is reminded (the deadline is
# the follow-up kind's number of days after the request, moved off weekends and holidays).
SAMTALE_FOLLOW_UP_REMINDER_DAYS = _days("SAMTALE_FOLLOW_UP_REMINDER_DAYS", ["7", "2"])
# Days before a round's "invitations sent by" date the leaders who have neither offered
# times nor invited, and the people who have not booked an offered time, are reminded
# (0: on the date itself); samtale.rounds.reminders.
SAMTALE_ROUND_REMINDER_DAYS = _days("SAMTALE_ROUND_REMINDER_DAYS", ["7", "0"])
# Days before a round's conversation the person is reminded to prepare and share it.
SAMTALE_PREPARATION_REMINDER_DAYS = _days("SAMTALE_PREPARATION_REMINDER_DAYS", ["3"])
# Which Danish holidays are days off (samtale.lib.workdays): "public", or "public,optional"
# to add 1 May, Grundlovsdag, 24 and 31 December.
SAMTALE_HOLIDAYS = env_list("SAMTALE_HOLIDAYS", ["public"])
if not SAMTALE_HOLIDAYS or not set(SAMTALE_HOLIDAYS) <= {"public", "optional"}:
    raise EnvError(
        f"SAMTALE_HOLIDAYS={','.join(SAMTALE_HOLIDAYS)!r}: expected public or public,optional"
    )
DATA_UPLOAD_MAX_MEMORY_SIZE = SAMTALE_IMPORT_MAX_UPLOAD_MB * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
