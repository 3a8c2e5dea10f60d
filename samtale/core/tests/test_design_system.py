"""Every form field carries the design system's class, whichever form it comes from."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.urls import reverse

from samtale.core.templatetags.design_system import dkfds


class Everything(forms.Form):
    name = forms.CharField()
    email = forms.EmailField()
    text = forms.CharField(widget=forms.Textarea)
    kind = forms.ChoiceField(choices=[("a", "A")])
    agree = forms.BooleanField()
    way = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)
    own = forms.CharField(widget=forms.TextInput(attrs={"class": "form-input input-width-xs"}))
    secret = forms.CharField(widget=forms.HiddenInput)


@pytest.mark.parametrize(
    ("name", "css_class"),
    [
        ("name", "form-input"),
        ("email", "form-input"),
        ("text", "form-input"),
        ("kind", "form-select"),
        ("agree", "form-checkbox"),
        ("way", "form-radio"),
        ("own", "form-input input-width-xs"),
    ],
)
def test_each_widget_gets_its_class(name, css_class):
    html = str(dkfds(Everything()[name]))
    assert f'class="{css_class}"' in html


def test_a_hidden_field_gets_none():
    assert "class=" not in str(dkfds(Everything()["secret"]))


@pytest.mark.django_db
def test_djangos_login_and_reset_forms_look_like_ours(client):
    for url in (reverse("login"), reverse("password_reset")):
        html = client.get(url).content.decode()
        inputs = re.findall(r"<input [^>]*>", html)
        visible = [i for i in inputs if 'type="hidden"' not in i]
        assert visible, url
        assert all('class="form-input"' in i for i in visible), (url, visible)


def test_checkboxes_and_radio_buttons_come_before_their_labels():
    """DKFDS draws the box on the label that follows the input: includes/form.html puts
    each checkbox or radio button first, a list of them in a fieldset with a legend."""
    from django.template.loader import render_to_string

    class Choices(forms.Form):
        agree = forms.BooleanField(label="Enig")
        way = forms.ChoiceField(
            label="Vej", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
        )
        many = forms.MultipleChoiceField(
            label="Flere", choices=[("x", "X")], widget=forms.CheckboxSelectMultiple
        )

    html = " ".join(render_to_string("includes/form.html", {"form": Choices()}).split())
    inputs = {
        m["id"]: (m["tag"], m["label"])
        for m in re.finditer(
            r'(?P<tag><input [^>]*id="(?P<id>[^"]+)"[^>]*>)<label for="(?P=id)">(?P<label>[^<]*)',
            html,
        )
    }
    assert set(inputs) == {"id_agree", "id_way_0", "id_way_1", "id_many_0"}
    assert 'class="form-checkbox"' in inputs["id_agree"][0]
    assert 'class="form-radio"' in inputs["id_way_1"][0] and inputs["id_way_1"][1] == "B"
    assert 'class="form-checkbox"' in inputs["id_many_0"][0]
    assert '<legend class="form-label">Vej</legend>' in html
    assert '<legend class="form-label">Flere</legend>' in html
