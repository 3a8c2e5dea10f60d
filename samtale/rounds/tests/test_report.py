"""The round's report (status while it runs, closing report once closed): counts per unit
rolled up the tree, share held, who is not held (names for HR and the leader only),
follow-ups outstanding and person-hours; as a page, a PDF and a workbook, per persona,
with query counts that do not grow with the units or conversations.

The round (``running``) is over Dagtilbud Nord, announced, with MUS preparation set to
45 minutes per participant:

- Solsikken (SOL): Emma's MUS accepted (30 min), Kasper's MUS invited, the GRUS of Stue
  Mariehønen cancelled, Lene's LUS with Christian held (45 min);
- Solsikken Vuggestue (SOLV): Tina's MUS held (30 min) with an overdue follow-up,
  Anders' MUS not booked;
- Mælkebøtten (MAE): Morten's LUS with the board chair and Mette's MUS not booked.

Person-minutes: MUS 2 held × 2 participants × (30 + 45) = 300; LUS 2 × (45 + 30) = 150;
in all 450 = 7.5 person-hours.
"""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from samtale.access.viewer import acting_as, viewer_for
from samtale.conversations import services as conversation_services
from samtale.conversations.followups import services as follow_up_services
from samtale.conversations.models import FollowUpRequest
from samtale.org.models import OrgUnit
from samtale.rounds import policy, report, services
from samtale.rounds.models import Round, RoundConversation, RoundEvent, RoundKind
from samtale.testing import factories
from samtale.testing.pdf import pdf_catalog, pdf_text, pdf_title
from samtale.testing.personas import LOGGED_IN

pytestmark = pytest.mark.django_db

# The names of who is not held (and whose follow-up waits: Tina).
NOT_HELD = ("Kasper Kollega", "Stue Mariehønen", "Anders Arbejdsmiljø", "Morten Mælkebøtte")
LENES = ("Kasper Kollega", "Stue Mariehønen", "Anders Arbejdsmiljø")
ALLOWED = {"hr", "admin", "leader", "chief", "board_chair", "tr", "amr"}
URLS = ("rounds:report", "rounds:report_pdf", "rounds:report_xlsx")


@pytest.fixture
def running(personas) -> Round:
    hr = acting_as(personas.hr)
    today = timezone.localdate()
    round_ = factories.running_round(hr, [personas.units["DN"]], name="Dagtilbud 2026")
    mus = RoundKind.objects.get(round=round_, kind__code="mus")
    services.set_kind(
        round_,
        by=hr,
        kind=mus.kind,
        version=mus.questionnaire_version,
        preparation_minutes=45,
    )
    factories.accepted(factories.held("mus", person=personas.employee))
    factories.invited("mus", person=personas.colleague)
    tina = factories.held("mus", person=personas.tr)
    round_ = services.announce(round_, by=hr, override_reason="Test")
    link = RoundConversation.objects.select_related("conversation")
    grus = link.get(round=round_, conversation__team__isnull=False).conversation
    conversation_services.cancel(grus, by=factories.host(grus))
    lus = link.get(round=round_, conversation__person=personas.leader).conversation
    conversation_services.invite(
        lus,
        by=factories.host(lus),
        starts_at=factories.soon(0, hours=1),
        duration=45,
        location=factories.PLACE,
    )
    conversation_services.mark_held(lus, by=factories.host(lus))
    request = follow_up_services.request_follow_up(
        tina, by=factories.actor(personas.tr), reason="Mere om sprog"
    )
    FollowUpRequest.objects.filter(pk=request.pk).update(
        deadline=today - datetime.timedelta(days=1)
    )
    return round_


def report_as(round_: Round, viewer) -> report.Report:
    round_ = Round.objects.prefetch_related("units").get(pk=round_.pk)
    access = policy.report_access(viewer, round_)
    assert access is not None
    return report.report_for(round_, access)


