"""``{% load design_system %}``: form fields dressed as DKFDS (Det Fælles Designsystem)
expects them, in one place.

``{{ field|dkfds }}`` renders a bound field's widget with the design system's class for
its kind (``form-input`` for text, e-mail, password, number, date, time, file and text
areas; ``form-select`` for lists; ``form-checkbox`` and ``form-radio`` for choices)
unless the form gave the widget a class of its own. ``templates/includes/form.html``
uses it, so a form (Django's login and password forms too) needs no class to look like
the others.

DKFDS draws a checkbox or a radio button on the label that follows the input, so those
are laid out differently: ``{{ field|choice_layout }}`` says how ("checkbox" for one
checkbox, "choices" for a list of checkboxes or radio buttons, "" for any other field),
and ``{{ choice|dkfds_choice }}`` renders one input of such a list with its class.
"""

from __future__ import annotations

from django import forms, template
from django.forms.boundfield import BoundWidget
from django.forms.widgets import Input
from django.utils.safestring import SafeString

register = template.Library()

# Most specific first: the multiple checkboxes are radio buttons to Django, and both are
# Selects.
CLASS_FOR_WIDGET: tuple[tuple[type[forms.Widget], str], ...] = (
    (forms.CheckboxSelectMultiple, "form-checkbox"),
    (forms.RadioSelect, "form-radio"),
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


@register.filter
def choice_layout(field: forms.BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        return "choices"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return ""


@register.filter
def dkfds_choice(choice: BoundWidget) -> SafeString | str:
    css_class = dkfds_class(choice.parent_widget)
    attrs = choice.data.setdefault("attrs", {})
    if css_class and not attrs.get("class"):
        attrs["class"] = css_class
    return choice.tag(wrap_label=False)
