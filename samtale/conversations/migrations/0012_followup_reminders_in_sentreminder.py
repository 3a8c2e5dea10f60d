"""Follow-up reminders are recorded like every other reminder (core.SentReminder), not in
two columns of their own: the reminders already sent move there, then the columns go.

Day 7 and day 12 of the shipped 14 days are 7 and 2 days before the deadline, the keys
samtale.conversations.followups.reminders uses."""

from django.db import migrations

KEYS = {"reminded_day_7": "before7", "reminded_day_12": "before2"}


def forwards(apps, schema_editor):
    FollowUpRequest = apps.get_model("conversations", "FollowUpRequest")
    SentReminder = apps.get_model("core", "SentReminder")
    rows = []
    for field, suffix in KEYS.items():
        for pk, at in FollowUpRequest.objects.filter(**{f"{field}__isnull": False}).values_list(
            "pk", field
        ):
            rows.append(SentReminder(key=f"follow-up:{pk}:{suffix}", sent_at=at))
    SentReminder.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)


def backwards(apps, schema_editor):
    FollowUpRequest = apps.get_model("conversations", "FollowUpRequest")
    SentReminder = apps.get_model("core", "SentReminder")
    for field, suffix in KEYS.items():
        for reminder in SentReminder.objects.filter(key__endswith=f":{suffix}"):
            pk = reminder.key.split(":")[1]
            if reminder.key.startswith("follow-up:") and pk.isdecimal():
                FollowUpRequest.objects.filter(pk=int(pk)).update(**{field: reminder.sent_at})


class Migration(migrations.Migration):
    dependencies = [
        ("conversations", "0011_en_til_en_focus_tasks"),
        ("core", "0002_sentreminder"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="followuprequest", name="reminded_day_7"),
        migrations.RemoveField(model_name="followuprequest", name="reminded_day_12"),
    ]
