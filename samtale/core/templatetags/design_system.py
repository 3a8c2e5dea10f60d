"""``{% load design_system %}``: form fields dressed as DKFDS (Det Fælles Designsystem)
expects them, in one place.

``{{ field|dkfds }}`` renders a bound field's widget with the design system's class for
its kind (``form-input`` for text, e-mail, password, number, date, time, file and text
areas; ``form-select`` for lists; ``form-checkbox`` and ``form-radio`` for choices)
unless the form gave the widget a class of its own. ``templates/includes/form.html``
uses it, so a form (Django's login and password forms too) needs no class to look like
the others.
"""

from __future__ import annotations

from django import forms, template
from django.forms.widgets import Input
from django.utils.safestring import SafeString

register = template.Library()

# Most specific first: RadioSelect and the multiple checkboxes are Selects too.
CLASS_FOR_WIDGET: tuple[tuple[type[forms.Widget], str], ...] = (
    (forms.RadioSelect, "form-radio"),
    (forms.CheckboxSelectMultiple, "form-checkbox"),
    (forms.CheckboxInput, "form-checkbox"),
    (forms.Select, "form-select"),
    (forms.Textarea, "form-input"),
    (Input, "form-input"),
)


def dkfds_class(widget: forms.Widget) -> str | None:
    if isinstance(widget, forms.HiddenInput):
        return None
    for kind, css_class in CLASS_FOR_WIDGET:
        if isinstance(widget, kind):
            return css_class
    return None


@register.filter
def dkfds(field: forms.BoundField) -> SafeString | str:
    css_class = dkfds_class(field.field.widget)
    if css_class is None or field.field.widget.attrs.get("class"):
        return field.as_widget()
    return field.as_widget(attrs={"class": css_class})
