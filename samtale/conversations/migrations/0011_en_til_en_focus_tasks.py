"""The shipped focus of En-til-en also names the current work tasks (seed 000). Only a
kind that still has the text Samtale shipped in 0002 is changed: an organisation's own
wording stays."""

from django.db import migrations

CODE = "en-til-en"
SHIPPED = {
    "focus_da": "Trivsel, arbejdsrelationer og hverdagen på arbejdet.",
    "focus_en": "Wellbeing, working relationships and everyday work.",
}
NOW = {
    "focus_da": "Trivsel, arbejdsrelationer, hverdagen på arbejdet og de aktuelle "
    "arbejdsopgaver.",
    "focus_en": "Wellbeing, working relationships, everyday work and current work tasks.",
}


def _replace(apps, old, new):
    Kind = apps.get_model("conversations", "ConversationKind")
    for field in old:
        Kind.objects.filter(code=CODE, **{field: old[field]}).update(**{field: new[field]})


def forwards(apps, schema_editor):
    _replace(apps, SHIPPED, NOW)


def backwards(apps, schema_editor):
    _replace(apps, NOW, SHIPPED)


class Migration(migrations.Migration):
    dependencies = [("conversations", "0010_event_actor_fill")]

    operations = [migrations.RunPython(forwards, backwards)]
