"""The forms of the round's pages. They check what a form can; the services check the
rest (who may, and what the round allows) and their reasons land on the form."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from samtale.conversations.documents.services import check_upload
from samtale.conversations.models import Conversation, ConversationKind
from samtale.lib.forms import DatePicker, TimePicker
from samtale.org.models import OrgUnit, Team
from samtale.questionnaires.models import QuestionnaireVersion
from samtale.rounds.booking import Offer
from samtale.rounds.models import (
    DEFAULT_PREPARATION_MINUTES,
    Agreement,
    Round,
    Rule,
    Slot,
    StrategicGoal,
    Theme,
)

DATES = ("starts_on", "ends_on", "invitations_by", "held_by")


class UnitChoiceField(forms.ModelMultipleChoiceField):
    """Units (in tree order, from the queryset) with their codes."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        unit: OrgUnit = obj
        return f"{unit.name} ({unit.code})"


class OneUnitField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        unit: OrgUnit = obj
        return f"{unit.name} ({unit.code})"


class VersionField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        version: QuestionnaireVersion = obj
        return _("%(form)s, version %(number)s") % {
            "form": version.questionnaire.name,
            "number": version.number,
        }


class GoalsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        goal: StrategicGoal = obj
        return f"{goal.title} ({goal.unit.name})"


def _units_field(queryset: QuerySet[OrgUnit]) -> UnitChoiceField:
    return UnitChoiceField(
        label=_("Units"),
        queryset=queryset,
        help_text=_("The round covers each unit you choose and every unit below it."),
    )


class NewRoundForm(forms.ModelForm):
    """A new draft: name, year, scope; the period defaults to the year's first quarter."""

    class Meta:
        model = Round
        fields = ["name", "year", "starts_on", "ends_on"]
        widgets = {"starts_on": DatePicker(), "ends_on": DatePicker()}
        help_texts = {"starts_on": _("Empty: the first quarter of the year.")}

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["starts_on"].required = False
        self.fields["ends_on"].required = False
        self.fields["units"] = _units_field(units)
        if not self.is_bound:
            self.initial.setdefault("year", timezone.localdate().year + 1)

    def _post_clean(self) -> None:
        # The service builds the round (and its default period); nothing to validate on
        # an unsaved instance here.
        pass


class RoundForm(forms.ModelForm):
    """Name, timeline, eligibility and information of a round (services.change_round).
    Bound to a copy: the service saves."""

    class Meta:
        model = Round
        fields = [
            "name",
            "starts_on",
            "ends_on",
            "invitations_by",
            "held_by",
            "min_months_employed",
            "min_weekly_hours",
            "information",
        ]
        widgets = {name: DatePicker() for name in DATES} | {
            "information": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "information": _(
                "What the round is for and what you ask of everyone: shown on the round's "
                "information page to everyone in it."
            ),
        }


class UnitsForm(forms.Form):
    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"] = _units_field(units)


