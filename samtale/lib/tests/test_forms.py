"""The date and time pickers render the ISO form the browser's pickers take, in Danish
too; the fields read it back."""

import datetime

from django import forms
from django.utils import translation

from samtale.lib.forms import DatePicker, TimePicker


class When(forms.Form):
    day = forms.DateField(widget=DatePicker())
    at = forms.TimeField(widget=TimePicker())


def test_rendered_in_iso_form_in_every_language():
    for language in ("da", "en"):
        with translation.override(language):
            html = str(When(initial={"day": datetime.date(2026, 12, 9), "at": datetime.time(10)}))
        assert 'type="date"' in html and 'value="2026-12-09"' in html
        assert 'type="time"' in html and 'value="10:00"' in html


def test_the_fields_read_what_the_pickers_send():
    with translation.override("da"):
        form = When({"day": "2026-12-09", "at": "10:00"})
        assert form.is_valid()
    assert form.cleaned_data == {"day": datetime.date(2026, 12, 9), "at": datetime.time(10)}
