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
