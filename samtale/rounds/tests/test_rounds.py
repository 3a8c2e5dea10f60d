"""Planning a round: HR drafts it, TR and AMR comment and sign it off (or HR records the
MED agreement), HR announces and closes it. Every step checks who acts."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from samtale.access.viewer import acting_as, viewer_for
from samtale.conversations.models import ConversationKind
from samtale.questionnaires.queries import latest_published
from samtale.rounds import policy, services
from samtale.rounds.models import AgreedHow, Agreement, Round, RoundEvent, RoundState
from samtale.testing import factories


@pytest.fixture
def as_(personas):
    def viewer(name: str):
        if name == "admin":
            return viewer_for(personas.admin_user)
        return acting_as(personas.person(name))

    return viewer


@pytest.fixture
def draft(personas, as_):
    return services.create_round(
        by=as_("hr"), name="MUS-runden 2027", year=2027, units=[personas.units["BU"]]
    )


def kind(code: str) -> ConversationKind:
    return ConversationKind.objects.get(code=code)


def test_a_new_round_runs_in_the_first_quarter_with_the_mandatory_kinds(draft):
    assert (draft.starts_on, draft.ends_on) == (
        datetime.date(2027, 1, 1),
        datetime.date(2027, 3, 31),
    )
    assert draft.state == RoundState.DRAFT
    kinds = {rk.kind.code: rk.questionnaire_version for rk in draft.round_kinds.all()}
    assert set(kinds) == {"mus", "grus", "lus"}
    assert kinds["mus"] == latest_published("mus")
    assert list(draft.events.values_list("action", flat=True)) == ["created"]


@pytest.mark.parametrize("name", ["hr_elsewhere", "employee", "leader", "tr", "chief"])
def test_only_hr_of_the_whole_scope_plans_a_round(personas, as_, name):
    with pytest.raises(PermissionDenied):
        services.create_round(by=as_(name), name="X", year=2027, units=[personas.units["BU"]])
    assert not Round.objects.exists()


def test_hr_cannot_plan_beyond_its_scope(personas, as_):
    with pytest.raises(PermissionDenied):
        services.create_round(
            by=as_("hr"), name="X", year=2027, units=[personas.units["BU"], personas.units["SS"]]
        )
    whole = services.create_round(by=as_("admin"), name="K", year=2027, units=[personas.units["K"]])
    assert policy.can_manage(as_("admin"), whole)
    assert not policy.can_manage(as_("hr"), whole)


def test_a_period_that_ends_before_it_starts_is_refused(personas, as_):
    with pytest.raises(ValidationError):
        services.create_round(
            by=as_("hr"),
            name="X",
            year=2027,
            units=[personas.units["BU"]],
            starts_on=datetime.date(2027, 3, 1),
            ends_on=datetime.date(2027, 2, 1),
        )


def test_tr_and_amr_sign_off_and_the_round_is_agreed(draft, personas, as_):
    services.add_theme(draft, by=as_("hr"), title="Sprog i dagtilbud")
    services.comment(draft, by=as_("tr"), text="Husk tid til forberedelse.")
    services.sign_off(draft, by=as_("tr"))
    draft.refresh_from_db()
    assert draft.state == RoundState.DRAFT
    services.sign_off(draft, by=as_("amr"))
    draft.refresh_from_db()
    assert draft.state == RoundState.AGREED
    agreement = draft.agreement
    assert agreement.how == AgreedHow.SIGNED
    assert agreement.agreed_on == timezone.localdate()
    assert [t["title"] for t in agreement.terms["themes"]] == ["Sprog i dagtilbud"]
    assert agreement.terms["timeline"]["starts_on"] == "2027-01-01"
    assert {k["kind"] for k in agreement.terms["kinds"]} == {"MUS", "GRUS", "LUS"}


def test_a_change_after_signing_asks_for_new_signatures(draft, personas, as_):
    services.sign_off(draft, by=as_("tr"))
    services.sign_off(draft, by=as_("amr"))
    draft.refresh_from_db()
    assert draft.state == RoundState.AGREED
    services.choose_grus(draft, by=as_("hr"), team=personas.teams["stue"])
    draft.refresh_from_db()
    assert draft.state == RoundState.DRAFT
    assert not Agreement.objects.filter(round=draft).exists()
    assert RoundEvent.objects.filter(round=draft, action="agreement_dropped").exists()
    # The TR's old signature no longer counts: the AMR alone does not agree the round.
    services.sign_off(draft, by=as_("amr"))
    draft.refresh_from_db()
    assert draft.state == RoundState.DRAFT
    services.sign_off(draft, by=as_("tr"))
    draft.refresh_from_db()
    assert draft.state == RoundState.AGREED
    assert draft.agreement.terms["grus_instead_of_mus"] == ["Stue Mariehønen"]


def test_a_change_that_changes_nothing_keeps_the_agreement(draft, personas, as_):
    services.sign_off(draft, by=as_("tr"))
    services.sign_off(draft, by=as_("amr"))
    services.choose_grus(draft, by=as_("hr"), team=personas.teams["stue"], instead_of_mus=False)
    services.change_round(draft, by=as_("hr"), information="Læs mere på intranettet.")
    draft.refresh_from_db()
    assert draft.state == RoundState.AGREED


@pytest.mark.parametrize("name", ["employee", "leader", "hr_elsewhere", "outsider"])
def test_only_the_representatives_of_the_scope_sign(draft, as_, name):
    with pytest.raises(PermissionDenied):
        services.sign_off(draft, by=as_(name))
    assert not draft.sign_offs.exists()


def test_representatives_of_another_scope_neither_see_nor_sign(personas, as_):
    ss = services.create_round(
        by=as_("hr_elsewhere"), name="SS 2027", year=2027, units=[personas.units["SS"]]
    )
    assert not policy.can_see(as_("tr"), ss)
    with pytest.raises(PermissionDenied):
        services.sign_off(ss, by=as_("tr"))
    with pytest.raises(PermissionDenied):
        services.comment(ss, by=as_("amr"), text="Hej")


def test_hr_records_the_med_agreement_with_its_minutes(draft, as_, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    minutes = SimpleUploadedFile("referat.pdf", b"%PDF-1.7 referat", "application/pdf")
    with pytest.raises(ValidationError):
        services.record_med_agreement(
            draft, by=as_("hr"), agreed_on=timezone.localdate() + datetime.timedelta(days=1)
        )
    with pytest.raises(PermissionDenied):
        services.record_med_agreement(draft, by=as_("tr"), agreed_on=timezone.localdate())
    agreement = services.record_med_agreement(
        draft, by=as_("hr"), agreed_on=datetime.date(2026, 11, 20), minutes=minutes
    )
    draft.refresh_from_db()
    assert draft.state == RoundState.AGREED
    assert agreement.how == AgreedHow.MED
    assert agreement.minutes.read() == b"%PDF-1.7 referat"


def test_announcing_needs_the_agreement_or_a_reason_that_is_logged(draft, as_):
    with pytest.raises(ValidationError):
        services.announce(draft, by=as_("hr"))
    with pytest.raises(PermissionDenied):
        services.announce(draft, by=as_("tr"), override_reason="Nu")
    services.announce(draft, by=as_("hr"), override_reason="MED-udvalget mødes først i marts")
    draft.refresh_from_db()
    assert draft.state == RoundState.ANNOUNCED
    override = draft.events.get(action="override")
    assert override.note == "MED-udvalget mødes først i marts"
    assert override.by == as_("hr").person


def test_an_agreed_round_is_announced_and_then_closed(draft, as_):
    services.sign_off(draft, by=as_("tr"))
    services.sign_off(draft, by=as_("amr"))
    with pytest.raises(PermissionDenied):
        services.close(draft, by=as_("hr"))
    services.announce(draft, by=as_("hr"))
    with pytest.raises(PermissionDenied):
        services.add_theme(draft, by=as_("hr"), title="For sent")
    services.close(draft, by=as_("hr"))
    draft.refresh_from_db()
    assert draft.state == RoundState.CLOSED and draft.closed_at is not None
    assert list(draft.events.values_list("action", flat=True)) == [
        "created",
        "signed_off",
        "signed_off",
        "agreed",
        "announced",
        "launched",
        "closed",
    ]


def test_kinds_and_forms(draft, as_, personas):
    hr = as_("hr")
    with pytest.raises(ValidationError):
        services.set_kind(draft, by=hr, kind=kind("en-til-en"))
    with pytest.raises(ValidationError):
        services.set_kind(draft, by=hr, kind=kind("mus"), version=latest_published("grus"))
    services.set_kind(draft, by=hr, kind=kind("grus"), included=False)
    assert set(draft.round_kinds.values_list("kind__code", flat=True)) == {"mus", "lus"}
    services.set_form_variant(
        draft, by=hr, kind=kind("mus"), unit=personas.units["SOL"], version=latest_published("mus")
    )
    with pytest.raises(ValidationError):
        services.set_form_variant(
            draft,
            by=hr,
            kind=kind("mus"),
            unit=personas.units["EGE"],
            version=latest_published("mus"),
        )
    with pytest.raises(ValidationError):
        services.set_form_variant(
            draft,
            by=hr,
            kind=kind("grus"),
            unit=personas.units["SOL"],
            version=latest_published("grus"),
        )
    draft.refresh_from_db()
    assert draft.revision == 3


def test_themes_link_to_goals_of_the_rounds_units(draft, as_, personas):
    hr = as_("hr")
    mine = services.add_goal(personas.units["BU"], by=hr, title="Alle børn skal lære sprog")
    whole = services.add_goal(personas.units["K"], by=as_("admin"), title="Sammenhæng for borgeren")
    other = services.add_goal(personas.units["SS"], by=as_("hr_elsewhere"), title="Værdig pleje")
    with pytest.raises(PermissionDenied):
        services.add_goal(personas.units["SS"], by=hr, title="Ikke min")
    theme = services.add_theme(draft, by=hr, title="Sprog", goals=[mine, whole])
    assert set(theme.goals.all()) == {mine, whole}
    with pytest.raises(ValidationError):
        services.add_theme(draft, by=hr, title="Pleje", goals=[other])
    services.retire_goal(mine, by=hr)
    with pytest.raises(ValidationError):
        services.change_theme(theme, by=hr, title="Sprog", goals=[mine])
    theme.refresh_from_db()
    assert set(theme.goals.all()) == {mine, whole}


def test_a_conversation_belongs_to_one_round(draft, personas, as_):
    mus = factories.invited("mus", person=personas.employee)
    services.add_conversation(draft, mus)
    services.add_conversation(draft, mus)
    other = services.create_round(
        by=as_("hr"), name="Anden", year=2028, units=[personas.units["DN"]]
    )
    with pytest.raises(ValidationError):
        services.add_conversation(other, mus)
    assert mus.round_link.round == draft
