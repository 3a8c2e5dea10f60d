"""The competence catalogue (categories, competences with four levels), the profiles per
professional group with their local variants per unit, and the future needs.

Everything here is the organisation's data, not conversation content.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from samtale.org.models import OrgUnit, Person, ProfessionalGroup

if TYPE_CHECKING:
    from django_stubs_ext.db.models.manager import RelatedManager

LEVELS = (1, 2, 3, 4)
# What the catalogue's levels are called (each competence describes its own four).
LEVEL_NAMES = {
    1: _("Beginner"),
    2: _("Independent"),
    3: _("Experienced"),
    4: _("Expert"),
}
LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(4)]


class CompetenceCategory(models.Model):
    """Faglige, personlige, sociale, ledelsesmæssige, ..."""

    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    if TYPE_CHECKING:
        competences: RelatedManager[Competence]

    class Meta:
        verbose_name = _("competence category")
        verbose_name_plural = _("competence categories")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="competencecategory_name_ci_unique",
                violation_error_message=_("A category with this name already exists."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class CompetenceQuerySet(models.QuerySet["Competence"]):
    def active(self) -> CompetenceQuerySet:
        return self.filter(active=True)

    def in_catalogue_order(self) -> CompetenceQuerySet:
        return self.select_related("category").order_by(
            "category__order", "category__name", "order", "name", "pk"
        )


class Competence(models.Model):
    """A competence with a description of each of its four levels (1: begynder, 4: ekspert
    in the catalogue's own words). Retired (not active) competences stay for history."""

    category = models.ForeignKey(
        CompetenceCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="competences",
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    level_1 = models.TextField(_("level 1"))
    level_2 = models.TextField(_("level 2"))
    level_3 = models.TextField(_("level 3"))
    level_4 = models.TextField(_("level 4"))
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = CompetenceQuerySet.as_manager()

    if TYPE_CHECKING:
        category_id: int

    class Meta:
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="competence_name_ci_unique",
                violation_error_message=_("A competence with this name already exists."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def levels(self) -> list[tuple[int, str]]:
        return [(n, getattr(self, f"level_{n}")) for n in LEVELS]

    @property
    def grid_key(self) -> str:
        """The competence's row key in a competence grid (stable: its primary key)."""
        return f"c{self.pk}"


class CompetenceProfile(models.Model):
    """The required levels for a professional group. Without a unit it is the group's
    profile for the whole organisation; with a unit it is a local variant that holds in
    that unit and below (the nearest unit's variant wins)."""

    group = models.ForeignKey(
        ProfessionalGroup,
        verbose_name=_("professional group"),
        on_delete=models.PROTECT,
        related_name="competence_profiles",
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="competence_profiles",
    )
    updated = models.DateTimeField(_("updated"), auto_now=True)

    if TYPE_CHECKING:
        requirements: RelatedManager[ProfileRequirement]
        group_id: int
        unit_id: int | None

    class Meta:
        verbose_name = _("competence profile")
        verbose_name_plural = _("competence profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["group"],
                condition=Q(unit__isnull=True),
                name="competenceprofile_one_per_group",
                violation_error_message=_("This professional group already has a profile."),
            ),
            models.UniqueConstraint(
                fields=["group", "unit"],
                name="competenceprofile_one_per_group_and_unit",
                violation_error_message=_(
                    "This professional group already has a profile for this unit."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} ({self.unit})" if self.unit_id else str(self.group)


class ProfileRequirement(models.Model):
    profile = models.ForeignKey(
        CompetenceProfile, on_delete=models.CASCADE, related_name="requirements"
    )
    competence = models.ForeignKey(
        Competence,
        verbose_name=_("competence"),
        on_delete=models.PROTECT,
        related_name="requirements",
    )
    level = models.PositiveSmallIntegerField(_("required level"), validators=LEVEL_VALIDATORS)

    if TYPE_CHECKING:
        competence_id: int
        profile_id: int

    class Meta:
        verbose_name = _("required level")
        verbose_name_plural = _("required levels")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "competence"], name="profilerequirement_once_per_profile"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=4), name="profilerequirement_level_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competence}: {self.level}"


class FutureNeed(models.Model):
    """A competence the organisation, a forvaltning or a unit will need at a level within
    a number of years (the unit: the top unit for the whole organisation)."""

    competence = models.ForeignKey(
        Competence,
        verbose_name=_("competence"),
        on_delete=models.PROTECT,
        related_name="future_needs",
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="future_needs"
    )
    level = models.PositiveSmallIntegerField(_("level needed"), validators=LEVEL_VALIDATORS)
    needed_within_years = models.PositiveSmallIntegerField(
        _("needed within (years)"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    note = models.TextField(_("why"), blank=True)
    created_by = models.ForeignKey(
        Person,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    if TYPE_CHECKING:
        competence_id: int
        unit_id: int

    class Meta:
        verbose_name = _("future need")
        verbose_name_plural = _("future needs")
        ordering = ["needed_within_years", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["competence", "unit"],
                name="futureneed_once_per_unit",
                violation_error_message=_("This unit already has this competence as a need."),
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=4), name="futureneed_level_1_to_4"
            ),
            models.CheckConstraint(
                condition=Q(needed_within_years__gte=1, needed_within_years__lte=10),
                name="futureneed_years_1_to_10",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competence} ({self.unit})"


class AgreedLevel(models.Model):
    """A competence's level for a person as agreed in a conversation's summary.

    The leader records the agreed levels with the summary (one row per competence and
    summary version); they hold from the day the conversation was held once the person
    has accepted that version. The accepted row is the person's *current* level for the
    competence (``current``: at most one per person and competence, the latest accepted);
    earlier accepted rows are the person's history. Rows of a version not (yet) accepted
    are proposals and never count in the overview.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="agreed_levels"
    )
    competence = models.ForeignKey(
        Competence,
        verbose_name=_("competence"),
        on_delete=models.PROTECT,
        related_name="agreed_levels",
    )
    level = models.PositiveSmallIntegerField(_("agreed level"), validators=LEVEL_VALIDATORS)
    summary = models.ForeignKey(
        "conversations.SummaryVersion",
        verbose_name=_("summary"),
        on_delete=models.CASCADE,
        related_name="agreed_levels",
    )
    agreed_on = models.DateField(_("agreed on"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    current = models.BooleanField(_("current"), default=False)

    if TYPE_CHECKING:
        person_id: int
        competence_id: int
        summary_id: int

    class Meta:
        verbose_name = _("agreed level")
        verbose_name_plural = _("agreed levels")
        ordering = ["-agreed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["summary", "competence"], name="agreedlevel_once_per_summary"
            ),
            models.UniqueConstraint(
                fields=["person", "competence"],
                condition=Q(current=True),
                name="agreedlevel_one_current",
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=4), name="agreedlevel_level_1_to_4"
            ),
            models.CheckConstraint(
                condition=Q(current=False) | Q(accepted_at__isnull=False),
                name="agreedlevel_current_is_accepted",
            ),
        ]
        indexes = [
            models.Index(
                fields=["competence", "person"],
                condition=Q(current=True),
                name="agreedlevel_current_idx",
            ),
            # The last acceptance, for the overview's cache key (samtale.competences.gaps).
            models.Index(
                fields=["accepted_at"],
                condition=Q(current=True),
                name="agreedlevel_accepted_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.competence} {self.level}"


# --- the overview's maintained counts (samtale.competences.counts) --------------------------
#
# Kept by database triggers on org_person and competences_agreedlevel, in the same
# transaction as every write to what they count (see counts.py); never written by hand.
# The foreign keys have no database constraint: a row outlives a deleted unit, group or
# competence until the next rebuild, and is not counted (the reads join what exists).

# A person without an end date is kept under this day (a key column cannot be NULL in an
# upsert's conflict target on every database).
NO_END = "9999-12-31"


class PeopleCount(models.Model):
    """The people with a professional group per (unit, group, end of employment)."""

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    group = models.ForeignKey(
        ProfessionalGroup, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    ends = models.DateField()  # the person's end date, NO_END without one
    n = models.IntegerField(default=0)

    if TYPE_CHECKING:
        unit_id: int
        group_id: int

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "group", "ends"], name="peoplecount_one_per_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.group_id}/{self.ends}: {self.n}"


class LevelCount(models.Model):
    """The current agreed levels per (unit, group, end of employment, competence, level)
    of the people with a professional group."""

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    group = models.ForeignKey(
        ProfessionalGroup, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    ends = models.DateField()
    competence = models.ForeignKey(
        Competence, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    level = models.PositiveSmallIntegerField()
    n = models.IntegerField(default=0)

    if TYPE_CHECKING:
        unit_id: int
        group_id: int
        competence_id: int

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "group", "ends", "competence", "level"],
                name="levelcount_one_per_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.group_id}/{self.ends}/{self.competence_id}: {self.n}"
