"""Filling in: _fill.html renders every question type with labelled controls and htmx
wiring, _answers.html shows the answers, and a POST becomes an answer."""

from __future__ import annotations

import re

import pytest
from django.http import QueryDict
from django.template import Context, Template
from django.test import RequestFactory

from samtale.questionnaires import services
from samtale.questionnaires.filling import (
    answer_data_from_post,
    fill_context,
    save_from_post,
    sections_for,
    sections_for_responses,
)
from samtale.questionnaires.models import Answer
from samtale.questionnaires.queries import forget_published_forms
from samtale.questionnaires.tests.factories import draft_with_every_type

pytestmark = pytest.mark.django_db

FILL = Template('{% include "questionnaires/_fill.html" %}')
ANSWERS = Template('{% include "questionnaires/_answers.html" %}')


@pytest.fixture
def filled():
    version, questions = draft_with_every_type()
    services.publish(version, by=None)
    return services.start_response(version), questions


def _render(template: Template, context: dict) -> str:
    return template.render(Context({**context, "csrf_token": "tok123"}))


def _labels_for(html: str) -> set[str]:
    return set(re.findall(r'<label[^>]* for="([^"]+)"', html))


def _input_ids(html: str) -> list[str]:
    return re.findall(r'<(?:input|textarea)[^>]* id="([^"]+)"', html)


def test_every_type_renders_its_controls(filled):
    response, q = filled
    html = _render(FILL, fill_context(response, save_url="/save/"))
    # Every control has a label.
    ids = _input_ids(html)
    assert ids
    assert set(ids) <= _labels_for(html)
    # Free text: a textarea with its label and hint.
    assert f'<textarea class="form-input samtale-answer-text" id="id_q{q["text"].pk}"' in html
    assert f'aria-describedby="id_q{q["text"].pk}_helptext"' in html
    # Scale: a fieldset with the question as legend, five radios with their labels.
    assert html.count(f'name="q{q["scale"].pk}"') == 5
    assert '<legend class="form-label">Hvordan trives du? <span class="samtale-required">' in html
    assert "Meget godt</label>" in html
    # Single choice: radios; multiple choice: checkboxes.
    assert html.count(f'type="radio" class="form-radio" id="id_q{q["single"].pk}_') == 3
    assert html.count(f'type="checkbox" class="form-checkbox" id="id_q{q["multiple"].pk}_') == 3
    # Grid: a table, a row header per competence, five radios per row.
    grid = q["grid"].pk
    assert f'<th scope="row" id="q{grid}-row-0-label">Faglighed</th>' in html
    assert html.count(f'name="q{grid}-row-1"') == 5
    assert '<span class="sr-only">Samarbejde: </span>3' in html
    # htmx: each question posts itself, text while typing too; a live status line each.
    assert html.count('hx-post="/save/"') == 5
    assert html.count('hx-trigger="input changed delay:800ms, change"') == 1
    assert html.count('aria-live="polite"') == 5
    assert f'hx-vals=\'{{"question": "{q["grid"].pk}"}}\'' in html
    assert 'hx-headers=\'{"X-CSRFToken": "tok123"}\'' in html
    assert " disabled" not in html


def test_a_preview_is_disabled_and_posts_nothing(filled):
    response, _ = filled
    html = _render(FILL, fill_context(version=response.version))
    assert "hx-post" not in html
    assert "hx-headers" not in html
    assert html.count(" disabled") == 1 + 5 + 3 + 3 + 10


def test_saved_answers_are_shown_checked_and_filled(filled):
    response, q = filled
    services.save_answer(response, q["text"], {"value": "Vi <b>lykkedes</b>"})
    services.save_answer(response, q["scale"], {"value": "4"})
    services.save_answer(response, q["multiple"], {"values": ["1"]})
    services.save_answer(response, q["grid"], {"row-1": "2"})
    html = _render(FILL, fill_context(response, save_url="/save/"))
    assert "Vi &lt;b&gt;lykkedes&lt;/b&gt;</textarea>" in html
    assert re.search(rf'id="id_q{q["scale"].pk}_4" [^>]*value="4" checked', html)
    assert html.count(" checked") == 3
    answers = _render(ANSWERS, fill_context(response))
    assert "Vi &lt;b&gt;lykkedes&lt;/b&gt;" in answers
    assert "4 (Godt)" in answers
    assert "Sparring" in answers
    assert "Samarbejde: 2 (Vil udvikle noget)" in answers
    assert answers.count("Not answered") + answers.count("Ikke besvaret") == 1


