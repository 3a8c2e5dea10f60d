"""The import page (/organisation/import/): who may use it, upload -> preview -> confirm,
bad files, and the preview's query count."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samtale.org import import_views, services
from samtale.org.models import OrgUnit, Person, ProfessionalGroup, Role
from samtale.testing.personas import LOGGED_IN
from samtale.testing.spreadsheets import hostile_xlsx

pytestmark = pytest.mark.django_db

OTHERS = tuple(name for name in LOGGED_IN if name != "admin")
PEOPLE = (
    "medarbejdernummer;navn;email;enhed;leder;stilling;faggruppe\n"
    "2001;Ny Medarbejder;ny@eksempel.dk;SOL;1002;Pædagog;Dagplejer\n"
    "1003;Emma Ansat;emma.ny@eksempel.dk;SOL;1002;Pædagog;Pædagog\n"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _upload(client, content: str | bytes, kind: str = "people", name: str = "people.csv"):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return client.post(
        reverse("org:import"),
        {"kind": kind, "file": SimpleUploadedFile(name, data)},
    )


def _stored_files(media) -> list[str]:
    folder = media / "imports"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize("name", ["import", "import_preview", "import_confirm"])
@pytest.mark.parametrize("persona", OTHERS)
def test_closed_to_everyone_but_administrators_and_top_hr(client_as, persona, name):
    client = client_as(persona)
    assert client.get(reverse(f"org:{name}")).status_code == 404
    assert client.post(reverse(f"org:{name}")).status_code == 404


@pytest.mark.parametrize("name", ["import", "import_preview", "import_confirm"])
def test_anonymous_is_sent_to_login(client_as, name):
    response = client_as("anonymous").get(reverse(f"org:{name}"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_administrator_and_hr_for_the_top_unit_may_import(client_as, personas):
    response = client_as("admin").get(reverse("org:import"))
    assert response.status_code == 200
    assert "medarbejdernummer" in response.content.decode()
    services.grant_role(personas.hr, Role.HR, personas.units["K"])
    assert client_as("hr").get(reverse("org:import")).status_code == 200


def test_home_links_to_the_import_page_only_for_those_allowed(client_as):
    url = reverse("org:import")
    assert url in client_as("admin").get(reverse("home")).content.decode()
    assert url not in client_as("hr").get(reverse("home")).content.decode()


def test_upload_preview_confirm(client_as, personas, media):
    client = client_as("admin")
    response = _upload(client, PEOPLE)
    assert response.status_code == 302
    assert response["Location"] == reverse("org:import_preview")
    assert len(_stored_files(media)) == 1
    assert not Person.objects.filter(employee_number="2001").exists()

    preview = client.get(reverse("org:import_preview"))
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Ny Medarbejder" in page
    assert "Dagplejer" in page  # the professional group to be created
    assert preview.context["plan"].new == 1
    assert preview.context["plan"].changed == 1
    assert not Person.objects.filter(employee_number="2001").exists()

    token = client.session[import_views.SESSION_KEY]["token"]
    done = client.post(reverse("org:import_confirm"), {"token": token}, follow=True)
    assert done.status_code == 200
    new = Person.objects.get(employee_number="2001")
    assert new.manager == personas.leader
    assert new.line_path == f"{personas.leader.line_path}{new.pk}/"
    personas.employee.refresh_from_db()
    assert personas.employee.email == "emma.ny@eksempel.dk"
    assert ProfessionalGroup.objects.filter(name="Dagplejer").exists()
    assert "Dagplejer" in done.content.decode()  # named in the success message
    assert _stored_files(media) == []
    assert import_views.SESSION_KEY not in client.session


def test_bad_file_shows_row_column_and_problem_and_writes_nothing(client_as, personas, media):
    client = client_as("admin")
    client.post(reverse("set_language"), {"language": "en"})
    before = list(Person.objects.values().order_by("pk"))
    content = "medarbejdernummer;navn;email;enhed\n2001;Ny;not-an-email;NOPE\n"
    preview = client.get(_upload(client, content)["Location"])
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "not-an-email" in page
    problems = [(p.row, p.column) for p in preview.context["problems"]]
    assert problems == [(2, "email"), (2, "enhed")]
    assert "alert-error" in page
    assert reverse("org:import_confirm") not in page  # no confirm button
    token = client.session[import_views.SESSION_KEY]["token"]
    response = client.post(reverse("org:import_confirm"), {"token": token})
    assert response.status_code == 409
    assert list(Person.objects.values().order_by("pk")) == before


def test_confirm_checks_again(client_as, personas):
    """Rows that were fine at the preview but not at the confirmation: nothing written."""
    client = client_as("admin")
    _upload(client, "kode;navn;overordnet\nNY;Ny enhed;BU\n", kind="units", name="u.csv")
    assert client.get(reverse("org:import_preview")).context["plan"].new == 1
    # Meanwhile someone creates NY elsewhere and puts BU below it: the file's
    # "NY below BU" would now close a circle.
    new = services.create_unit(code="NY", name="Ny enhed", parent=personas.units["SOL"])
    OrgUnit.objects.filter(code="BU").update(parent=new)
    token = client.session[import_views.SESSION_KEY]["token"]
    response = client.post(reverse("org:import_confirm"), {"token": token})
    assert response.status_code == 409
    assert [p.row for p in response.context["problems"]] == [2]
    assert "NY → BU → NY" in response.context["problems"][0].message
    assert OrgUnit.objects.get(code="NY").parent == personas.units["SOL"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("people.pdf", b"%PDF", ".csv or .xlsx"),
        ("people.xlsx", b"PK\x03\x04 broken", "XLSX"),
        ("people.csv", b"", "empty"),
    ],
)
def test_unusable_uploads_are_refused_by_the_form(client_as, media, name, content, message):
    client = client_as("admin")
    client.post(reverse("set_language"), {"language": "en"})
    response = _upload(client, content, name=name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _stored_files(media) == []


def test_size_limit(client_as, settings, media):
    settings.SAMTALE_IMPORT_MAX_UPLOAD_MB = 0
    response = _upload(client_as("admin"), PEOPLE)
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert _stored_files(media) == []


def test_cancel_and_stale_token(client_as, personas, media):
    client = client_as("admin")
    _upload(client, PEOPLE)
    token = client.session[import_views.SESSION_KEY]["token"]
    wrong = client.post(reverse("org:import_confirm"), {"token": "0" * 32})
    assert wrong.status_code == 302
    assert not Person.objects.filter(employee_number="2001").exists()
    client.post(reverse("org:import_confirm"), {"token": token, "cancel": "1"})
    assert _stored_files(media) == []
    assert not Person.objects.filter(employee_number="2001").exists()
    again = client.get(reverse("org:import_preview"))
    assert again.status_code == 302  # nothing pending: back to the upload page


def test_a_new_upload_replaces_the_previous_file(client_as, personas, media):
    client = client_as("admin")
    _upload(client, PEOPLE)
    _upload(client, PEOPLE)
    assert len(_stored_files(media)) == 1


def _preview_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("org:import_preview"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_preview_costs_the_same_queries_for_2_or_200_rows(client_as, personas):
    """session, user, viewer (2), then the import's reads: units, professional groups,
    people, logins. Nothing per row."""
    client = client_as("admin")
    _upload(client, PEOPLE)
    small = _preview_queries(client)
    many = "".join(
        f"{3000 + i};Person {i};p{i}@eksempel.dk;SOL;1002;;Gruppe {i}\n" for i in range(200)
    )
    _upload(client, PEOPLE + many)
    large = _preview_queries(client)
    assert client.get(reverse("org:import_preview")).context["plan"].new == 201
    assert small == large
    assert large <= 8


@pytest.mark.parametrize("persona", ["admin", "hr"])
def test_a_file_too_large_in_cells_is_refused_in_danish(
    client_as, personas, settings, media, persona
):
    services.grant_role(personas.hr, Role.HR, personas.units["K"])
    settings.SAMTALE_IMPORT_MAX_CELLS = 1000
    response = _upload(client_as(persona), hostile_xlsx(rows=400), name="people.xlsx")
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "Filen har for mange celler: højst 1000. Del den op i flere filer, "
        "eller fjern tomme rækker og kolonner."
    ]
    assert _stored_files(media) == []
