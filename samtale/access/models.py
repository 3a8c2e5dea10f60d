"""Login accounts. A person (org.Person) may have one; an administrator may have no person."""

from __future__ import annotations

import secrets
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)  # None gives an unusable password
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username or "")


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail"), unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("administrator"),
        default=False,
        help_text=_("May use the administration pages."),
    )
    date_joined = models.DateTimeField(_("created"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_ci_unique",
                violation_error_message=_("A user with this e-mail already exists."),
            )
        ]

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        person = getattr(self, "person", None)
        return person.name if person is not None else self.email

    def get_short_name(self) -> str:
        return self.get_full_name()


class ReadLog(models.Model):
    """Every read of someone else's conversation content: who, what, when.

    ``subject_type``/``subject_id`` name the thing read (e.g. a conversation) without this
    layer knowing the domain; ``what`` says which part (the summary, a preparation)."""

    reader = models.ForeignKey(
        "access.User",
        verbose_name=_("read by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reader_name = models.CharField(_("reader's name"), max_length=200)
    subject_type = models.CharField(_("type"), max_length=50)
    subject_id = models.PositiveBigIntegerField(_("id"))
    what = models.CharField(_("what"), max_length=200)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("read")
        verbose_name_plural = _("read log")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id", "at"], name="readlog_subject_idx")
        ]

    def __str__(self) -> str:
        return f"{self.reader_name}: {self.what}"


class PasswordResetRequest(models.Model):
    """A password reset asked for: to which e-mail address, from which client address,
    when. Counted to limit the mails (``samtale.access.throttle.may_send_reset``); kept a
    day."""

    email = models.CharField(_("e-mail"), max_length=254)
    address = models.CharField(_("address"), max_length=64)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("password reset asked for")
        verbose_name_plural = _("password resets asked for")
        indexes = [models.Index(fields=["at"], name="passwordreset_at_idx")]

    def __str__(self) -> str:
        return f"{self.email} ({self.address})"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeedToken(models.Model):
    """A person's secret calendar-feed address (``/samtaler/kalender/<token>.ics``).

    Whoever knows the address sees the kind, time, place and participants of the person's
    conversations (never their content), so it can be revoked at any time; a new address
    gets a new token. A person has at most one active token.

    The token is stored as it is (not hashed), so the person can see and copy their
    address again, e.g. for a second device: the feed only shows what an invitation
    shows, and revoking it is one click.
    """

    person = models.ForeignKey(
        "org.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="calendar_feed_tokens",
    )
    token = models.CharField(
        _("token"), max_length=64, unique=True, default=new_feed_token, editable=False
    )
    created = models.DateTimeField(_("created"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed address")
        verbose_name_plural = _("calendar feed addresses")
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(revoked_at__isnull=True),
                name="calendarfeedtoken_one_active",
                violation_error_message=_("This person already has a calendar feed address."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {'revoked' if self.revoked_at else 'active'}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class OidcIdentity(models.Model):
    """A login's subject at an OpenID Connect provider (``samtale.access.oidc``).

    Recorded the first time the person logs in through the provider; from then on that
    login answers only to that subject, so a claim (an e-mail address, an employee number)
    that later names someone else cannot take the login over."""

    user = models.ForeignKey(
        "access.User",
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="oidc_identities",
    )
    issuer = models.CharField(_("provider (issuer)"), max_length=400)
    subject = models.CharField(_("subject at the provider"), max_length=255)
    created = models.DateTimeField(_("created"), default=timezone.now)
    last_login = models.DateTimeField(_("last logged in"), default=timezone.now)

    class Meta:
        verbose_name = _("single sign-on identity")
        verbose_name_plural = _("single sign-on identities")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="oidcidentity_subject"),
            models.UniqueConstraint(fields=["issuer", "user"], name="oidcidentity_one_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.subject}"
