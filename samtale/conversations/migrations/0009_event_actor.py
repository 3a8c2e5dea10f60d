"""Each step in a conversation's history names the person who took it (``actor``), not
only the login. The existing steps are filled in by 0010 (a separate migration: on
PostgreSQL the new foreign key's index cannot be built in the transaction that updates
the rows)."""

import django.db.models.deletion
from django.db import migrations, models


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
    ]
