"""A follow-up request names the leader who holds it now (``FollowUpRequest.leader``):
filled with the original conversation's leader, who held every request until now."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    FollowUpRequest = apps.get_model("conversations", "FollowUpRequest")
    Conversation = apps.get_model("conversations", "Conversation")
    FollowUpRequest.objects.filter(leader__isnull=True).update(
        leader=Subquery(
            Conversation.objects.filter(pk=OuterRef("conversation_id")).values("leader_id")[:1]
        )
    )
    if schema_editor.connection.vendor == "postgresql":
        # the new foreign keys are checked now, so the column can be made NOT NULL in the
        # same transaction (else: "pending trigger events")
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ("conversations", "0015_retention_and_content_deleted"),
        ("org", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="followuprequest",
            name="leader",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.person",
                verbose_name="held by",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="followuprequest",
            name="leader",
            field=models.ForeignKey(
                help_text=(
                    "The leader who plans and holds the follow-up: the one who held the "
                    "original, or their successor when they left."
                ),
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.person",
                verbose_name="held by",
            ),
        ),
    ]
