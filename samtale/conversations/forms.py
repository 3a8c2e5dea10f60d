from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samtale.conversations.models import ConversationKind
from samtale.lib.forms import DatePicker, TimePicker


class ScheduleForm(forms.Form):
    """Date, time, place or video link, and duration of a conversation."""

    date = forms.DateField(label=_("Date"), widget=DatePicker())
    time = forms.TimeField(label=_("Time"), widget=TimePicker())
    duration = forms.IntegerField(label=_("Duration in minutes"), min_value=5, max_value=8 * 60)
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    video_url = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not (data.get("location") or data.get("video_url")):
            raise forms.ValidationError(_("Give a place or a video link."))
        return data

    def starts_at(self) -> datetime.datetime:
        naive = datetime.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])
        return timezone.make_aware(naive)


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the participants)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary"), max_length=20000, widget=forms.Textarea(attrs={"rows": 10})
    )
    agreements = forms.CharField(
        label=_("Agreements"),
        max_length=20000,
        required=False,
        help_text=_("What you agreed: goals, activities, who does what and by when."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class RespondForm(forms.Form):
    accept = forms.BooleanField(label=_("I accept the summary"), required=False)
    comment = forms.CharField(
        label=_("Comment"),
        max_length=5000,
        required=False,
        help_text=_("A comment is kept with the summary, e.g. if you disagree."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class KindForm(forms.ModelForm):
    class Meta:
        model = ConversationKind
        fields = [
            "name_da",
            "name_en",
            "focus_da",
            "focus_en",
            "mandatory",
            "frequency",
            "default_duration",
            "questionnaire_family",
            "follow_up_days",
            "development_plan",
            "retention_years",
        ]
        widgets = {
            "focus_da": forms.Textarea(attrs={"rows": 3}),
            "focus_en": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"default_duration": _("In minutes, e.g. 30 for MUS.")}
