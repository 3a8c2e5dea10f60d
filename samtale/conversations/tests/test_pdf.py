"""The conversation as PDF: opened with pypdf and read as a person would. It holds the
agenda, the shared preparations and the summary and agreements with Danish letters; never
another participant's unshared preparation, and the leader's draft only for the leader.
Only the participants get it, and each download is in the read log."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from samtale.access.models import ReadLog
from samtale.conversations import services
from samtale.conversations.models import AgendaItem, ConversationKind, Preparation
from samtale.conversations.pdf import ascii_safe, pdf_context, pdf_filename
from samtale.questionnaires import services as questionnaire_services
from samtale.questionnaires.models import Question, QuestionType
from samtale.questionnaires.queries import latest_published
from samtale.testing import worlds
from samtale.testing.factories import actor, host
from samtale.testing.html import repeated_ids
from samtale.testing.pdf import pdf_catalog, pdf_structure, pdf_text, pdf_title
from samtale.testing.personas import LOGGED_IN

pytestmark = pytest.mark.django_db

SUMMARY = "Referat: Æ Ø Å æ ø å. Emma trives i Solsikken."
AGREEMENTS = "Aftale: kursus i sprogpædagogik – blåbærgrød og rødgrød med fløde."
EMPLOYEE_ANSWER = "Jeg vil gerne lære mere om småbørns sprog."
LEADER_PRIVATE = "Lederens private tanker om lønforhandling."
COLLEAGUE_PRIVATE = "Kaspers egen ikke-delte note."
DRAFT = "Udkast til version to, ikke delt."
THEME = "Arbejdstid og pauser på stuen"


def _text_question(version) -> Question:
    question = (
        Question.objects.filter(section__version=version, type=QuestionType.TEXT)
        .order_by("section__order", "order", "pk")
        .first()
    )
    assert question is not None
    return question


def _prepare(conversation, person, answer: str, *, shared: bool) -> Preparation:
    # Made here with the questionnaire services, independent of the preparation pages.
    version = latest_published("mus", "da")
    assert version is not None
    response = questionnaire_services.start_response(version)
    questionnaire_services.save_answer(response, _text_question(version), {"value": answer})
    return Preparation.objects.create(
        conversation=conversation,
        person=person,
        response=response,
        shared_at=timezone.now() if shared else None,
    )


@worlds.world(on="personas")
def mus_for_the_pdf(personas):
    """Emma's MUS: both prepared (Lene privately), held, the summary accepted with a
    comment, then a new draft of it (samtale.testing.worlds)."""
    conversation = services.plan(
        kind=ConversationKind.objects.get(code="mus"),
        person=personas.employee,
        by=actor(personas.employee.manager),
    )
    services.invite(
        conversation,
        by=host(conversation),
        starts_at=timezone.now() + datetime.timedelta(days=2),
        location="Mødelokale Æblet",
    )
    AgendaItem.objects.create(conversation=conversation, proposed_by=personas.employee, text=THEME)
    _prepare(conversation, personas.employee, EMPLOYEE_ANSWER, shared=True)
    _prepare(conversation, personas.leader, LEADER_PRIVATE, shared=False)
    services.mark_held(conversation, by=host(conversation))
    services.write_summary(
        conversation, by=host(conversation), summary=SUMMARY, agreements=AGREEMENTS
    )
    services.share_summary(conversation, by=host(conversation))
    services.respond_to_summary(
        conversation,
        by=actor(personas.employee),
        accept=True,
        comment="Tak for en god samtale.",
    )
    # After acceptance a change is a new version: the leader's unshared draft.
    services.write_summary(conversation, by=host(conversation), summary=DRAFT)
    return conversation


@pytest.fixture
def mus(mus_for_the_pdf):
    return mus_for_the_pdf


def _pdf(client, conversation) -> str:
    response = client.get(reverse("conversations:pdf", args=[conversation.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return " ".join(pdf_text(response.content).split())


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_the_employees_pdf(client_as, mus):
    text = _pdf(client_as("employee"), mus)
    assert "Æ Ø Å æ ø å" in text
    assert _squash(SUMMARY) in text and _squash(AGREEMENTS) in text
    assert THEME in text
    assert EMPLOYEE_ANSWER in text
    assert "Emma Ansat" in text and "Lene Leder" in text and "Mødelokale Æblet" in text
    assert "Tak for en god samtale." in text  # the employee's comment on the summary
    assert LEADER_PRIVATE not in text  # another participant's unshared preparation
    assert DRAFT not in text  # the leader's unshared draft


def test_the_leaders_pdf_has_the_draft_but_not_their_own_choice_of_others(client_as, mus):
    text = _pdf(client_as("leader"), mus)
    assert DRAFT in text and _squash(SUMMARY) in text
    assert EMPLOYEE_ANSWER in text  # shared with the leader
    assert LEADER_PRIVATE in text  # the leader's own, marked as not shared


def test_a_grus_members_unshared_preparation_stays_theirs(client_as, personas):
    grus = services.plan(
        kind=ConversationKind.objects.get(code="grus"),
        team=personas.teams["stue"],
        by=actor(personas.teams["stue"].leader),
    )
    _prepare(grus, personas.colleague, COLLEAGUE_PRIVATE, shared=False)
    _prepare(grus, personas.employee, EMPLOYEE_ANSWER, shared=True)
    employee_text = _pdf(client_as("employee"), grus)
    assert EMPLOYEE_ANSWER in employee_text and COLLEAGUE_PRIVATE not in employee_text
    assert COLLEAGUE_PRIVATE not in _pdf(client_as("leader"), grus)
    assert COLLEAGUE_PRIVATE in _pdf(client_as("colleague"), grus)


@pytest.mark.parametrize(
    ("persona", "status"),
    [(name, 200 if name in ("employee", "leader") else 404) for name in LOGGED_IN],
)
def test_only_participants_get_the_pdf(client_as, mus, persona, status):
    response = client_as(persona).get(reverse("conversations:pdf", args=[mus.pk]))
    assert response.status_code == status
    if status == 404:
        assert b"%PDF" not in response.content


def test_anonymous_is_sent_to_login(client, mus):
    response = client.get(reverse("conversations:pdf", args=[mus.pk]))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_the_download_is_in_the_read_log(client_as, personas, mus):
    """What the PDF shows of others' content is logged, marked as read in a PDF: for
    Emma the leader's summary (her own preparation and theme are hers); for the leader
    Emma's preparation, theme and answer (his unshared notes are his)."""
    ReadLog.objects.all().delete()
    _pdf(client_as("employee"), mus)
    entries = list(ReadLog.objects.values_list("reader_name", "subject_type", "subject_id", "what"))
    assert entries == [("Emma Ansat", "conversation", mus.pk, "Referat, version 1 (PDF)")]
    ReadLog.objects.all().delete()
    _pdf(client_as("leader"), mus)
    assert sorted(ReadLog.objects.values_list("what", flat=True)) == [
        "Forberedelse fra Emma Ansat (PDF)",
        "Svar på referatet fra Emma Ansat (PDF)",
        "Temaer foreslået af Emma Ansat (PDF)",
    ]
    ReadLog.objects.all().delete()
    client_as("outsider").get(reverse("conversations:pdf", args=[mus.pk]))
    assert not ReadLog.objects.exists()  # a refused request reads nothing


