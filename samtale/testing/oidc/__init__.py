"""A real OpenID Connect provider for the tests: ``provider.mjs`` (the npm package
oidc-provider, a devDependency in package.json) run by Node on 127.0.0.1 and a free port.

``running_provider(...)`` starts it and stops it after; ``use_provider(settings, ...)``
points Samtale at it; ``log_in(client, provider, login)`` walks the code flow as a
browser would, with the Django test client for Samtale's side and ``requests`` for the
provider's. Without Node or the package the tests are skipped with the reason, and fail
under ``CI=true`` (as the browser tests do without Chromium).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import requests

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = Path(__file__).with_name("provider.mjs")
CLIENT_ID = "samtale"
CLIENT_SECRET = "samtale-test-secret-that-is-long-enough"  # the test provider's own


@dataclass(frozen=True)
class TestProvider:
    issuer: str
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"OpenID Connect tests: {reason}", pytrace=False)
    pytest.skip(f"OpenID Connect tests: {reason}")


@contextmanager
def running_provider(
    *, site_url: str, accounts: dict[str, dict[str, Any]]
) -> Iterator[TestProvider]:
    """The provider, with Samtale (at ``site_url``) as its one client and these accounts
    (``{login: {"claims": {...}, "token": "wrong-audience" | "expired"}}``)."""
    node = shutil.which("node")
    if node is None:
        _unavailable("no Node.js (apt-get install nodejs npm, then make install)")
    if not (ROOT / "node_modules" / "oidc-provider").is_dir():
        _unavailable("the npm package oidc-provider is not installed (make install)")
    config = {
        "clients": [
            {
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [site_url + "/login/sso/callback/"],
                "post_logout_redirect_uris": [site_url + "/login/"],
                "grant_types": ["authorization_code"],
                "response_types": ["code"],
                "token_endpoint_auth_method": "client_secret_post",
            }
        ],
        "accounts": accounts,
    }
    process = subprocess.Popen(
        [str(node), str(SCRIPT)],
        cwd=ROOT,
        env={**os.environ, "OIDC_TEST_CONFIG": json.dumps(config), "NODE_ENV": "test"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line:
            error = process.stderr.read() if process.stderr else ""
            pytest.fail(f"The test OpenID provider did not start:\n{error}", pytrace=False)
        yield TestProvider(issuer=json.loads(line)["issuer"])
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def use_provider(settings: Any, provider: TestProvider, **more: Any) -> None:
    """Point Samtale at ``provider`` for one test (pytest-django's ``settings``)."""
    from samtale.access import oidc

    settings.SAMTALE_OIDC_ISSUER = provider.issuer
    settings.SAMTALE_OIDC_CLIENT_ID = provider.client_id
    settings.SAMTALE_OIDC_CLIENT_SECRET = provider.client_secret
    settings.OIDC_RP_CLIENT_ID = provider.client_id
    settings.OIDC_RP_CLIENT_SECRET = provider.client_secret
    for name, value in more.items():
        setattr(settings, name, value)
    # As settings.py allows the provider as a form's destination (logging out there).
    csp = {**settings.SECURE_CSP}
    csp["form-action"] = [*csp["form-action"], provider.issuer]
    settings.SECURE_CSP = csp
    oidc.forget_provider()


def log_in(client: Any, login: str, *, next_url: str = "") -> Any:
    """Walk the code flow: Samtale sends the browser to the provider, the person logs in
    there as ``login``, the provider sends the browser back with a code. Returns
    Samtale's answer to that callback."""
    from django.conf import settings
    from django.urls import reverse

    start = client.get(
        reverse("oidc_authentication_init") + (f"?next={next_url}" if next_url else "")
    )
    assert start.status_code == 302, start
    browser = requests.Session()
    form = browser.get(start["Location"], timeout=10)
    assert form.status_code == 200 and "/interaction/" in form.url, form.text
    answer = browser.post(form.url, data={"login": login}, allow_redirects=False, timeout=10)
    callback_prefix = settings.SITE_URL + reverse("oidc_authentication_callback")
    for _ in range(10):
        location = urljoin(answer.url, answer.headers["Location"])
        if location.startswith(callback_prefix):
            parts = urlsplit(location)
            return client.get(f"{parts.path}?{parts.query}")
        answer = browser.get(location, allow_redirects=False, timeout=10)
    raise AssertionError("The provider never sent the browser back to Samtale")
