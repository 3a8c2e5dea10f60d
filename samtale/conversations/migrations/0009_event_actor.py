"""Each step in a conversation's history names the person who took it (``actor``), not
only the login. Existing steps get the login's person; a shared preparation's step no
longer keeps the name in its note (the team's gets an action of its own)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_actors(apps, schema_editor):
    Event = apps.get_model("conversations", "ConversationEvent")
    Person = apps.get_model("org", "Person")
    Event.objects.filter(by__isnull=False).update(
        actor=Subquery(Person.objects.filter(user_id=OuterRef("by_id")).values("pk")[:1])
    )
    Event.objects.filter(action="share_preparation", note__in=["teamet", "the team"]).update(
        action="share_team_preparation", note=""
    )
    Event.objects.filter(action="share_preparation").update(note="")


class Migration(migrations.Migration):
    dependencies = [
        ("conversations", "0008_conversationkind_development_plan"),
        ("org", "0002_person_unit_end_idx"),
    ]

    operations = [
        migrations.AddField(
            model_name="conversationevent",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                help_text="The person who took the step; kept when their login goes.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="org.person",
                verbose_name="taken by",
            ),
        ),
        migrations.RunPython(fill_actors, migrations.RunPython.noop),
    ]
