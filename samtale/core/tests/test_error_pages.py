import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_not_found_is_a_danish_page_that_reveals_nothing(client_as, personas):
    response = client_as("outsider").get(reverse("org:person", args=[personas.employee.pk]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Siden findes ikke" in html
    assert "Emma" not in html


def test_pages_carry_a_strict_content_security_policy(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


def test_tests_run_with_the_test_settings():
    # make exports DEBUG and the like; the suite must still use samtale.testing.settings
    # (fast password hashing, no WhiteNoise), whatever DJANGO_SETTINGS_MODULE says.
    from django.conf import settings

    assert settings.SETTINGS_MODULE == "samtale.testing.settings"
