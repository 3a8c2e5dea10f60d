"""SCIM's own records: the bearer tokens identity systems use, the SCIM names of the
people they provision, and a log of every SCIM write. The people themselves are
``samtale.org.Person``; SCIM changes them through the import's rules
(``samtale.scim.services``)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samtale.lib.models import LabelledModel


class ScimToken(models.Model):
    """A bearer token for an identity system (Entra ID, ...). Only the SHA-256 of the
    secret is kept; the secret is shown once, when the token is made."""

    name = models.CharField(_("name"), max_length=100)
    secret_hash = models.CharField(
        _("secret (SHA-256)"), max_length=64, unique=True, editable=False
    )
    created_by = models.ForeignKey(
        "org.Person",
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("SCIM token")
        verbose_name_plural = _("SCIM tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ScimIdentity(models.Model):
    """What the identity system calls a person: its ``userName`` and ``externalId``
    (Entra ID's object id). The rest of a SCIM user is the person's own data."""

    person = models.OneToOneField(
        "org.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="scim"
    )
    user_name = models.CharField(_("user name"), max_length=254, unique=True)
    external_id = models.CharField(_("external id"), max_length=254, blank=True, db_index=True)
    # Deleted through SCIM: the person stays in Samtale (their employment ended), but
    # SCIM no longer finds them, until the identity system creates them again.
    deleted_at = models.DateTimeField(_("deleted in SCIM"), null=True, blank=True)

    class Meta:
        verbose_name = _("SCIM identity")
        verbose_name_plural = _("SCIM identities")

    def __str__(self) -> str:
        return self.user_name


class ScimChange(LabelledModel):
    """One write through SCIM: which token (kept by name, the token may go), whom and
    what. The changes of leader it makes are also ``org.LeaderChange`` (source SCIM)."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        REPLACE = "replace", _("Replaced")
        PATCH = "patch", _("Changed")
        DEACTIVATE = "deactivate", _("Deactivated")

    token = models.ForeignKey(
        ScimToken, verbose_name=_("token"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    token_name = models.CharField(_("by"), max_length=100)
    person = models.ForeignKey(
        "org.Person",
        verbose_name=_("person"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    fields = models.CharField(_("changed fields"), max_length=500, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("SCIM change")
        verbose_name_plural = _("SCIM changes")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.token_name}: {self.get_action_display()} {self.person}"
