"""The forms of the organisation's pages: inviting an external chief, uploading an
import file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samtale.lib.tabular import EXTENSIONS, Table, TabularError, read_table
from samtale.org import external, importing
from samtale.org.models import Person
from samtale.org.viewer import Viewer

KIND_CHOICES = [
    (importing.UNITS, gettext_lazy("Units (code, name, parent unit)")),
    (importing.PEOPLE, gettext_lazy("People (employee number, name, unit, leader, ...)")),
]


class LeaderChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        person: Person = obj
        parts = [person.name]
        if person.unit is not None:
            parts.append(person.unit.name)
        label = ", ".join(parts)
        if person.manager is not None:
            label += " " + _("(now led by %(name)s)") % {"name": person.manager.name}
        return label


class InviteExternalForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-input", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=gettext_lazy("E-mail"),
        max_length=254,
        help_text=gettext_lazy("The invitation with a link to choose a password goes here."),
        widget=forms.EmailInput(attrs={"class": "form-input", "autocomplete": "off"}),
    )
    job_title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=200,
        required=False,
        initial=gettext_lazy("Board chair"),
        widget=forms.TextInput(attrs={"class": "form-input"}),
    )
    leaders = LeaderChoiceField(
        label=gettext_lazy("Chief of these leaders"),
        queryset=Person.objects.none(),
        help_text=gettext_lazy(
            "They become the nearest leader of the leaders you choose and hold their LUS. "
            "Hold Ctrl (or Cmd) to choose more than one."
        ),
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 10}),
    )

    def __init__(self, *args: Any, viewer: Viewer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        leaders = self.fields["leaders"]
        assert isinstance(leaders, LeaderChoiceField)
        leaders.queryset = external.leaders_for(viewer)

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip().lower()
        if external.email_in_use(email):
            raise ValidationError(
                _("Someone already has the e-mail %(email)s: an external person needs their own.")
                % {"email": email}
            )
        return email


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What does the file contain?"),
        choices=KIND_CHOICES,
        widget=forms.RadioSelect(attrs={"class": "form-radio"}),
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        widget=forms.FileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "CSV (separated by semicolons or commas) or XLSX, at most %(mb)s MB."
        ) % {"mb": settings.SAMTALE_IMPORT_MAX_UPLOAD_MB}
        self.table: Table | None = None

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name or "").suffix.lower()
        if suffix not in EXTENSIONS:
            raise forms.ValidationError(_("Choose a file ending in .csv or .xlsx."))
        if upload.size > settings.SAMTALE_IMPORT_MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is too large: at most %(mb)s MB.")
                % {"mb": settings.SAMTALE_IMPORT_MAX_UPLOAD_MB}
            )
        upload.seek(0)
        try:
            self.table = read_table(upload.read(), filename=upload.name)
        except TabularError as exc:
            raise forms.ValidationError(str(exc)) from exc
        upload.seek(0)
        return upload


class SuccessorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        person: Person = obj
        parts = [person.name]
        if person.job_title:
            parts.append(person.job_title)
        if person.unit is not None:
            parts.append(person.unit.name)
        return ", ".join(parts)


class HandoverForm(forms.Form):
    """HR picks a leaving leader's successor (``samtale.org.leaving``): one of the
    leaders of the unit offered, or anyone HR finds by employee number or e-mail."""

    successor = SuccessorChoiceField(
        label=gettext_lazy("Successor"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=gettext_lazy("Another person (below)"),
    )
    other = forms.CharField(
        label=gettext_lazy("Another person: employee number or e-mail"),
        max_length=254,
        required=False,
    )
    reason = forms.CharField(
        label=gettext_lazy("Why this successor"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=gettext_lazy("Kept with the handover and sent to the successor."),
    )

    def __init__(self, *args: Any, viewer: Viewer, leaver: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from samtale.org import leaving

        self.viewer, self.leaver = viewer, leaver
        self.fields["successor"].queryset = leaving.successor_choices(leaver)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        other = (data.get("other") or "").strip()
        if other:
            found = (
                Person.objects.visible_to(self.viewer)
                .active()
                .filter(Q(employee_number=other) | Q(email__iexact=other))
                .first()
            )
            if found is None:
                self.add_error(
                    "other",
                    _("Nobody in your area has the employee number or e-mail %(value)s.")
                    % {"value": other},
                )
            else:
                data["successor"] = found
        elif data.get("successor") is None and "successor" not in self.errors:
            self.add_error("successor", _("Choose the successor."))
        return data
