from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samtale.conversations.documents import services
from samtale.conversations.models import DocumentCategory
from samtale.lib import filetypes

ACCEPT = ",".join(
    [t.extension for t in filetypes.DOCUMENT_TYPES] + [t.mime for t in filetypes.DOCUMENT_TYPES]
)


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        widget=forms.FileInput(attrs={"accept": ACCEPT, "class": "form-input"}),
    )
    category = forms.ChoiceField(
        label=gettext_lazy("What is it?"),
        choices=DocumentCategory.choices,
        initial=DocumentCategory.OTHER,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=services.TITLE_MAX_LENGTH,
        required=False,
        help_text=gettext_lazy("Optional: without a title the file's name is used."),
        widget=forms.TextInput(attrs={"class": "form-input"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "PDF, Word (DOCX) or Excel (XLSX), at most %(mb)s MB."
        ) % {"mb": settings.SAMTALE_DOCUMENT_MAX_MB}
        self.detected: filetypes.FileType | None = None

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        self.detected = services.check_upload(upload)
        return upload
