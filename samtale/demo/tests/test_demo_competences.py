"""The demo's competence profiles and future needs: every professional group of the demo
has a profile, Solsikken's pædagoger have their local variant, and the kommune, Børn og
Unge and Dagtilbud Nord have needs; a second run changes nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from samtale.competences.models import CompetenceProfile, FutureNeed, ProfileRequirement
from samtale.competences.queries import profile_for
from samtale.demo.tests.test_demo import persona
from samtale.org.models import Person, ProfessionalGroup

pytestmark = pytest.mark.django_db


def test_every_group_of_the_demo_has_a_profile_and_the_employee_her_variant(client, demo):
    used = ProfessionalGroup.objects.filter(people__isnull=False).distinct()
    assert used.exists()
    assert not used.exclude(competence_profiles__unit__isnull=True).exists()
    employee = persona("employee")
    profile = profile_for(employee)
    assert profile.is_local  # Solsikken's variant for its pædagoger
    names = {r.competence.name: r.level for r in profile.requirements}
    assert names["Kommunikation"] == 3 and names["Samarbejde"] == 3
    leader = persona("leader")
    assert "Personaleledelse" in {r.competence.name for r in profile_for(leader).requirements}
    assert {n.unit.name for n in FutureNeed.objects.select_related("unit")} == {
        "Eksempel Kommune",
        "Børn og Unge",
        "Dagtilbud Nord",
    }
    client.force_login(persona("hr_kommune").user)
    page = client.get(reverse("competences:profiles")).content.decode()
    assert "Børnehuset Solsikken" in page and "Sygeplejerske" in page


def test_a_second_run_changes_nothing(demo):
    before = (
        CompetenceProfile.objects.count(),
        sorted(ProfileRequirement.objects.values_list("profile_id", "competence_id", "level")),
        FutureNeed.objects.count(),
    )
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Person.objects.exists()
    after = (
        CompetenceProfile.objects.count(),
        sorted(ProfileRequirement.objects.values_list("profile_id", "competence_id", "level")),
        FutureNeed.objects.count(),
    )
    assert after == before
