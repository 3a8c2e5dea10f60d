"""Samtale's default preparation forms (MUS, GRUS, LUS, En-til-en; Danish and English),
published as version 1. The texts live in samtale.questionnaires.defaults."""

from django.db import migrations


def install(apps, schema_editor):
    from samtale.questionnaires.defaults import install as install_defaults

    install_defaults(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("questionnaires", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
