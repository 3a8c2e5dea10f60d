from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the person erased?"),
        help_text=_(
            "E.g. the date and form of the person's request. It is kept in the erasure "
            "record: do not write the person's name."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_(
            "I understand that everything about the person is deleted for good and cannot "
            "be brought back."
        ),
    )
