"""samtale.lib.urls and the {% url %} tag: the same answer as Django's reverse, always."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import Context, Template, engines
from django.test import override_settings
from django.urls import NoReverseMatch, path, reverse

from samtale.lib import urls
from samtale.lib.urls import reverse_fast
from samtale.lib.urltag import FastURLNode


def _outcome(call: Any) -> str:
    try:
        return call()
    except NoReverseMatch:
        return "NoReverseMatch"


def test_every_named_pattern_of_the_project_reverses_as_django_does():
    names = urls.named_patterns()
    assert len(names) > 100
    urls.clear()
    for name, count in names:
        for values in ([5] * count, [987654] * count, list(range(1, count + 1)), [0] * count):
            expected = _outcome(lambda: reverse(name, args=values))  # noqa: B023
            assert _outcome(lambda: reverse_fast(name, values)) == expected, name  # noqa: B023
            # and again, from the kept shape
            assert _outcome(lambda: reverse_fast(name, values)) == expected, name  # noqa: B023


def test_a_negative_number_text_or_keywords_go_to_reverse():
    assert _outcome(lambda: reverse_fast("org:person", [-3])) == "NoReverseMatch"
    assert reverse_fast("org:person", ["12"]) == reverse("org:person", args=["12"])
    assert reverse_fast("org:person", kwargs={"pk": 12}) == reverse("org:person", kwargs={"pk": 12})
    assert _outcome(lambda: reverse_fast("org:person", [True])) == _outcome(
        lambda: reverse("org:person", args=[True])
    )


def _year(request: Any) -> Any:
    raise AssertionError


# A name whose pattern takes only some numbers: its shape must not be trusted.
urlpatterns = [
    path("year/<int:year>/", _year, name="year"),
    path("a/<str:slug>/<int:pk>/", _year, name="slug"),
]


@override_settings(ROOT_URLCONF=__name__)
def test_another_urlconf_gets_its_own_shapes_and_text_arguments_are_handled():
    assert reverse_fast("year", [2026]) == "/year/2026/"
    assert reverse_fast("slug", ["x", 5]) == "/a/x/5/"
    assert _outcome(lambda: reverse_fast("org:person", [3])) == "NoReverseMatch"


def test_the_url_tag_is_the_fast_one_with_the_same_syntax():
    template = engines["django"].from_string(
        '<a href="{% url "org:person" pk %}">x</a>'
        "{% url 'org:person' pk as link %}[{{ link }}]"
        "{% url 'no-such-page' as missing %}[{{ missing }}]"
    )
    assert isinstance(template.template.nodelist[1], FastURLNode)  # type: ignore[attr-defined]
    assert template.render({"pk": 41}) == (
        f'<a href="{reverse("org:person", args=[41])}">x</a>[{reverse("org:person", args=[41])}][]'
    )
    with pytest.raises(NoReverseMatch):
        Template("{% url 'no-such-page' %}").render(Context({}))