def test_the_filename(client_as, mus):
    response = client_as("employee").get(reverse("conversations:pdf", args=[mus.pk]))
    day = timezone.localtime(mus.starts_at).date().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="MUS-Emma-Ansat-{day}.pdf"'
    assert pdf_filename(mus) == f"MUS-Emma-Ansat-{day}.pdf"


def test_ascii_safe():
    assert ascii_safe("Stue Mariehønen") == "Stue-Mariehoenen"
    assert ascii_safe("Ærø Åløkke é/ü") == "Aeroe-Aaloekke-e-u"
    assert ascii_safe("Opfølgende samtale") == "Opfoelgende-samtale"


def test_the_conversation_page_links_to_the_pdf(client_as, mus):
    page = client_as("employee").get(reverse("conversations:detail", args=[mus.pk]))
    assert reverse("conversations:pdf", args=[mus.pk]).encode() in page.content


def test_every_page_says_whose_it_is_and_that_it_holds_personal_data(client_as, personas):
    """A long conversation runs over several pages: each page carries the notice at its
    foot (not only the last, and never a page with the notice alone)."""
    conversation = services.plan(
        kind=ConversationKind.objects.get(code="mus"),
        person=personas.employee,
        by=actor(personas.employee.manager),
    )
    long_text = "\n\n".join(f"Afsnit {i}: " + "Æblerne på stuen er røde. " * 12 for i in range(30))
    _prepare(conversation, personas.employee, long_text, shared=True)
    response = client_as("employee").get(reverse("conversations:pdf", args=[conversation.pk]))
    pages = [" ".join(page.split()) for page in pdf_text(response.content).split("\f")]
    assert len(pages) >= 3
    for page in pages:
        assert "til Emma Ansat. Indeholder personoplysninger: opbevar dokumentet sikkert." in page
    assert "Referat og aftaler" in pages[-1].split("Lavet ")[0]  # content, not the notice alone


