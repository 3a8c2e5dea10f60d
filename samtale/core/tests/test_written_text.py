"""Typed text on pages and in PDFs: paragraphs and line breaks as typed, bullet lines as a
real list, and never the writer's HTML."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from samtale.core.templatetags.written_text import paragraphs


def render(text: str) -> str:
    return Template("{% load written_text %}{{ text|paragraphs }}").render(Context({"text": text}))


def test_paragraphs_and_line_breaks_as_typed():
    assert render("Første linje\nanden linje\n\nNyt afsnit") == (
        "<p>Første linje<br>anden linje</p>\n\n<p>Nyt afsnit</p>"
    )


@pytest.mark.parametrize("bullet", ["-", "*", "•", "–"])
def test_bullet_lines_are_a_list(bullet: str):
    text = f"Vi aftalte:\n{bullet} kursus i foråret\n{bullet} sparring med Åse\nResten følger."
    assert render(text) == (
        "<p>Vi aftalte:</p>"
        "<ul><li>kursus i foråret</li><li>sparring med Åse</li></ul>"
        "<p>Resten følger.</p>"
    )


def test_an_indented_line_continues_its_item():
    assert render("- kursus\n  i foråret\n- sparring") == (
        "<ul><li>kursus<br>i foråret</li><li>sparring</li></ul>"
    )


def test_numbered_lines_and_dashes_inside_a_line_stay_text():
    text = "1. december holder vi møde\nøve - lære - følge op\n-ingen mellemrum"
    assert render(text) == (
        "<p>1. december holder vi møde<br>øve - lære - følge op<br>-ingen mellemrum</p>"
    )


def test_the_writers_html_is_shown_as_text():
    assert render("<b>fed</b>\n- <script>x</script> & co") == (
        "<p>&lt;b&gt;fed&lt;/b&gt;</p><ul><li>&lt;script&gt;x&lt;/script&gt; &amp; co</li></ul>"
    )


def test_empty_text_is_nothing():
    assert render("") == ""
    assert paragraphs("  \n ") == ""
