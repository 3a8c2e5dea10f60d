from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from samtale.conversations.followups.services import REASON_MAX_LENGTH


class FollowUpForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why do you want a follow-up conversation?"),
        max_length=REASON_MAX_LENGTH,
        help_text=gettext_lazy(
            "Only the participants of the conversation see it. The leader must hold the "
            "follow-up within 14 days."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
