from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samtale.competences.models import Competence
from samtale.development.models import ActivityKind, ItemStatus, Responsible
from samtale.lib.forms import DatePicker


class PlanItemForm(forms.Form):
    """A development goal with its activities, time frame and who is responsible."""

    goal = forms.CharField(
        label=_("Development goal"),
        max_length=500,
        help_text=_("What the person will be able to do, e.g. 'Lead the team's meetings'."),
    )
    competence = forms.ModelChoiceField(
        label=_("Competence"),
        queryset=Competence.objects.none(),
        required=False,
        help_text=_("The competence of the catalogue the goal develops, if it names one."),
    )
    activities = forms.CharField(
        label=_("Activities"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How: a course, a new task, sparring with a colleague, ..."),
    )
    due = forms.DateField(label=_("Done by"), required=False, widget=DatePicker())
    responsible = forms.ChoiceField(
        label=_("Responsible"), choices=Responsible.choices, initial=Responsible.BOTH
    )

    def __init__(
        self, *args: Any, person_name: str = "", inline: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if inline:
            # The short form on the conversation page: the competence is chosen on the
            # goal's own page (the catalogue is not read for every conversation page).
            del self.fields["competence"]
        else:
            competence = self.fields["competence"]
            assert isinstance(competence, forms.ModelChoiceField)
            competence.queryset = Competence.objects.filter(active=True).select_related("category")
        if person_name:
            # Name the person rather than "the person the plan is for".
            responsible = self.fields["responsible"]
            assert isinstance(responsible, forms.ChoiceField)
            responsible.choices = [
                (Responsible.PERSON, person_name),
                (Responsible.LEADER, Responsible.LEADER.label),
                (Responsible.BOTH, Responsible.BOTH.label),
            ]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ItemStatus.choices)


class ActivityForm(forms.Form):
    """An activity that reaches a goal: its kind, what, cost, hours, period, who."""

    kind = forms.ChoiceField(label=_("Kind of activity"), choices=ActivityKind.choices)
    description = forms.CharField(
        label=_("Description"),
        max_length=1000,
        help_text=_("E.g. 'AMU course in conflict management, 3 days'."),
    )
    cost = forms.DecimalField(
        label=_("Estimated cost (DKK)"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
    )
    hours = forms.DecimalField(
        label=_("Hours"), required=False, min_value=0, max_digits=7, decimal_places=1
    )
    starts = forms.DateField(label=_("From"), required=False, widget=DatePicker())
    ends = forms.DateField(label=_("To"), required=False, widget=DatePicker())
    responsible = forms.ChoiceField(
        label=_("Responsible"), choices=Responsible.choices, initial=Responsible.BOTH
    )

    def __init__(self, *args: Any, person_name: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if person_name:
            responsible = self.fields["responsible"]
            assert isinstance(responsible, forms.ChoiceField)
            responsible.choices = [
                (Responsible.PERSON, person_name),
                (Responsible.LEADER, Responsible.LEADER.label),
                (Responsible.BOTH, Responsible.BOTH.label),
            ]


class ActivityChangeForm(ActivityForm):
    """An activity changed: the fields the viewer may change now are open, the others
    shown as they are; ``reason`` when a change of kind or cost is a new decision."""

    reason = forms.CharField(
        label=_("Why the kind or cost changes"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A new kind or cost of an approved activity is a new decision: say why."),
    )

    def __init__(
        self, *args: Any, editable: frozenset[str], asks_reason: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "reason" and name not in editable:
                field.disabled = True
        if not asks_reason:
            del self.fields["reason"]


class ReasonForm(forms.Form):
    """Why a proposal is declined (required), or a note with an approval."""

    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class EvaluationForm(forms.Form):
    evaluation = forms.CharField(
        label=_("What did it give you?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class RevisionForm(forms.Form):
    """Asking for a revision of the job description, on the conversation's page beside
    the cancel form (whose field is a reason too): ids of its own."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_revision_%s")
        super().__init__(*args, **kwargs)

    reason = forms.CharField(
        label=_("What should change in the job description?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class JobDescriptionForm(forms.Form):
    text = forms.CharField(
        label=_("Job description"), max_length=20000, widget=forms.Textarea(attrs={"rows": 12})
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=DatePicker())