def test_answer_data_from_post(filled):
    _, q = filled
    post = QueryDict(mutable=True)
    post.update({"question": "1", f"q{q['text'].pk}": "Hej", f"q{q['single'].pk}": "2"})
    post.setlist(f"q{q['multiple'].pk}", ["0", "2"])
    post.update({f"q{q['grid'].pk}-row-0": "3", f"q{q['grid'].pk}-row-1": ""})
    assert answer_data_from_post(q["text"], post) == {"value": "Hej"}
    assert answer_data_from_post(q["single"], post) == {"value": "2"}
    assert answer_data_from_post(q["scale"], post) == {"value": ""}
    assert answer_data_from_post(q["multiple"], post) == {"values": ["0", "2"]}
    assert answer_data_from_post(q["grid"], post) == {"row-0": "3", "row-1": ""}


def test_save_from_post_says_saved_or_what_is_wrong(filled, rf: RequestFactory):
    response, q = filled
    scale = q["scale"]
    request = rf.post("/save/", {"question": str(scale.pk), f"q{scale.pk}": "5"})
    result = save_from_post(request, response)
    assert result.status_code == 200
    assert result.content.decode().strip() in ("Saved", "Gemt")
    assert Answer.objects.get(response=response, question=scale).value == 5

    request = rf.post("/save/", {"question": str(scale.pk), f"q{scale.pk}": "7"})
    result = save_from_post(request, response)
    assert result.status_code == 200
    assert "samtale-save-error" in result.content.decode()
    assert Answer.objects.get(response=response, question=scale).value == 5


def test_save_from_post_refuses_a_question_of_another_form(filled, rf: RequestFactory):
    from django.http import Http404

    response, _ = filled
    _other, other_q = draft_with_every_type(family="andet")
    for question in (str(other_q["text"].pk), "", "abc"):
        with pytest.raises(Http404):
            save_from_post(rf.post("/save/", {"question": question}), response)


def test_many_responses_at_once_cost_three_queries(filled, django_assert_num_queries):
    """A GRUS page shows every member's shared preparation: the sections and questions
    of each distinct version once, and the answers of all responses in one query; each
    response reads exactly as ``sections_for`` shows it alone."""
    first, q = filled
    services.save_answer(first, q["text"], {"value": "Første"})
    services.save_answer(first, q["grid"], {"row-1": "2"})
    second = services.start_response(first.version)
    services.save_answer(second, q["scale"], {"value": "4"})
    services.save_answer(second, q["multiple"], {"values": ["0", "2"]})
    other_version, other_q = draft_with_every_type(family="andet")
    services.update_section(other_q["text"].section, title="Et andet skema")
    services.publish(other_version, by=None)
    third = services.start_response(other_version)
    services.save_answer(third, other_q["single"], {"value": "1"})
    responses = [first, second, third, services.start_response(first.version)]
    forget_published_forms()
    with django_assert_num_queries(3):  # sections, questions, answers
        together = sections_for_responses(responses)
    # published forms never change: the next time only the answers are read
    with django_assert_num_queries(1):
        assert sections_for_responses(responses) == together
    for response in responses:
        assert together[response.pk] == sections_for(response.version, response)
    assert together[third.pk][0].title == "Et andet skema"
    assert together[first.pk][0].questions[0].value == "Første"
    assert together[second.pk][1].questions[0].chosen == ["Kursus", "Nye opgaver"]
    assert not any(v.answered for s in together[responses[3].pk] for v in s.questions)


def test_no_responses_no_queries(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert sections_for_responses([]) == {}
