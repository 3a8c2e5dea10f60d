from __future__ import annotations

from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from samtale.access.viewer import acting_as
from samtale.competences import defaults, services
from samtale.competences.models import Competence, CompetenceCategory

pytestmark = pytest.mark.django_db


def test_the_default_catalogue_is_installed_by_the_migration():
    assert list(CompetenceCategory.objects.values_list("name", flat=True)) == [
        "Faglige kompetencer",
        "Personlige kompetencer",
        "Sociale kompetencer",
        "Ledelsesmæssige kompetencer",
    ]
    assert Competence.objects.active().count() == 20
    for competence in Competence.objects.all():
        assert [n for n, text in competence.levels if text.strip()] == [1, 2, 3, 4]


def test_installing_the_defaults_again_adds_only_what_is_missing():
    Competence.objects.filter(name="Samarbejde").update(level_1="Vores egen tekst")
    Competence.objects.filter(name="Konflikthåndtering").delete()
    assert defaults.install() == 1
    assert defaults.install() == 0
    assert Competence.objects.get(name="Samarbejde").level_1 == "Vores egen tekst"
    assert Competence.objects.count() == 20


def test_the_command_says_what_it_added_in_danish_and_in_english():
    Competence.objects.filter(name="Konflikthåndtering").delete()
    out = StringIO()
    call_command("competences_defaults", stdout=out)
    assert out.getvalue() == "Tilføjede 1 kompetence fra standardkataloget.\n"
    out = StringIO()
    call_command("competences_defaults", "--lang", "en", stdout=out)
    assert out.getvalue() == "Added 0 competences of the default catalogue.\n"


def test_hr_for_the_whole_organisation_keeps_the_catalogue(org_hr):
    by = acting_as(org_hr)
    category = CompetenceCategory.objects.get(name="Faglige kompetencer")
    made = services.add_competence(
        by=by,
        category=category,
        name="Inklusion",
        description="",
        level_1="a",
        level_2="b",
        level_3="c",
        level_4="d",
        order=9,
    )
    services.change_competence(made, by=by, level_4="Udvikler inkluderende praksis")
    services.set_active(made, False, by=by)
    made.refresh_from_db()
    assert (made.level_4, made.active) == ("Udvikler inkluderende praksis", False)
    assert Competence.objects.active().filter(pk=made.pk).count() == 0


def test_a_competence_name_is_unique_whatever_the_case(org_hr):
    category = CompetenceCategory.objects.first()
    with pytest.raises(ValidationError):
        services.add_competence(
            by=acting_as(org_hr),
            category=category,
            name="samarbejde",
            level_1="a",
            level_2="b",
            level_3="c",
            level_4="d",
        )


@pytest.mark.parametrize("who", ["hr", "hr_elsewhere", "leader", "employee", "tr"])
def test_others_cannot_change_the_catalogue(personas, who):
    competence = Competence.objects.get(name="Samarbejde")
    by = acting_as(personas.person(who))
    with pytest.raises(PermissionDenied):
        services.change_competence(competence, by=by, name="Noget andet")
    with pytest.raises(PermissionDenied):
        services.set_active(competence, False, by=by)
    competence.refresh_from_db()
    assert (competence.name, competence.active) == ("Samarbejde", True)
