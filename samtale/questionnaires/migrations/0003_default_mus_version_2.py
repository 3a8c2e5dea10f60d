"""The default MUS form's second text (the organisation's strategic goals, the job
description, the expectations to each other and the employee's contribution to the
workplace), published as the next version where the organisation still uses the first
text unchanged. The texts live in samtale.questionnaires.defaults and earlier_defaults."""

from django.db import migrations


def upgrade(apps, schema_editor):
    from samtale.questionnaires.defaults import upgrade as upgrade_defaults

    upgrade_defaults(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("questionnaires", "0002_default_forms")]

    operations = [migrations.RunPython(upgrade, migrations.RunPython.noop)]