class KindForm(forms.Form):
    """One kind in the round: included or not, and its form (services.set_kind)."""

    included = forms.BooleanField(label=_("Included in the round"), required=False)

    def __init__(self, *args: Any, kind: ConversationKind, versions: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", kind.code)
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["version"] = VersionField(
            label=_("Preparation form"),
            queryset=versions,
            required=False,
            empty_label=_("The newest published form when the round is announced"),
        )
        self.fields["preparation_minutes"] = forms.IntegerField(
            label=_("Preparation time per participant (minutes)"),
            min_value=0,
            max_value=8 * 60,
            required=False,
            initial=DEFAULT_PREPARATION_MINUTES,
            help_text=_(
                "For the closing report's person-hours: how long each participant spends "
                "preparing. Not part of what TR and AMR agree to."
            ),
        )


class VariantForm(forms.Form):
    """A unit's own form for a kind (services.set_form_variant)."""

    def __init__(
        self, *args: Any, kinds: list[ConversationKind], units: Any, versions: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"] = forms.ModelChoiceField(
            label=_("Kind"), queryset=ConversationKind.objects.filter(pk__in=[k.pk for k in kinds])
        )
        self.fields["unit"] = OneUnitField(
            label=_("Unit"),
            queryset=units,
            help_text=_("The units below it use the same form, unless they have their own."),
        )
        self.fields["version"] = VersionField(label=_("Preparation form"), queryset=versions)


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, goals: QuerySet[StrategicGoal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goals"] = GoalsField(
            label=_("Strategic goals the theme serves"), queryset=goals, required=False
        )

    def _post_clean(self) -> None:
        pass  # the service saves (and checks the goals)


class TeamForm(forms.Form):
    """A team that holds GRUS instead of individual MUS in the round."""

    def __init__(self, *args: Any, teams: QuerySet[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"] = forms.ModelChoiceField(label=_("Team"), queryset=teams)


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class MedAgreementForm(forms.ModelForm):
    """HR records that the round was agreed in MED/SU, with the minutes."""

    class Meta:
        model = Agreement
        fields = ["agreed_on", "minutes"]
        widgets = {"agreed_on": DatePicker()}
        help_texts = {"minutes": _("PDF, Word (DOCX) or Excel (XLSX).")}

    def clean_minutes(self) -> Any:
        minutes = self.cleaned_data.get("minutes")
        if minutes:
            check_upload(minutes)
        return minutes or None

    def _post_clean(self) -> None:
        pass  # the service saves


class AnnounceForm(forms.Form):
    override_reason = forms.CharField(
        label=_("Why announce it before TR and AMR have agreed?"),
        max_length=5000,
        required=False,
        help_text=_("The representatives see the reason on the round's page."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class GoalForm(forms.ModelForm):
    class Meta:
        model = StrategicGoal
        fields = ["unit", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "unit": _(
                "The organisation's goals belong to its top unit; a forvaltning's or a "
                "unit's own to that unit."
            ),
        }

    def __init__(self, *args: Any, units: QuerySet[OrgUnit] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if units is None:
            del self.fields["unit"]  # a goal stays with its unit
        else:
            self.fields["unit"] = OneUnitField(
                label=self.fields["unit"].label,
                queryset=units,
                help_text=self.fields["unit"].help_text,
            )

    def _post_clean(self) -> None:
        pass  # the service saves


FOLLOW = ""


class UnitRuleForm(forms.Form):
    rule = forms.ChoiceField(label=_("Rule"), widget=forms.RadioSelect, required=False)
    mus_year = forms.IntegerField(
        label=_("A year with MUS"),
        min_value=2000,
        max_value=2100,
        required=False,
        help_text=_("With alternate years: a year with MUS; the years between hold GRUS."),
    )

    def __init__(self, *args: Any, inherited: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rule = self.fields["rule"]
        assert isinstance(rule, forms.ChoiceField)
        rule.choices = [(FOLLOW, inherited), *Rule.choices]

    def clean_rule(self) -> str | None:
        return self.cleaned_data["rule"] or None


# --- booking ---------------------------------------------------------------------------


def time_label(starts_at: datetime.datetime, duration: int) -> str:
    """ "tirsdag 3. marts 2026, 09.00–09.45" """
    start = timezone.localtime(starts_at)
    end = start + datetime.timedelta(minutes=duration)
    return f"{date_format(start, 'LONG_DATETIME_FORMAT')}–{date_format(end, 'TIME_FORMAT')}"


class OfferForm(forms.Form):
    """Several times on one day at once: the first start, how many, how long each and
    the break between them, and the place or video link they share."""

    MAX_TIMES = 24

    date = forms.DateField(label=_("Date"), widget=DatePicker())
    first = forms.TimeField(label=_("First time starts"), widget=TimePicker())
    count = forms.IntegerField(
        label=_("Number of times"), min_value=1, max_value=MAX_TIMES, initial=4
    )
    duration = forms.IntegerField(
        label=_("Duration of each in minutes"), min_value=5, max_value=8 * 60
    )
    pause = forms.IntegerField(
        label=_("Break between the times in minutes"), min_value=0, max_value=4 * 60, initial=15
    )
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    video_url = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        if not (data.get("location") or data.get("video_url")):
            raise forms.ValidationError(_("Give a place or a video link."))
        last = self.offers()[-1]
        ends = last.starts_at + datetime.timedelta(minutes=last.duration - 1)
        if ends.date() != data["date"]:
            raise forms.ValidationError(_("The times must end on the same day. Offer fewer."))
        return data

    def offers(self) -> list[Offer]:
        data = self.cleaned_data
        first = timezone.make_aware(datetime.datetime.combine(data["date"], data["first"]))
        step = datetime.timedelta(minutes=data["duration"] + data["pause"])
        return [
            Offer(
                starts_at=first + n * step,
                duration=data["duration"],
                location=data.get("location") or "",
                video_url=data.get("video_url") or "",
            )
            for n in range(data["count"])
        ]


class AssignForm(forms.Form):
    """The leader gives one of their conversations without a time one of their free
    offered times. The choices are the lists the page has already read (no query of
    its own); ``chosen`` gives back the objects."""

    slot = forms.TypedChoiceField(label=_("Offered time"), coerce=int)
    conversation = forms.TypedChoiceField(label=_("Conversation"), coerce=int)

    def __init__(
        self,
        *args: Any,
        slots: list[Slot],
        conversations: list[Conversation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._slots = {slot.pk: slot for slot in slots}
        self._conversations = {c.pk: c for c in conversations}
        self.fields["slot"].choices = [  # type: ignore[attr-defined]
            (slot.pk, time_label(slot.starts_at, slot.duration)) for slot in slots
        ]
        self.fields["conversation"].choices = [  # type: ignore[attr-defined]
            ("", "---------"),
            *((c.pk, f"{c.with_whom} ({c.kind.name})") for c in conversations),
        ]

    def chosen(self) -> tuple[Slot, Conversation]:
        return (
            self._slots[self.cleaned_data["slot"]],
            self._conversations[self.cleaned_data["conversation"]],
        )