def test_the_pdf_is_tagged_for_screen_readers(client_as, mus):
    data = client_as("employee").get(reverse("conversations:pdf", args=[mus.pk])).content
    catalog = pdf_catalog(data)
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert catalog["/Lang"] == "da"
    assert pdf_title(data) == "MUS – Emma Ansat"
    headings = [h for role in ("H1", "H2", "H3") for h in pdf_structure(data).all(role)]
    assert len(headings) >= 6


def test_typed_agreements_are_a_list_whose_bullets_stay_with_their_items(client_as, personas):
    """Agreements typed as "- ..." lines become a real list: each agreement stands whole on
    one page (never split by a page break), and a screen reader is told each item's bullet
    and text together, as for the agenda."""
    conversation = services.plan(
        kind=ConversationKind.objects.get(code="mus"),
        person=personas.employee,
        by=actor(personas.employee.manager),
    )
    services.invite(
        conversation,
        by=host(conversation),
        starts_at=timezone.now() + datetime.timedelta(days=1),
        location="Mødelokale Æblet",
    )
    themes = [f"Tema {n}: arbejdstid og pauser på stuen" for n in range(12)]
    for theme in themes:
        AgendaItem.objects.create(
            conversation=conversation, proposed_by=personas.employee, text=theme
        )
    services.mark_held(conversation, by=host(conversation))
    agreements = [
        f"Aftale {n}: kursus i sprogpædagogik og sparring med en kollega" + " rødgrød" * (n % 4 * 5)
        for n in range(40)
    ]
    services.write_summary(
        conversation,
        by=host(conversation),
        summary="Vi talte om trivsel og kurser.",
        agreements="\n".join(f"- {agreement}" for agreement in agreements),
    )
    services.share_summary(conversation, by=host(conversation))

    data = client_as("employee").get(reverse("conversations:pdf", args=[conversation.pk])).content
    pages = [_squash(page) for page in pdf_text(data).split("\f")]
    assert len({n for n, page in enumerate(pages) for a in agreements if a in page}) >= 2
    for agreement in agreements:
        assert [agreement in page for page in pages].count(True) == 1, agreement

    items = [li for li in pdf_structure(data).all("LI") if li.all("Lbl")]
    assert len(items) == len(themes) + len(agreements)
    assert {tuple(kid.role for kid in item.kids) for item in items} == {("Lbl", "LBody")}


def test_each_preparation_keeps_its_own_ids_on_the_page_and_in_the_pdf(client_as, personas, mus):
    """Two filled-in forms on one page: each form's sections are labelled by their own
    headings (``aria-labelledby``), not by the first form's."""
    Preparation.objects.filter(conversation=mus).update(shared_at=timezone.now())
    page = client_as("leader").get(reverse("conversations:detail", args=[mus.pk])).content
    assert repeated_ids(page.decode()) == []
    assert 'aria-labelledby="answers-2-section-1"' in page.decode()
    html = render_to_string("conversations/pdf.html", pdf_context(actor(personas.leader), mus))
    assert repeated_ids(html) == []
