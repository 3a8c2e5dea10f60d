"""The existing steps get the person of the login that took them; a shared
preparation's step no longer keeps the name in its note (the team's gets an action of
its own)."""

from django.db import migrations
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
    dependencies = [("conversations", "0009_event_actor")]

    operations = [migrations.RunPython(fill_actors, migrations.RunPython.noop)]