def rows(found: report.Report) -> dict[str, tuple[int | None, int | None, int | None, str]]:
    """Each unit: called for, held, share held (%), person-hours (None, "-": hidden)."""
    return {
        r.unit.code: (
            r.counts.total,
            r.counts.done,
            r.counts.done_percent,
            str(r.time.hours) if r.time is not None else "-",
        )
        for r in found.units
    }


# --- the figures -----------------------------------------------------------------------


def test_hr_of_the_whole_scope_sees_every_unit_with_names(running, personas):
    found = report_as(running, acting_as(personas.hr))
    assert not found.final
    assert rows(found) == {
        "DN": (8, 3, 38, "7.5"),
        "SOL": (6, 3, 50, "7.5"),
        "SOLV": (2, 1, 50, "2.5"),
        "MAE": (2, 0, 0, "0.0"),
    }
    assert [r.depth for r in found.units] == [0, 1, 2, 1]
    assert found.total.total == 8 and found.total.done == 3 and found.not_held == 5
    assert found.total.follow_up_pending == 1 and found.total.follow_up_overdue == 1
    assert found.time is not None
    assert (found.time.conversation, found.time.preparation) == (210, 240)
    assert str(found.time.hours) == "7.5"
    kinds = {k.kind.code: (k.preparation_minutes, k.held, k.participants) for k in found.kinds}
    assert kinds == {"mus": (45, 2, 4), "grus": (30, 0, 0), "lus": (30, 1, 2)}
    assert found.missing is not None and found.follow_ups is not None
    assert sorted(m.with_whom for m in found.missing) == sorted(
        [*NOT_HELD, "Mette Mælkebøtte-Ansat"]
    )
    kasper = next(m for m in found.missing if m.with_whom == "Kasper Kollega")
    assert (kasper.kind.code, kasper.leader, kasper.unit) == (
        "mus",
        "Lene Leder",
        "Børnehuset Solsikken",
    )
    assert kasper.starts_at is not None
    [waiting] = found.follow_ups
    assert (waiting.with_whom, waiting.leader, waiting.overdue) == (
        "Tina Tillid",
        "Lene Leder",
        True,
    )


def test_a_leader_sees_the_conversations_they_hold(running, personas):
    found = report_as(running, acting_as(personas.leader))
    assert rows(found) == {
        "DN": (5, 2, 40, "5.0"),
        "SOL": (5, 2, 40, "5.0"),
        "SOLV": (2, 1, 50, "2.5"),
    }
    assert found.missing is not None
    assert sorted(m.with_whom for m in found.missing) == sorted(LENES)
    assert [w.with_whom for w in found.follow_ups or []] == ["Tina Tillid"]

    chief = report_as(running, acting_as(personas.chief))
    assert chief.total.total == 1 and chief.total.done == 1
    assert chief.time is not None and str(chief.time.hours) == "2.5"
    assert chief.missing == []

    board_chair = report_as(running, acting_as(personas.board_chair))
    assert [m.with_whom for m in board_chair.missing or []] == ["Morten Mælkebøtte"]


@override_settings(SAMTALE_MIN_GROUP=1)  # nothing hidden: what they see, and where
def test_tr_and_amr_see_counts_for_their_scope_without_names(running, personas):
    for name in ("tr", "amr"):
        found = report_as(running, acting_as(personas.person(name)))
        assert found.missing is None and found.follow_ups is None
        assert rows(found) == {"SOL": (6, 3, 50, "7.5"), "SOLV": (2, 1, 50, "2.5")}
        assert [(k.kind.code, k.held, k.participants) for k in found.kinds] == [
            ("mus", 2, 4),
            ("grus", 0, 0),
            ("lus", 1, 2),
        ]


