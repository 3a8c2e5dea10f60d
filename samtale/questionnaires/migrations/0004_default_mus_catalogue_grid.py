"""The default MUS form's third text: its competence grid takes its rows from the person's
competence profile (the catalogue) and is rated on the catalogue's levels 1-4, published
as the next version where the organisation still uses an earlier text unchanged. The
texts live in samtale.questionnaires.defaults and earlier_defaults; conversations keep
the version they were created with."""

from django.db import migrations


def upgrade(apps, schema_editor):
    from samtale.questionnaires.defaults import upgrade as upgrade_defaults

    upgrade_defaults(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("questionnaires", "0003_default_mus_version_2")]

    operations = [migrations.RunPython(upgrade, migrations.RunPython.noop)]
