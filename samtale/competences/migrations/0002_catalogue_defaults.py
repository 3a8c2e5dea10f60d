from django.db import migrations


def install(apps, schema_editor):
    from samtale.competences import defaults

    defaults.install(
        apps.get_model("competences", "CompetenceCategory"),
        apps.get_model("competences", "Competence"),
    )


class Migration(migrations.Migration):
    dependencies = [("competences", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
