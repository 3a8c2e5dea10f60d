"""The organisation: units in a tree, people, teams, professional groups, role grants.

Two trees are stored as materialised paths (samtale.lib.paths): the unit tree
(``OrgUnit.path``) and the management line (``Person.line_path``: the ids from the top
leader down to the person). Both are kept by ``samtale.org.services``; nobody else
writes them.
"""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samtale.lib.folding import Folded
from samtale.lib.models import LabelledModel
from samtale.org.queries import OrgUnitQuerySet, PersonQuerySet, TeamQuerySet

if TYPE_CHECKING:
    from django_stubs_ext.db.models.manager import RelatedManager

PATH_LENGTH = 1000


def _path_index(name: str, field: str) -> models.Index:
    # text_pattern_ops lets PostgreSQL use the index for LIKE 'prefix%' in any collation;
    # other databases ignore opclasses.
    return models.Index(fields=[field], name=name, opclasses=["varchar_pattern_ops"])


class OrgUnit(models.Model):
    code = models.CharField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("tree path"), max_length=PATH_LENGTH, editable=False, default="")

    objects: ClassVar[OrgUnitQuerySet] = OrgUnitQuerySet.as_manager()  # type: ignore[assignment]

    if TYPE_CHECKING:
        children: RelatedManager[OrgUnit]
        people: RelatedManager[Person]
        teams: RelatedManager[Team]
        # Set by samtale.org.headcount.with_people_counts and with_child_counts.
        people_count: int
        child_count: int
        child_list: list[OrgUnit]  # samtale.org.tree

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        indexes = [_path_index("orgunit_path_idx", "path")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="orgunit_not_own_parent",
                violation_error_message=_("A unit cannot be its own parent."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.strip("/").count("/") + 1 if self.path else 0

    @property
    def ancestor_ids(self) -> list[int]:
        from samtale.lib.paths import ids_in_path

        return ids_in_path(self.path)[:-1]


class ProfessionalGroup(models.Model):
    """Faggruppe: lærer, pædagog, SSH, ... Data, not code."""

    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("professional group")
        verbose_name_plural = _("professional groups")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="professionalgroup_name_ci_unique",
                violation_error_message=_("A professional group with this name already exists."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """Everyone who takes part: employees, leaders, chiefs, and external people such as a
    board chair (bestyrelsesformand), who have no employee number and no unit.

    A person who leaves gets an end date and is never deleted.
    """

    employee_number = models.CharField(
        _("employee number"), max_length=32, unique=True, null=True, blank=True
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    professional_group = models.ForeignKey(
        ProfessionalGroup,
        verbose_name=_("professional group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    manager = models.ForeignKey(
        "self",
        verbose_name=_("nearest leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    line_path = models.CharField(
        _("management line"), max_length=PATH_LENGTH, editable=False, default=""
    )
    start_date = models.DateField(_("employment start"), null=True, blank=True)
    end_date = models.DateField(_("employment end"), null=True, blank=True)
    weekly_hours = models.DecimalField(
        _("weekly hours"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(80)],
    )
    # Leave (orlov: parental leave, long sick leave, leave of absence): the person stays
    # employed and entitled to the round's conversations, and is listed apart
    # (samtale.rounds.launch). No end date: until further notice.
    leave_from = models.DateField(_("on leave from"), null=True, blank=True)
    leave_until = models.DateField(_("on leave until"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    # The name folded for searching (samtale.org.search, samtale.lib.folding), kept by
    # the database whoever writes the name. Stored so that a search that matches
    # thousands of people does not fold each of their names several times over.
    search_name = models.GeneratedField(
        expression=Folded("name"),
        output_field=models.TextField(),
        db_persist=True,
    )

    objects: ClassVar[PersonQuerySet] = PersonQuerySet.as_manager()  # type: ignore[assignment]

    if TYPE_CHECKING:
        reports: RelatedManager[Person]
        teams: RelatedManager[Team]
        role_grants: RelatedManager[RoleGrant]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "pk"]
        indexes = [
            _path_index("person_line_path_idx", "line_path"),
            models.Index(fields=["unit", "name"], name="person_unit_name_idx"),
            # Active people per unit (samtale.org.headcount): an index-only scan, no heap visits.
            models.Index(fields=["unit", "end_date"], name="person_unit_end_idx"),
            models.Index(Lower("email"), name="person_email_ci_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(leave_until__isnull=True)
                | (Q(leave_from__isnull=False) & Q(leave_until__gte=F("leave_from"))),
                name="person_leave_in_order",
                violation_error_message=_(
                    "Leave ends on or after the day it starts, and has a first day."
                ),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="person_end_after_start",
                violation_error_message=_("Employment cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(manager=F("pk")),
                name="person_not_own_manager",
                violation_error_message=_("A person cannot be their own leader."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_external(self) -> bool:
        """External people (a board chair) have no employee number."""
        return not self.employee_number

    def is_active_on(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.end_date is None or self.end_date >= day

    @property
    def is_active(self) -> bool:
        return self.is_active_on()


class LeaderChange(LabelledModel):
    """A person's nearest leader changed: from whom, to whom and when. Written by every
    path that changes ``Person.manager`` (``samtale.org.services.set_manager``, and the
    people import in bulk), so that access which follows the leader (the development
    plans' handover) knows who led the person before and until when."""

    class Source(models.TextChoices):
        EDIT = "edit", _("Changed in Samtale")
        IMPORT = "import", _("Import")
        SCIM = "scim", _("Identity system (SCIM)")
        HANDOVER = "handover", _("Handed over when the leader left")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="leader_changes"
    )
    previous = models.ForeignKey(
        Person,
        verbose_name=_("previous leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    leader = models.ForeignKey(
        Person,
        verbose_name=_("new leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("changed"), default=timezone.now)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)

    class Meta:
        verbose_name = _("change of leader")
        verbose_name_plural = _("changes of leader")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["person", "at"], name="leader_change_person_idx")]

    def __str__(self) -> str:
        return f"{self.person}: {self.previous} → {self.leader}"


class LeaderHandover(models.Model):
    """A leader who leaves handed over to a successor (``samtale.org.leaving``): who
    chose the successor, when and why, and how much moved."""

    leaver = models.ForeignKey(
        Person, verbose_name=_("leaving leader"), on_delete=models.CASCADE, related_name="+"
    )
    successor = models.ForeignKey(
        Person, verbose_name=_("successor"), on_delete=models.CASCADE, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handed over by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    by_name = models.CharField(_("handed over by (name)"), max_length=200)
    reason = models.TextField(_("reason"))
    at = models.DateTimeField(_("handed over"), default=timezone.now)
    people = models.PositiveIntegerField(_("people moved"), default=0)
    moved = models.JSONField(_("what moved"), default=dict)  # registered work -> count

    class Meta:
        verbose_name = _("handover from a leaving leader")
        verbose_name_plural = _("handovers from leaving leaders")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["leaver", "at"], name="handover_leaver_idx")]

    def __str__(self) -> str:
        return f"{self.leaver} → {self.successor}"


class Team(models.Model):
    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="teams"
    )
    leader = models.ForeignKey(
        Person,
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_teams",
    )
    members = models.ManyToManyField(
        Person, verbose_name=_("members"), related_name="teams", blank=True
    )

    objects: ClassVar[TeamQuerySet] = TeamQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "name"],
                name="team_unique_name_in_unit",
                violation_error_message=_("The unit already has a team with this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    HR = "hr", _("HR")
    TR = "tr", _("Union representative (TR)")
    AMR = "amr", _("Health and safety representative (AMR)")


class RoleGrant(LabelledModel):
    """HR for a unit and everything below it; TR or AMR for a unit (and its sub-units)."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="role_grants"
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="role_grants"
    )

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "role", "unit"],
                name="rolegrant_unique",
                violation_error_message=_("This person already has this role for this unit."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()} – {self.unit}"


class OrgVersion(models.Model):
    """One row whose token changes with every change of people or units, in the same
    transaction: the key under which ``samtale.org.headcount`` caches the head counts."""

    token = models.UUIDField(default=uuid.uuid4)

    class Meta:
        verbose_name = _("organisation version")
        verbose_name_plural = _("organisation versions")

    def __str__(self) -> str:
        return str(self.token)
