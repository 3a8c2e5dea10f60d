"""``samtale check --deploy`` with the production environment README.md documents: no
warnings; and a warning for a sender address or SITE_URL left at its default."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

# The environment of README.md's "Running it for real", with a sender of its own (the
# database is SQLite under SAMTALE_VAR_DIR: the checks look at settings, and some of them
# open the database).
PRODUCTION = {
    "SECRET_KEY": "a-long-random-production-key-" + "x7Qp2" * 10,
    "ALLOWED_HOSTS": "samtale.kommune.dk",
    "SITE_URL": "https://samtale.kommune.dk",
    "BEHIND_TLS_PROXY": "true",
    "EMAIL_HOST": "smtp.kommune.dk",
    "DEFAULT_FROM_EMAIL": "Samtale <samtale@kommune.dk>",
}


def _check(tmp_path, **environment: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "SAMTALE_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "samtale.settings",
        **environment,
    }
    return subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_documented_production_settings_pass(tmp_path):
    result = _check(tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("changed", "warning"),
    [
        ({"DEFAULT_FROM_EMAIL": "Samtale <samtale@localhost>"}, "samtale.W001"),
        ({"DEFAULT_FROM_EMAIL": ""}, "samtale.W001"),
        ({"SITE_URL": "http://127.0.0.1:8000"}, "samtale.W002"),
        ({"SITE_URL": "http://samtale.kommune.dk"}, "samtale.W002"),
    ],
)
def test_a_default_sender_or_site_url_is_warned_about(tmp_path, changed, warning):
    environment = {k: v for k, v in {**PRODUCTION, **changed}.items() if v}
    result = _check(tmp_path, **environment)
    assert result.returncode != 0
    assert warning in result.stderr


@pytest.mark.parametrize(
    ("environment", "named"),
    [
        ({}, "SECRET_KEY"),
        ({**PRODUCTION, "EMAIL_PORT": "twenty-five"}, "EMAIL_PORT"),
    ],
)
def test_a_missing_or_malformed_variable_stops_the_command_with_its_message_alone(
    tmp_path, environment, named
):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "SAMTALE_VAR_DIR": str(tmp_path),
        **environment,
    }
    result = subprocess.run(
        [sys.executable, "-m", "samtale.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("samtale: ") and named in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1
