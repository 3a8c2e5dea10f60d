import pytest
from django.urls import reverse

from samtale.conversations.models import ConversationKind
from samtale.org import services as org_services
from samtale.testing.personas import LOGGED_IN

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", LOGGED_IN)
def test_kinds_pages_for_organisation_hr_and_admins_only(client_as, personas, persona):
    org_services.grant_role(personas.hr_elsewhere, "hr", personas.units["K"])
    allowed = persona in {"admin", "hr_elsewhere"}
    client = client_as(persona)
    for url in (reverse("conversations:kinds"), reverse("conversations:kind_edit", args=["mus"])):
        assert client.get(url).status_code == (200 if allowed else 404), url


def test_hr_changes_the_duration_of_mus(client_as, personas):
    org_services.grant_role(personas.hr, "hr", personas.units["K"])
    kind = ConversationKind.objects.get(code="mus")
    data = {
        "name_da": kind.name_da,
        "name_en": kind.name_en,
        "focus_da": kind.focus_da,
        "focus_en": kind.focus_en,
        "mandatory": "on",
        "frequency": "yearly",
        "default_duration": "45",
        "questionnaire_family": "mus",
        "follow_up_days": "",
        "retention_years": "5",
    }
    response = client_as("hr").post(reverse("conversations:kind_edit", args=["mus"]), data)
    assert response.status_code == 302
    kind.refresh_from_db()
    assert kind.default_duration == 45
    data["default_duration"] = "2"
    page = client_as("hr").post(reverse("conversations:kind_edit", args=["mus"]), data)
    assert page.status_code == 200 and "form-error" in page.content.decode()
    kind.refresh_from_db()
    assert kind.default_duration == 45


def test_the_admin_shows_kinds_but_no_conversation_content(client_as):
    from django.urls import NoReverseMatch

    assert (
        client_as("admin")
        .get(reverse("admin:conversations_conversationkind_changelist"))
        .status_code
        == 200
    )
    for model in ("conversation", "summaryversion", "preparation", "note", "agendaitem"):
        with pytest.raises(NoReverseMatch):
            reverse(f"admin:conversations_{model}_changelist")


def test_en_til_en_is_also_about_the_current_work_tasks():
    kind = ConversationKind.objects.get(code="en-til-en")
    assert "aktuelle arbejdsopgaver" in kind.focus_da
    assert "current work tasks" in kind.focus_en


def test_the_new_en_til_en_focus_leaves_an_organisations_own_wording():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("samtale.conversations.migrations.0011_en_til_en_focus_tasks")
    own = "Hvordan går det, og hvad fylder?"
    ConversationKind.objects.filter(code="en-til-en").update(
        focus_da=own, focus_en=migration.SHIPPED["focus_en"]
    )
    migration.forwards(apps, None)
    kind = ConversationKind.objects.get(code="en-til-en")
    assert kind.focus_da == own
    assert kind.focus_en == migration.NOW["focus_en"]


def test_hr_sets_how_long_the_content_of_a_kind_is_kept(client_as, personas):
    """The retention period is the kind's (samtale retention, docs/privacy.md): 1-50 years."""
    org_services.grant_role(personas.hr, "hr", personas.units["K"])
    kind = ConversationKind.objects.get(code="en-til-en")
    assert kind.retention_years == 5
    data = {
        "name_da": kind.name_da,
        "name_en": kind.name_en,
        "focus_da": kind.focus_da,
        "focus_en": kind.focus_en,
        "frequency": kind.frequency,
        "default_duration": str(kind.default_duration),
        "questionnaire_family": kind.questionnaire_family,
        "retention_years": "2",
    }
    url = reverse("conversations:kind_edit", args=[kind.code])
    assert client_as("hr").post(url, data).status_code == 302
    kind.refresh_from_db()
    assert kind.retention_years == 2
    data["retention_years"] = "0"
    page = client_as("hr").post(url, data)
    assert page.status_code == 200 and "form-error" in page.content.decode()