def test_tr_and_amr_see_no_small_numbers(running, personas):
    """Every number of their scope is fewer than five (a 0 says nothing of anyone), so
    the units, the totals and the kinds show dashes, and no person-hours; HR, who sees
    the names, sees the numbers."""
    for name in ("tr", "amr"):
        found = report_as(running, acting_as(personas.person(name)))
        assert rows(found) == {"SOL": (None, None, None, "-"), "SOLV": (None, None, None, "-")}
        assert found.total.total is None and found.not_held is None and found.time is None
        assert found.total.invited is None and found.total.follow_up_pending is None
        assert [(k.kind.code, k.held, k.participants, k.time) for k in found.kinds] == [
            ("mus", None, None, None),
            ("grus", 0, 0, report.Time()),
            ("lus", None, None, None),
        ]
    assert rows(report_as(running, acting_as(personas.hr)))["SOL"] == (6, 3, 50, "7.5")


def test_who_sees_the_report(running, personas):
    draft = services.create_round(
        by=acting_as(personas.hr), name="Udkast", year=2030, units=[personas.units["DN"]]
    )
    for name in LOGGED_IN:
        viewer = (
            viewer_for(personas.admin_user) if name == "admin" else acting_as(personas.person(name))
        )
        access = policy.report_access(viewer, running)
        assert (access is not None) == (name in ALLOWED), name
        assert policy.report_access(viewer, draft) is None, name


def test_a_unit_moved_out_of_the_round_counts_no_more(running, personas):
    """As progress: a conversation counts where the round found the person; a unit that
    has left the round's tree since is left out, figures and names alike."""
    OrgUnit.objects.filter(pk=personas.units["MAE"].pk).update(
        path=personas.units["SS"].path + f"{personas.units['MAE'].pk}/"
    )
    found = report_as(running, acting_as(personas.hr))
    assert "MAE" not in rows(found)
    assert found.total.total == 6
    assert "Mette Mælkebøtte-Ansat" not in [m.with_whom for m in found.missing or []]


# --- the page ---------------------------------------------------------------------------


