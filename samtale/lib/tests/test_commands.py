"""Every command of Samtale speaks Danish by default and English with ``--lang en``."""

from __future__ import annotations

from django.core.management import get_commands, load_command_class

from samtale.lib.commands import TranslatedCommand


def test_every_command_of_samtale_is_translated():
    ours = {name: app for name, app in get_commands().items() if app.startswith("samtale.")}
    assert "import" in ours and "competences_defaults" in ours
    untranslated = [
        name
        for name, app in sorted(ours.items())
        if not isinstance(load_command_class(app, name), TranslatedCommand)
    ]
    assert untranslated == []
