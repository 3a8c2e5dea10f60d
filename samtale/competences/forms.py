"""The forms of the competence pages. They check what a form can; the services check who
may, and their reasons land on the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from samtale.competences.models import Competence, CompetenceCategory, FutureNeed
from samtale.org.models import OrgUnit, ProfessionalGroup


class UnitField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        unit: OrgUnit = obj
        return f"{unit.name} ({unit.code})"


class CompetenceForm(forms.ModelForm):
    class Meta:
        model = Competence
        fields = [
            "category",
            "name",
            "description",
            "level_1",
            "level_2",
            "level_3",
            "level_4",
            "order",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in ("description", "level_1", "level_2", "level_3", "level_4")
        }
        labels = {
            "level_1": _("Level 1: beginner"),
            "level_2": _("Level 2: independent"),
            "level_3": _("Level 3: experienced"),
            "level_4": _("Level 4: expert"),
        }


class CategoryForm(forms.ModelForm):
    class Meta:
        model = CompetenceCategory
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class ChooseProfileForm(forms.Form):
    """Which profile to set: a group's own, or its variant for a unit."""

    group = forms.ModelChoiceField(
        label=_("Professional group"), queryset=ProfessionalGroup.objects.all()
    )
    unit = UnitField(
        label=_("Unit (optional)"),
        queryset=OrgUnit.objects.none(),
        required=False,
        help_text=_("Empty: the group's profile for the whole organisation."),
    )

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


LEVEL_CHOICES = [("", _("Not required"))] + [(str(n), str(n)) for n in (1, 2, 3, 4)]


class ProfileLevelsForm(forms.Form):
    """A required level (or none) for every active competence, named ``c<pk>``."""

    def __init__(
        self,
        *args: Any,
        competences: list[Competence],
        initial_levels: dict[int, int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.competences = competences
        for c in competences:
            self.fields[c.grid_key] = forms.ChoiceField(
                label=c.name,
                help_text=c.category.name,
                choices=LEVEL_CHOICES,
                required=False,
                initial=str(initial_levels[c.pk]) if c.pk in initial_levels else "",
            )

    def levels(self) -> dict[int, int | None]:
        return {
            c.pk: int(self.cleaned_data[c.grid_key]) if self.cleaned_data[c.grid_key] else None
            for c in self.competences
        }


class NeedForm(forms.ModelForm):
    unit = UnitField(label=_("Unit"), queryset=OrgUnit.objects.none())

    class Meta:
        model = FutureNeed
        fields = ["competence", "unit", "level", "needed_within_years", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "unit": _("The top unit for the whole organisation, a forvaltning or a unit."),
        }

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["competence"].queryset = Competence.objects.active().in_catalogue_order()  # type: ignore[attr-defined]
        self.fields["level"].widget = forms.Select(choices=[(n, str(n)) for n in (1, 2, 3, 4)])
