"""``samtale.conversations.reading``: which reads of other people's content go into the
read log (the shared rule of the conversation page and the API), and the answers of a
preparation as text."""

from typing import Any

import pytest

from samtale.access.models import ReadLog
from samtale.access.viewer import viewer_for
from samtale.api.tests.helpers import answer, planned
from samtale.conversations import reading, services
from samtale.conversations.followups import services as follow_up_services
from samtale.questionnaires.models import Question, QuestionType
from samtale.questionnaires.services import save_answer
from samtale.testing.factories import actor, host


@pytest.mark.django_db
def test_what_the_log_says_and_what_it_leaves_out(personas):
    """``content_for`` returns what the viewer may read and logs, once, each piece of
    someone else's content in it; nothing of the viewer's own."""
    mus = planned("mus", person=personas.employee)
    mine = answer(mus, personas.leader, "Lederens egne noter")
    hers = answer(mus, personas.employee, "Emmas svar")
    services.share_preparation(hers, by=actor(personas.employee))
    services.propose_theme(mus, by=actor(personas.employee), text="Kurser")
    services.mark_held(mus, by=host(mus))
    services.write_summary(mus, by=host(mus), summary="Udkast")
    services.save_note(mus, by=actor(personas.employee), shared=True, text="Fælles noter")
    follow_up_services.request_follow_up(
        mus, by=actor(personas.employee), reason="Vi skal tale om mit skema"
    )
    leader = viewer_for(personas.user("leader"))
    content = reading.content_for(leader, mus, parts=reading.Part.PAGE)
    assert content.preparations == [hers, mine]  # by name: Emma, Lene
    assert [v.summary for v in content.summaries] == ["Udkast"]  # the leader's own draft
    # Not the leader's own preparation, nor the summary the leader wrote.
    expected = [
        "Forberedelse fra Emma Ansat",
        "Temaer foreslået af Emma Ansat",
        "Fælles noter",
        "Anmodning om en opfølgende samtale",
    ]
    assert [what for _pk, what in content.reads] == expected
    assert list(ReadLog.objects.order_by("pk").values_list("what", flat=True)) == expected
    # The employee sees no draft, and reads nothing of her own (the leader wrote nothing
    # she can see yet).
    ReadLog.objects.all().delete()
    employee = viewer_for(personas.user("employee"))
    content = reading.content_for(employee, mus, parts=reading.Part.PAGE)
    assert content.summaries == [] and content.preparations == [hers]
    assert content.reads == [] and not ReadLog.objects.exists()
    # Asking for fewer parts reads (and logs) fewer.
    content = reading.content_for(leader, mus, parts=reading.Part.AGENDA)
    assert [what for _pk, what in content.reads] == ["Temaer foreslået af Emma Ansat"]


@pytest.mark.django_db
def test_every_kind_of_answer_reads_as_on_the_page(api_get, personas):
    """One answer of each question type in a LUS form (it has them all), read through
    the API by the author: text as written, a scale's number and label, the choices, a
    competence grid's rows; an unanswered question is empty."""
    lus = planned("lus", person=personas.leader)
    preparation = services.preparation_of(lus, by=actor(personas.leader))
    questions = {
        q.type: q
        for q in Question.objects.filter(section__version=lus.questionnaire_version).order_by(
            "-section__order", "-order", "-pk"
        )
    }
    assert set(questions) == set(QuestionType.values)
    data: dict[str, dict[str, Any]] = {
        QuestionType.TEXT: {"value": "Første linje\nanden linje"},
        QuestionType.SCALE: {"value": "4"},
        QuestionType.SINGLE: {"value": "1"},
        QuestionType.MULTIPLE: {"values": ["0", "2"]},
        QuestionType.COMPETENCE_GRID: {"row-1": "5", "row-0": "2"},
    }
    for kind, question in questions.items():
        save_answer(preparation.response, question, data[kind])
    shown = api_get("leader", f"/api/v1/conversations/{lus.pk}").json()
    (mine,) = shown["preparations"]
    read = {
        q["question"]: (q["type"], q["answered"], q["answer"])
        for section in mine["sections"]
        for q in section["questions"]
    }
    q = questions
    grid_rows = q[QuestionType.COMPETENCE_GRID].options["rows"]
    grid_labels = q[QuestionType.COMPETENCE_GRID].options["labels"]
    expected = {
        q[QuestionType.TEXT].text: "Første linje\nanden linje",
        q[QuestionType.SCALE].text: f"4 ({q[QuestionType.SCALE].options['labels'][3]})",
        q[QuestionType.SINGLE].text: q[QuestionType.SINGLE].options["choices"][1],
        q[QuestionType.MULTIPLE].text: ", ".join(
            q[QuestionType.MULTIPLE].options["choices"][i] for i in (0, 2)
        ),
        q[QuestionType.COMPETENCE_GRID].text: f"{grid_rows[0]}: 2 ({grid_labels[1]})\n"
        f"{grid_rows[1]}: 5 ({grid_labels[4]})",
    }
    for text, answer_ in expected.items():
        kind, answered, got = read[text]
        assert answered and got == answer_, kind
    unanswered = [v for v in read.values() if not v[1]]
    assert unanswered and all(v[2] is None for v in unanswered)