def test_page_per_persona(running, personas, client_as):
    for name in LOGGED_IN:
        client = client_as(name)
        for url in URLS:
            response = client.get(reverse(url, args=[running.pk]))
            expected = 200 if name in ALLOWED else 404
            assert response.status_code == expected, (name, url, response.status_code)
    response = client_as("anonymous").get(reverse("rounds:report", args=[running.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_page_shows_names_only_where_allowed(running, personas, client_as):
    def page(name: str) -> str:
        """The page's own content (the header names the viewer)."""
        response = client_as(name).get(reverse("rounds:report", args=[running.pk]))
        assert response.status_code == 200
        return response.content.decode().split('<main id="main-content"')[1]

    hr = page("hr")
    for who in (*NOT_HELD, "Mette Mælkebøtte-Ansat", "Tina Tillid"):
        assert who in hr, who
    assert "Statusrapport: Dagtilbud 2026" in hr
    assert "7,5" in hr and "38 %" in hr
    assert "Mere om sprog" not in hr  # the follow-up's reason is the conversation's content

    leader = page("leader")
    for who in LENES:
        assert who in leader, who
    assert "Mette Mælkebøtte-Ansat" not in leader and "Morten Mælkebøtte" not in leader

    for name in ("tr", "amr"):
        text = page(name)
        for who in (*NOT_HELD, "Mette Mælkebøtte-Ansat", "Emma Ansat"):
            assert who not in text, (name, who)
        assert "Børnehuset Solsikken" in text and "Mælkebøtten" not in text


def test_the_round_page_links_the_report_once_announced(running, personas, client_as):
    url = reverse("rounds:report", args=[running.pk])
    assert url in client_as("hr").get(reverse("rounds:detail", args=[running.pk])).content.decode()
    info = client_as("leader").get(reverse("rounds:information", args=[running.pk]))
    assert url in info.content.decode()
    info = client_as("employee").get(reverse("rounds:information", args=[running.pk]))
    assert url not in info.content.decode()
    draft = services.create_round(
        by=acting_as(personas.hr), name="Udkast", year=2030, units=[personas.units["DN"]]
    )
    detail = client_as("hr").get(reverse("rounds:detail", args=[draft.pk]))
    assert reverse("rounds:report", args=[draft.pk]) not in detail.content.decode()
    assert client_as("hr").get(reverse("rounds:report", args=[draft.pk])).status_code == 404


def test_closed_the_report_is_final(running, personas, client_as):
    services.close(running, by=acting_as(personas.hr))
    text = client_as("hr").get(reverse("rounds:report", args=[running.pk])).content.decode()
    assert "Afsluttende rapport: Dagtilbud 2026" in text
    assert "Kasper Kollega" in text
    detail = client_as("hr").get(reverse("rounds:detail", args=[running.pk])).content.decode()
    assert "Den afsluttende rapport" in detail


# --- the PDF ------------------------------------------------------------------------------


def _get(client, url: str, round_: Round):
    response = client.get(reverse(url, args=[round_.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    return response


def test_pdf_has_the_figures_and_names_where_allowed(running, personas, client_as):
    response = _get(client_as("hr"), "rounds:report_pdf", running)
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="Rapport-Dagtilbud-2026-' in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Statusrapport: Dagtilbud 2026" in text
    assert "Persontimer 7,5" in text
    # Dagtilbud Nord: called, held, share, not held, follow-ups (overdue), person-hours
    assert "8 3 38 % 5 1 (1 over fristen) 7,5" in text
    for who in (*NOT_HELD, "Mette Mælkebøtte-Ansat", "Tina Tillid"):
        assert who in text, who
    assert "Indeholder personoplysninger" in text
    assert pdf_title(response.content) == "Statusrapport: Dagtilbud 2026"
    assert pdf_catalog(response.content)["/MarkInfo"]["/Marked"]
    assert pdf_catalog(response.content)["/Lang"] == "da"

    with override_settings(SAMTALE_MIN_GROUP=1):
        text = pdf_text(_get(client_as("tr"), "rounds:report_pdf", running).content)
    assert "6 3 50 % 3 1 (1 over fristen) 7,5" in text  # Solsikken with its Vuggestue
    for who in (*NOT_HELD, "Mette Mælkebøtte-Ansat", "Emma Ansat"):
        assert who not in text, who
    assert "Indeholder personoplysninger" not in text
    text = pdf_text(_get(client_as("tr"), "rounds:report_pdf", running).content)
    assert "Børnehuset Solsikken – – – – – (– over fristen) –" in text  # k = 5: all small
    assert "vises som –" in text

    text = pdf_text(_get(client_as("leader"), "rounds:report_pdf", running).content)
    for who in LENES:
        assert who in text, who
    assert "Mette Mælkebøtte-Ansat" not in text


# --- the workbook --------------------------------------------------------------------------


def _workbook(client, round_: Round) -> openpyxl.Workbook:
    response = _get(client, "rounds:report_xlsx", round_)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].endswith('.xlsx"')
    return openpyxl.load_workbook(io.BytesIO(response.content))


def test_xlsx_typed_sheets_with_names_for_hr(running, personas, client_as):
    book = _workbook(client_as("hr"), running)
    assert book.sheetnames == ["Enheder", "Persontimer", "Ikke afholdt", "Udestående opfølgning"]
    units = book["Enheder"]
    header = [c.value for c in units[1]]
    assert header[:7] == [
        "Enhed",
        "Kode",
        "Niveau",
        "Samtaler",
        "Afholdt",
        "Andel afholdt",
        "Ikke afholdt",
    ]
    assert all(c.font.b for c in units[1])
    dn = [c.value for c in units[2]]
    assert dn[:7] == ["Dagtilbud Nord", "DN", 1, 8, 3, 0.375, 5]
    assert dn[-1] == 7.5 and isinstance(dn[-1], float)
    assert units["F2"].number_format == "0%"
    assert units["P2"].number_format == "0.0"
    total = [c.value for c in units[units.max_row]]
    assert total[0] == "I alt" and total[3] == 8 and total[-1] == 7.5
    assert units[units.max_row][0].font.b
    assert units.column_dimensions["A"].width >= len("Børnehuset Solsikken")
    assert units.freeze_panes == "A2"

    hours = {row[0]: row for row in book["Persontimer"].iter_rows(min_row=2, values_only=True)}
    assert hours["MUS"][1:] == (2, 4, 45, 2.0, 3.0, 5.0)
    assert hours["I alt"][-1] == 7.5

    missing = list(book["Ikke afholdt"].iter_rows(min_row=2, values_only=True))
    assert sorted(r[2] for r in missing) == sorted([*NOT_HELD, "Mette Mælkebøtte-Ansat"])
    row = next(n for n, r in enumerate(missing, start=2) if r[2] == "Kasper Kollega")
    kasper = book["Ikke afholdt"][f"F{row}"]
    assert isinstance(kasper.value, datetime.datetime)
    assert kasper.number_format == "DD-MM-YYYY HH:MM"

    [waiting] = list(book["Udestående opfølgning"].iter_rows(min_row=2, values_only=True))
    assert waiting[2] == "Tina Tillid"
    assert waiting[4] == datetime.datetime.combine(
        timezone.localdate() - datetime.timedelta(days=1), datetime.time()
    )
    assert book["Udestående opfølgning"]["E2"].number_format == "DD-MM-YYYY"
    assert "Mere om sprog" not in str(waiting)


def test_xlsx_for_tr_has_counts_only(running, personas, client_as):
    book = _workbook(client_as("tr"), running)
    assert book.sheetnames == ["Enheder", "Persontimer"]
    cells = [str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row]
    for who in (*NOT_HELD, "Mette Mælkebøtte-Ansat", "Emma Ansat", "Tina Tillid"):
        assert who not in cells, who
    assert [r[0] for r in book["Enheder"].iter_rows(min_row=2, values_only=True)] == [
        "Børnehuset Solsikken",
        "Solsikken Vuggestue",
        "I alt",
    ]
    # k = 5: every number of their scope is small, so it is a dash, as on the page
    solsikken = next(book["Enheder"].iter_rows(min_row=2, max_row=2, values_only=True))
    assert solsikken[3:] == ("–",) * 13
    assert [r[1] for r in book["Persontimer"].iter_rows(min_row=2, values_only=True)] == [
        "–",
        0,
        "–",
        "–",
    ]


def test_xlsx_for_a_leader_has_their_own_people(running, personas, client_as):
    book = _workbook(client_as("leader"), running)
    missing = [r[2] for r in book["Ikke afholdt"].iter_rows(min_row=2, values_only=True)]
    assert sorted(missing) == sorted(LENES)


# --- query counts ---------------------------------------------------------------------------


def _grow(personas) -> None:
    """5,000 more units under Solsikken, and Mette's MUS held: more rows, no more queries."""
    sol = personas.units["SOL"]
    OrgUnit.objects.bulk_create(
        OrgUnit(code=f"X{n}", name=f"Stue {n}", parent=sol) for n in range(5000)
    )
    OrgUnit.objects.filter(code__startswith="X").update(
        path=Concat(Value(sol.path), Cast("pk", CharField()), Value("/"))
    )
    mette = RoundConversation.objects.get(conversation__person=personas.mae_employee).conversation
    conversation_services.invite(
        mette, by=factories.host(mette), starts_at=factories.soon(0, hours=1), location="Her"
    )
    conversation_services.mark_held(mette, by=factories.host(mette))


# round_for 2 + counts 3 + kinds 1 + participants 1 (+ not held 1 + follow-ups 1 with names)
REPORT_QUERIES = {"hr": 9, "leader": 9, "tr": 7}


@pytest.mark.parametrize("name", sorted(REPORT_QUERIES))
def test_report_queries_do_not_grow(running, personas, name, django_assert_num_queries):
    viewer = acting_as(personas.person(name))
    for grow in (False, True):
        if grow:
            _grow(personas)
        round_ = Round.objects.prefetch_related("units").get(pk=running.pk)
        access = policy.report_access(viewer, round_)
        assert access is not None
        with django_assert_num_queries(REPORT_QUERIES[name] - 2):
            report.report_for(round_, access)


# The request's own: the session and the viewer's login (2), and the menu's rounds answer.
PAGE_QUERIES = {"rounds:report": 11, "rounds:report_pdf": 11, "rounds:report_xlsx": 11}


@pytest.mark.parametrize("url", URLS)
def test_page_and_files_queries_pinned(
    running, personas, client_as, url, django_assert_num_queries
):
    client = client_as("hr")
    client.get(reverse("rounds:report", args=[running.pk]))  # the menu's answer cached
    for grow in (False, True):
        if grow:
            _grow(personas)
        with django_assert_num_queries(PAGE_QUERIES[url]):
            response = client.get(reverse(url, args=[running.pk]))
        assert response.status_code == 200


# --- the preparation time ----------------------------------------------------------------------


def test_preparation_time_is_set_on_the_kinds_page_and_keeps_the_revision(personas, client_as):
    hr = acting_as(personas.hr)
    round_ = services.create_round(by=hr, name="Udkast", year=2030, units=[personas.units["DN"]])
    grus = RoundKind.objects.select_related("kind").get(round=round_, kind__code="grus")
    assert grus.preparation_minutes == 30
    client = client_as("hr")
    page = client.get(reverse("rounds:kinds", args=[round_.pk])).content.decode()
    assert 'name="grus-preparation_minutes"' in page and 'value="30"' in page
    response = client.post(
        reverse("rounds:kind", args=[round_.pk, "grus"]),
        {
            "grus-included": "on",
            "grus-version": grus.questionnaire_version_id or "",
            "grus-preparation_minutes": "60",
        },
    )
    assert response.status_code == 302
    grus.refresh_from_db()
    assert grus.preparation_minutes == 60
    round_.refresh_from_db()
    assert round_.revision == 1  # not part of what TR and AMR agree to
    response = client.post(
        reverse("rounds:kind", args=[round_.pk, "grus"]),
        {"grus-included": "on", "grus-preparation_minutes": "-5"},
    )
    grus.refresh_from_db()
    assert grus.preparation_minutes == 60


def test_only_hr_of_the_scope_sets_the_preparation_time(personas, client_as):
    round_ = services.create_round(
        by=acting_as(personas.hr), name="Udkast", year=2030, units=[personas.units["DN"]]
    )
    for name in ("tr", "leader", "hr_elsewhere"):
        response = client_as(name).post(
            reverse("rounds:kind", args=[round_.pk, "mus"]),
            {"mus-included": "on", "mus-preparation_minutes": "90"},
        )
        assert response.status_code == 404, name
    assert RoundKind.objects.get(round=round_, kind__code="mus").preparation_minutes == 30
    assert not RoundEvent.objects.filter(round=round_).exclude(action="created").exists()


def test_hr_whose_scope_meets_the_round_sees_their_own_part(personas):
    """A round for the whole municipality (planned by an administrator): HR for Social og
    Sundhed sees Social og Sundhed's units with names, and nothing of Børn og Unge."""
    admin = viewer_for(personas.admin_user)
    round_ = services.create_round(
        by=admin, name="Kommunen", year=2026, units=[personas.units["K"]]
    )
    round_ = services.announce(round_, by=admin, override_reason="Test")
    found = report_as(round_, acting_as(personas.hr_elsewhere))
    assert found.access.within == acting_as(personas.hr_elsewhere).hr_paths
    assert {r.unit.code for r in found.units} == {"SS", "EGE"}
    names = {m.with_whom for m in found.missing or []}
    assert "Otto Udenfor" in names
    assert not names & {"Emma Ansat", "Kasper Kollega", "Mette Mælkebøtte-Ansat"}
    whole = report_as(round_, admin)
    assert (whole.total.total or 0) > (found.total.total or 0) > 0
    assert {"Otto Udenfor", "Emma Ansat"} <= {m.with_whom for m in whole.missing or []}
