from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy, ngettext

from samtale.conversations.followups.services import REASON_MAX_LENGTH, follow_up_days_shown


class FollowUpForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why do you want a follow-up conversation?"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        days = follow_up_days_shown()  # the follow-up kind's number, which HR may change
        self.fields["reason"].help_text = ngettext(
            "Only the participants of the conversation see it. The leader must hold the "
            "follow-up within %(days)s day.",
            "Only the participants of the conversation see it. The leader must hold the "
            "follow-up within %(days)s days.",
            days,
        ) % {"days": days}
