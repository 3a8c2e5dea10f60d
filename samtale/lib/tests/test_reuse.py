"""{% reuse %} (samtale.lib.reuse): a part rendered once per set of inputs and language,
from its inputs alone."""

from typing import Any

import pytest
from django import forms
from django.template import Context, Template, TemplateSyntaxError
from django.test import override_settings
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from samtale.lib import reuse
from samtale.lib.reuse import ReuseError, ReuseNode


@pytest.fixture(autouse=True)
def _forget() -> Any:
    reuse.forget()
    yield
    reuse.forget()


def render(source: str, template: Template | None = None, **values: Any) -> tuple[str, Template]:
    template = template or Template("{% load i18n reuse %}" + source)
    return template.render(Context(values)), template


def part(template: Template) -> Any:
    return template.nodelist.get_nodes_by_type(ReuseNode)[0]


def test_a_part_sees_its_inputs_and_nothing_else_of_the_page():
    text, _ = render("{% reuse shown=name %}[{{ shown }}|{{ name }}]{% endreuse %}", name="Emma")
    assert text == "[Emma|]"


@override_settings(REUSE_CHECK=False)
def test_the_text_is_kept_per_inputs_and_reused_without_rendering():
    source = "{% reuse n=n %}<b>{{ n }}</b>{% endreuse %}"
    first, template = render(source, n=1)
    part(template).nodelist = None  # rendering it again would fail
    assert render(source, template, n=1)[0] == first == "<b>1</b>"
    with pytest.raises(AttributeError):
        render(source, template, n=2)


def test_the_language_is_part_of_the_key():
    source = '{% reuse %}{% translate "Log out" %}{% endreuse %}'
    template = render(source)[1]
    with translation.override("da"):
        assert render(source, template)[0] == "Log af"
    with translation.override("en"):
        assert render(source, template)[0] == "Log out"
    with translation.override("da"):
        assert render(source, template)[0] == "Log af"


def test_two_parts_never_share_a_text():
    a = render("{% reuse %}a{% endreuse %}")[0]
    b = render("{% reuse %}b{% endreuse %}")[0]
    both = render("{% reuse %}c{% endreuse %}{% reuse %}d{% endreuse %}")[0]
    assert (a, b, both) == ("a", "b", "cd")


def test_an_input_is_a_plain_value_never_an_object():
    with pytest.raises(TypeError, match="person is a dict"):
        render("{% reuse person=person %}{% endreuse %}", person={"name": "Emma"})
    flagged = render("{% reuse person=person|flag %}{{ person }}{% endreuse %}", person={"a": 1})
    assert flagged[0] == "True"


@pytest.mark.parametrize(
    "inside",
    ["{% block b %}{% endblock %}", "{% csrf_token %}", "{% if 1 %}{% csrf_token %}{% endif %}"],
)
def test_a_part_holds_no_block_and_no_form_token(inside):
    with pytest.raises(TemplateSyntaxError, match="holds a"):
        Template("{% load reuse %}{% reuse %}" + inside + "{% endreuse %}")


def test_inputs_are_named():
    with pytest.raises(TemplateSyntaxError, match="named inputs only"):
        Template("{% load reuse %}{% reuse name %}{% endreuse %}")


@override_settings(REUSE_CHECK=True)
def test_with_the_check_a_kept_text_that_differs_from_a_fresh_one_fails():
    source = "{% reuse n=n %}{{ n }}{% endreuse %}"
    template = render(source, n=1)[1]
    (key,) = reuse._texts
    reuse._texts[key] = mark_safe("something else")
    with pytest.raises(ReuseError):
        render(source, template, n=1)


class _NameForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=50)


def test_a_blank_form_is_what_the_form_include_shows_kept_per_language(monkeypatch):
    """``blank_form``: the unbound form's fields as ``includes/form.html`` renders them,
    rendered once per process and language."""
    from django.template.loader import render_to_string

    with translation.override("da"):
        danish = reuse.blank_form(_NameForm)
        assert danish == render_to_string("includes/form.html", {"form": _NameForm()})
        assert 'name="name"' in danish and "Navn" in danish
    with translation.override("en"):
        english = reuse.blank_form(_NameForm)
        assert "Name" in english and english != danish
    rendered: list[Any] = []

    def render_again(*args: Any, **kwargs: Any) -> str:
        rendered.append(args)
        return "anden tekst"

    monkeypatch.setattr(reuse, "render_to_string", render_again)
    with override_settings(REUSE_CHECK=False), translation.override("da"):
        assert reuse.blank_form(_NameForm) == danish  # kept: not rendered again
    assert rendered == []
    # the check renders it again and compares
    with override_settings(REUSE_CHECK=True), translation.override("da"), pytest.raises(ReuseError):
        reuse.blank_form(_NameForm)


class _ForWhomForm(forms.Form):
    """A form whose only page-to-page difference is a name in a choice's label."""

    who = forms.ChoiceField(label=gettext_lazy("Responsible"))
    note = forms.CharField(label=gettext_lazy("Note"), required=False)

    def __init__(self, *args: Any, person_name: str = "", short: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["who"].choices = [("person", person_name or "?"), ("leader", "Leder")]  # type: ignore[attr-defined]
        if short:
            del self.fields["note"]


def test_a_blank_form_with_a_name_is_rendered_once_and_shows_each_pages_name(monkeypatch):
    """``texts``: a value that differs from page to page, shown as text (escaped) in the
    form kept once; ``options``: constructor arguments that are part of the key."""
    from django.template.loader import render_to_string

    reuse.forget()
    with translation.override("da"):
        emma = reuse.blank_form(_ForWhomForm, short=True, texts={"person_name": "Emma <Ø> & co"})
        assert emma == render_to_string(
            "includes/form.html", {"form": _ForWhomForm(person_name="Emma <Ø> & co", short=True)}
        )
        assert "Emma &lt;Ø&gt; &amp; co" in emma and 'name="note"' not in emma
        quoted = reuse.blank_form(_ForWhomForm, short=True, texts={"person_name": 'Bo "B" Ø'})
        assert 'Bo "B"' not in quoted and ">Bo &quot;B&quot; Ø<" in quoted
        assert 'name="note"' in reuse.blank_form(_ForWhomForm, texts={"person_name": "Emma"})
    assert len(reuse._texts) == 2  # short or not; not one per name
    monkeypatch.setattr(reuse, "render_to_string", lambda *a, **k: pytest.fail("rendered again"))
    with override_settings(REUSE_CHECK=False), translation.override("da"):
        again = reuse.blank_form(_ForWhomForm, short=True, texts={"person_name": "Ida"})
    assert ">Ida<" in again and "Emma" not in again


def test_a_blank_forms_options_must_be_plain_values():
    with pytest.raises(TypeError, match="short is a list"):
        reuse.blank_form(_ForWhomForm, short=[True])
