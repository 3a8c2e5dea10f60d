"""Form widgets for the browser's own date and time pickers.

``<input type="date">`` and ``type="time"`` take and give their value in ISO form
(``2026-12-09``, ``10:00``) whatever the language. Django renders a date in the active
language's first input format (Danish: ``09.12.2026``), which the browser rejects and
shows as empty: a form opened to change a date would then lose it. These widgets always
render the ISO form; the fields still parse it in every language.
"""

from __future__ import annotations

from typing import Any

from django import forms


class DatePicker(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimePicker(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")
