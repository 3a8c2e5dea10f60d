"""samtale.lib.renderers: widgets rendered by Jinja2 give the HTML Django's own renderer
gives, to a browser (Jinja2 writes a quote as ``&#34;`` where Django writes ``&quot;``,
and a space where Django breaks the line), and the admin's widgets, which exist only as
Django templates, still render."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from samtale.lib.renderers import WidgetRenderer

CHOICES = [("a", "Æble & pære"), ("b", "<b>Banan</b>"), ("c", "Citron")]


class Everything(forms.Form):
    text = forms.CharField(max_length=20, help_text="Hjælp", initial='"citeret" & <b>')
    area = forms.CharField(widget=forms.Textarea, required=False)
    number = forms.IntegerField(min_value=1, initial=3)
    email = forms.EmailField()
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    one = forms.ChoiceField(choices=CHOICES, initial="b")
    grouped = forms.ChoiceField(choices=[("Frugt", CHOICES), ("x", "Andet")])
    many = forms.MultipleChoiceField(choices=CHOICES, initial=["a", "c"])
    radio = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect)
    boxes = forms.MultipleChoiceField(choices=CHOICES, widget=forms.CheckboxSelectMultiple)
    agree = forms.BooleanField(initial=True)
    upload = forms.FileField(required=False)
    secret = forms.CharField(widget=forms.HiddenInput, initial="x")
    password = forms.CharField(widget=forms.PasswordInput)


def _normalised(html: str) -> str:
    """The same HTML to a browser: whitespace runs as one space, none between tags, the
    two spellings of a quote as one."""
    html = html.replace("&#34;", "&quot;").replace("&#39;", "&#x27;")
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html.strip()))


@pytest.mark.parametrize("bound", [False, True])
def test_every_widget_as_djangos_renderer_gives_it(bound):
    data = {"text": "Emma <3", "one": "zz", "many": ["b"], "agree": "", "email": "nej"}
    form = Everything(data if bound else None, renderer=WidgetRenderer())
    for name in form.fields:
        ours = form[name].as_widget()
        field = Everything(data if bound else None, renderer=DjangoTemplates())[name]
        assert _normalised(ours) == _normalised(field.as_widget()), name
    ours_errors = str(form.errors.as_ul()) if bound else ""
    theirs = Everything(data, renderer=DjangoTemplates()).errors.as_ul() if bound else ""
    assert _normalised(ours_errors) == _normalised(str(theirs))
    if bound:
        assert "errorlist" in ours_errors


def test_it_is_the_renderer_of_every_form():
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), WidgetRenderer)
    assert isinstance(Everything().renderer or get_default_renderer(), WidgetRenderer)


def test_a_whole_form_as_djangos_renderer_gives_it():
    assert _normalised(Everything(renderer=WidgetRenderer()).as_div()) == _normalised(
        Everything(renderer=DjangoTemplates()).as_div()
    )


def test_widgets_only_django_templates_have_still_render():
    renderer = WidgetRenderer()
    assert renderer.get_template("admin/widgets/related_widget_wrapper.html") is not None
    assert (
        "django.template"
        in type(renderer.get_template("admin/widgets/related_widget_wrapper.html")).__module__
    )
    assert "jinja2" in type(renderer.get_template("django/forms/widgets/input.html")).__module__
