"""The pages of the agreed levels: "Aftalte kompetenceniveauer" on the summary page, the
levels with the summary on the conversation page (and in the API), and "Mine
kompetencer" with its access matrix, read log and pinned query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samtale.access.models import ReadLog
from samtale.competences.models import AgreedLevel
from samtale.competences.tests.test_agreed_levels import (
    accept,
    assess,
    c,
    write,
)
from samtale.conversations import services as conversation_services
from samtale.testing import factories
from samtale.testing.factories import actor, host

pytestmark = pytest.mark.django_db


def reads_by(person: Any) -> list[str]:
    return list(ReadLog.objects.filter(reader=person.user).values_list("what", flat=True))


# --- the summary page ---------------------------------------------------------------------


def test_the_summary_page_shows_required_own_and_leaders_assessment(client_as, personas, profile):
    mus = factories.invited("mus", person=personas.employee)
    assess(mus, personas.employee, {"Samarbejde": 2}, share=False)
    assess(mus, personas.leader, {"Samarbejde": 4, "Kommunikation": 3}, share=True)
    conversation_services.mark_held(mus, by=host(mus))
    client = client_as("leader")
    url = reverse("conversations:summary", args=[mus.pk])
    page = client.get(url).content.decode()
    assert "Aftalte kompetenceniveauer" in page
    assert "Medarbejderens vurdering vises, når medarbejderen har delt sin forberedelse." in page
    assert reads_by(personas.leader) == []  # nothing of Emma's shown
    # Emma shares: her self-assessment is shown, and the read logged
    conversation_services.share_preparation(
        conversation_services.preparation_of(mus, by=actor(personas.employee)),
        by=actor(personas.employee),
    )
    page = client.get(url).content.decode()
    row = page.split('<th scope="row">Samarbejde</th>')[1].split("</tr>")[0]
    assert [cell.split("</td>")[0].strip() for cell in row.split("<td>")[1:4]] == ["3", "2", "4"]
    assert "Selvvurdering fra Emma Ansat" in reads_by(personas.leader)


def test_the_leader_saves_the_agreed_levels_with_the_summary(client_as, personas, profile):
    mus = factories.held("mus", person=personas.employee)
    client = client_as("leader")
    url = reverse("conversations:summary", args=[mus.pk])
    response = client.post(
        url,
        {
            "summary": "Referat",
            "agreements": "",
            f"level_c{c('Samarbejde').pk}": "3",
            f"level_c{c('Kommunikation').pk}": "",
        },
    )
    assert response.status_code == 302
    assert [
        (r.competence.name, r.level) for r in AgreedLevel.objects.filter(person=personas.employee)
    ] == [("Samarbejde", 3)]
    # the page shows what the draft holds
    page = client.get(url).content.decode()
    assert 'value="3" selected' in page
    # a level that is no level is refused, with the summary
    response = client.post(url, {"summary": "Nyt", f"level_c{c('Samarbejde').pk}": "7"})
    assert response.status_code == 200
    assert AgreedLevel.objects.get(person=personas.employee).level == 3


def test_a_grus_summary_has_no_levels(client_as, personas, profile):
    grus = factories.held("grus", team=personas.teams["stue"])
    page = client_as("leader").get(reverse("conversations:summary", args=[grus.pk]))
    assert "Aftalte kompetenceniveauer" not in page.content.decode()


# --- the conversation page, the API ------------------------------------------------------


def test_the_levels_are_shown_with_the_summary_to_who_reads_it(client_as, personas, profile):
    mus = factories.held("mus", person=personas.employee)
    write(mus, {"Kommunikation": 3}, share=False)
    url = reverse("conversations:detail", args=[mus.pk])
    leader_page = client_as("leader").get(url).content.decode()
    assert "Aftalte kompetenceniveauer" in leader_page and "En kladde" in leader_page
    # a draft: Emma does not see it
    assert "Aftalte kompetenceniveauer" not in client_as("employee").get(url).content.decode()
    conversation_services.share_summary(mus, by=host(mus))
    page = client_as("employee").get(url).content.decode()
    assert "Aftalte kompetenceniveauer" in page and "Foreslået" in page
    assert "3 Erfaren" in page
    accept(mus, personas.employee)
    page = client_as("employee").get(url).content.decode()
    assert "Accepteret: det er personens nuværende niveauer." in page
    assert "Aftalte kompetenceniveauer, version 1" in reads_by(personas.employee)
    api = client_as("employee").get(f"/api/v1/conversations/{mus.pk}").json()
    assert api["summaries"][0]["agreed_levels"] == [
        {
            "competence_id": c("Kommunikation").pk,
            "competence": "Kommunikation",
            "level": 3,
            "accepted": True,
        }
    ]
    # nobody else reads the conversation
    for other in ("chief", "hr", "tr", "amr", "colleague"):
        assert client_as(other).get(url).status_code == 404


def test_the_pdf_has_the_levels(client_as, personas, profile):
    mus = factories.held("mus", person=personas.employee)
    write(mus, {"Kommunikation": 3})
    response = client_as("employee").get(reverse("conversations:pdf", args=[mus.pk]))
    assert response.status_code == 200
    from samtale.testing.pdf import pdf_text

    assert "Aftalte kompetenceniveauer" in pdf_text(response.content)


def test_a_held_mus_with_grids_levels_and_plans_costs_at_most_15_queries(
    client_as, personas, profile, django_assert_max_num_queries
):
    """Issue 9's budget: both preparations shared with their competence grids, the
    summary with agreed levels, accepted, this year's plan and last year's. The grids'
    names come with the answers' query, the levels with the summary versions' query."""
    from samtale.development import services as development_services

    last_year = factories.accepted(factories.held("mus", person=personas.employee, days_ago=360))
    development_services.add_item(last_year, by=actor(personas.leader), goal="Sidste års mål")
    mus = factories.invited("mus", person=personas.employee)
    assess(mus, personas.employee, {"Samarbejde": 2, "Kommunikation": 3}, share=True)
    assess(mus, personas.leader, {"Samarbejde": 3}, share=True)
    conversation_services.mark_held(mus, by=host(mus))
    development_services.add_item(mus, by=actor(personas.leader), goal="Årets mål")
    write(mus, {"Samarbejde": 3, "Kommunikation": 3})
    accept(mus, personas.employee)
    for who in ("leader", "employee"):
        client = client_as(who)
        url = reverse("conversations:detail", args=[mus.pk])
        client.get(url)
        with django_assert_max_num_queries(15):
            page = client.get(url).content.decode()
        assert "Aftalte kompetenceniveauer" in page and "Årets mål" in page
        assert "Samarbejde: 2 (Selvstændig)" in page  # Emma's shared grid, named


def test_the_panel_costs_nothing_before_the_mus_is_held(client_as, personas, profile):
    mus = factories.invited("mus", person=personas.employee)
    client = client_as("employee")
    url = reverse("conversations:detail", args=[mus.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    # the summary versions' query carries the levels' subquery; nothing reads them alone
    assert not any(q["sql"].startswith('SELECT "competences_') for q in queries.captured_queries)


# --- Mine kompetencer -----------------------------------------------------------------------


@pytest.fixture
def agreed(personas, profile) -> Any:
    last_year = factories.held("mus", person=personas.employee, days_ago=365)
    write(last_year, {"Samarbejde": 2, "Kommunikation": 2})
    accept(last_year, personas.employee)
    mus = factories.held("mus", person=personas.employee, days_ago=1)
    write(mus, {"Samarbejde": 3, "Kommunikation": 3})
    accept(mus, personas.employee)
    return mus


ALLOWED = {"employee", "leader", "chief"}  # Emma, her leader, and her leader's chief


@pytest.mark.parametrize(
    "who",
    [
        "employee",
        "leader",
        "chief",
        "colleague",
        "board_chair",
        "hr",
        "hr_elsewhere",
        "tr",
        "amr",
        "admin",
        "outsider",
    ],
)
def test_who_sees_emmas_competences(client_as, personas, agreed, who):
    client = client_as(who)
    url = reverse("competences:person", args=[personas.employee.pk])
    response = client.get(url)
    if who == "employee":
        assert response.status_code == 302 and response["Location"] == reverse("competences:mine")
        page = client.get(reverse("competences:mine")).content.decode()
        assert "Mine kompetencer" in page
    elif who in ALLOWED:
        assert response.status_code == 200
        page = response.content.decode()
        assert "Kompetencer for Emma Ansat" in page
    else:
        assert response.status_code == 404
        return
    assert "1 niveau under" in page  # Kommunikation: required 4, agreed 3
    assert "Niveau 2, aftalt" in page  # last year's, now history
    reads = reads_by(personas.person(who))
    if who == "employee":
        assert reads == []
    else:
        assert reads == ["Aftalte kompetenceniveauer for Emma Ansat"] * 2  # two conversations


def test_another_leader_does_not_see_them(client, personas, agreed):
    client.force_login(personas.people["ege_leader"].user)
    assert client.get(reverse("competences:person", args=[personas.employee.pk])).status_code == 404


def test_mine_without_a_person_is_404(client_as):
    assert client_as("admin").get(reverse("competences:mine")).status_code == 404


def test_mine_without_a_profile_or_levels(client_as, personas):
    page = client_as("outsider").get(reverse("competences:mine")).content.decode()
    assert "Du har ingen kompetenceprofil endnu" in page


def test_the_menu_links_to_mine(client_as):
    page = client_as("employee").get(reverse("home")).content.decode()
    assert reverse("competences:mine") in page


def test_the_pages_cost_a_fixed_number_of_queries(
    client_as, personas, agreed, django_assert_num_queries
):
    for n in range(3):  # more history costs nothing more
        mus = factories.held("mus", person=personas.employee, days_ago=30 + n)
        write(mus, {"Samarbejde": 2 + n % 2, "Faglig viden": 1})
        accept(mus, personas.employee)
    client = client_as("employee")
    # session, the viewer; the profile (two), the levels (with their conversations); the
    # main menu's rounds
    with django_assert_num_queries(6):
        client.get(reverse("competences:mine"))
    client = client_as("leader")
    # the same, and the person and the read log's one insert
    with django_assert_num_queries(8):
        client.get(reverse("competences:person", args=[personas.employee.pk]))


def test_the_person_page_links_to_the_competences_for_the_person_and_their_leaders(
    client_as, personas
):
    url = reverse("org:person", args=[personas.employee.pk])
    target = reverse("competences:person", args=[personas.employee.pk])
    for who, linked in (("employee", True), ("leader", True), ("colleague", False), ("hr", False)):
        assert (target in client_as(who).get(url).content.decode()) is linked, who
