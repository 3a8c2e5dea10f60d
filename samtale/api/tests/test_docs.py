"""The OpenAPI schema is public (it describes no data); the docs page is for logged-in
people and runs under the site's strict Content-Security-Policy with Samtale's own copy
of Swagger UI: no CDN, nothing inline that the policy would block."""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_schema_is_openapi_3_and_public(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/me",
        "/api/v1/conversations",
        "/api/v1/conversations/{id}",
    }
    assert all(set(methods) == {"get"} for methods in schema["paths"].values())
    assert schema["components"]["securitySchemes"]["SessionAuth"] == {
        "type": "apiKey",
        "in": "cookie",
        "name": "sessionid",
    }


def _words(client) -> tuple[str, str]:
    schema = client.get("/api/v1/openapi.json").json()
    return (
        schema["paths"]["/api/v1/me"]["get"]["summary"],
        schema["components"]["schemas"]["Me"]["properties"]["is_admin"]["description"],
    )


def test_the_schema_speaks_the_readers_language(client):
    assert _words(client) == ("Hvem du er", "Er administrator.")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert _words(client) == ("Who you are", "Is an administrator.")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    assert _words(client) == ("Hvem du er", "Er administrator.")


def test_the_docs_page_is_behind_the_login(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_docs_page_uses_only_our_own_files_under_the_strict_policy(client_as):
    response = client_as("employee").get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "style-src 'self';" in policy
    assert "unsafe" not in policy
    assert "http://" not in html and "https://" not in html and "//cdn" not in html
    # No inline script that would run (the settings are a JSON data block, which the
    # policy leaves alone), and no inline styles.
    for attributes in re.findall(r"<script([^>]*)>", html):
        assert "src=" in attributes or 'type="application/json"' in attributes, attributes
    assert "<style" not in html and "style=" not in html
    files = re.findall(r'(?:src|href)="/static/([^"]+)"', html)
    assert "ninja/swagger-ui-bundle.js" in files and "ninja/swagger-ui.css" in files
    for name in files:
        assert finders.find(name), name
