"""The rounds' triggers on the kept pages' change tokens (samtale.rounds.kept)."""

from django.db import migrations


def install(apps, schema_editor):
    from samtale.rounds import kept

    kept.install_triggers(schema_editor)


def uninstall(apps, schema_editor):
    from samtale.rounds import kept

    kept.drop_triggers(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("conversations", "0017_change_tokens"),
        ("rounds", "0006_state_of_round_conversation"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
