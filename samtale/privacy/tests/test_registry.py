"""Every model of the project says what it holds about people: a registered holding
covers it (export, erasure, retention) or names it as holding no personal data. A new
model that no holding names fails here, so it cannot be forgotten."""

from __future__ import annotations

from django.apps import apps

from samtale.core import personal_data


def test_every_model_is_named_by_a_holding():
    named = personal_data.named_models()
    missing = sorted(m._meta.label for m in apps.get_models() if m._meta.label not in named)
    assert missing == [], f"name these in their app's privacy.HOLDING: {missing}"


def test_no_holding_names_a_model_that_does_not_exist():
    labels = {m._meta.label for m in apps.get_models()}
    assert set(personal_data.named_models()) <= labels


def test_every_app_that_covers_a_model_erases_or_exports_it():
    for holding in personal_data.registered():
        covers = [label for label, kind in holding.models.items() if kind == personal_data.COVERED]
        if covers and holding.app not in ("questionnaires", "privacy"):
            # questionnaires: the conversations' holding handles the answers; privacy:
            # the framework's tables (sessions go with the login).
            assert holding.export is not None or holding.erase is not None, holding.app


def test_a_holding_must_say_covered_or_none():
    import pytest

    with pytest.raises(ValueError):
        personal_data.register(personal_data.Holding(app="x", models={"x.Y": "maybe"}))
