"""Forms of the builder pages. They only read input; the services validate and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from samtale.questionnaires.grid import SOURCE_CATALOGUE
from samtale.questionnaires.models import Language, Question, QuestionType


class QuestionnaireForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    family = forms.SlugField(
        label=_("Short name"),
        max_length=50,
        required=False,
        help_text=_(
            "Letters, digits and hyphens, e.g. “mus”. The Danish and English variant of the "
            "same form share it. Left empty, it is made from the name."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=Language.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-input"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("name", "family"):
            self.fields[name].widget.attrs["class"] = "form-input"

    def clean_family(self) -> str:
        family = self.cleaned_data.get("family") or slugify(self.data.get("name", ""))[:50]
        return str(family)


class QuestionnaireEditForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=200, widget=forms.TextInput(attrs={"class": "form-input"})
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-input"}),
    )


class SectionForm(forms.Form):
    title = forms.CharField(
        label=_("Section title"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-input"}),
    )
    intro = forms.CharField(
        label=_("Introduction"),
        required=False,
        help_text=_("A line or two shown under the title (optional)."),
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-input"}),
    )


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class QuestionForm(forms.Form):
    type = forms.ChoiceField(
        label=_("Type of question"),
        choices=QuestionType.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    text = forms.CharField(
        label=_("Question"), widget=forms.Textarea(attrs={"rows": 2, "class": "form-input"})
    )
    help_text = forms.CharField(
        label=_("Help text"),
        required=False,
        help_text=_("Shown under the question (optional)."),
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-input"}),
    )
    required = forms.BooleanField(
        label=_("An answer is required"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
    )
    choices = forms.CharField(
        label=_("Choices or competences"),
        required=False,
        help_text=_(
            "One per line. For single and multiple choice: the choices. For a competence "
            "grid: the competences (the rows)."
        ),
        widget=forms.Textarea(attrs={"rows": 5, "class": "form-input"}),
    )
    labels = forms.CharField(
        label=_("Scale labels"),
        required=False,
        help_text=_(
            "Five lines, the meaning of 1 to 5 (four for a grid from the competence "
            "catalogue: its levels 1 to 4). For a scale and a competence grid; left empty, "
            "standard labels are used."
        ),
        widget=forms.Textarea(attrs={"rows": 5, "class": "form-input"}),
    )
    from_catalogue = forms.BooleanField(
        label=_("Take the competences from the competence catalogue"),
        required=False,
        help_text=_("For a competence grid: the rows come from the organisation's catalogue."),
        widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
    )

    def __init__(self, *args: Any, language: str = "da", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.language = language

    @classmethod
    def initial_for(cls, question: Question) -> dict[str, Any]:
        options = question.options or {}
        rows_or_choices = options.get("choices") or options.get("rows") or []
        return {
            "type": question.type,
            "text": question.text,
            "help_text": question.help_text,
            "required": question.required,
            "choices": "\n".join(rows_or_choices),
            "labels": "\n".join(options.get("labels", [])),
            "from_catalogue": options.get("source") == SOURCE_CATALOGUE,
        }

    def options(self) -> dict[str, Any]:
        """The ``options`` for the service, from the text fields."""
        from samtale.questionnaires.defaults import CATALOGUE_LEVELS, COMPETENCE_LEVELS, GOOD_BAD

        kind = self.cleaned_data["type"]
        lines = _lines(self.cleaned_data.get("choices", ""))
        labels = _lines(self.cleaned_data.get("labels", ""))
        index = 1 if self.language == "en" else 0
        if kind == QuestionType.SCALE:
            return {"labels": labels or GOOD_BAD[index]}
        if kind in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            return {"choices": lines}
        if kind == QuestionType.COMPETENCE_GRID:
            from_catalogue = bool(self.cleaned_data.get("from_catalogue"))
            standard = CATALOGUE_LEVELS if from_catalogue else COMPETENCE_LEVELS
            options: dict[str, Any] = {"rows": lines, "labels": labels or standard[index]}
            if from_catalogue:
                options["source"] = SOURCE_CATALOGUE
            return options
        return {}
