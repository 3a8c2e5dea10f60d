"""The kinds of conversation from the GOM model (MISSION.md), as data the organisation
can change afterwards."""

from django.db import migrations

KINDS = [
    {
        "code": "mus",
        "name_da": "MUS",
        "name_en": "Employee development conversation (MUS)",
        "focus_da": "Medarbejderens rolle, kompetencer og kompetenceudvikling set i forhold "
        "til organisationens mål.",
        "focus_en": "The employee's role, competences and competence development, seen from "
        "the organisation's goals.",
        "participation": "employee_leader",
        "mandatory": True,
        "frequency": "yearly",
        "default_duration": 30,
        "questionnaire_family": "mus",
        "order": 10,
    },
    {
        "code": "grus",
        "name_da": "GRUS",
        "name_en": "Group development conversation (GRUS)",
        "focus_da": "Teamets faglige udvikling, samarbejde og opgaver set i forhold til "
        "organisationens strategiske mål.",
        "focus_en": "The team's professional development, cooperation and tasks, seen from "
        "the organisation's strategic goals.",
        "participation": "team_leader",
        "mandatory": True,
        "frequency": "yearly",
        "default_duration": 90,
        "questionnaire_family": "grus",
        "order": 20,
    },
    {
        "code": "lus",
        "name_da": "LUS",
        "name_en": "Leader development conversation (LUS)",
        "focus_da": "Lederens opgaver, ansvar, trivsel, resultater og udvikling, og "
        "institutionens udvikling.",
        "focus_en": "The leader's tasks, responsibilities, wellbeing, results and development, "
        "and the institution's development.",
        "participation": "leader_chief",
        "mandatory": True,
        "frequency": "yearly",
        "default_duration": 60,
        "questionnaire_family": "lus",
        "order": 30,
    },
    {
        "code": "en-til-en",
        "name_da": "En-til-en",
        "name_en": "One-to-one",
        # 0011 adds the current work tasks to this focus.
        "focus_da": "Trivsel, arbejdsrelationer og hverdagen på arbejdet.",
        "focus_en": "Wellbeing, working relationships and everyday work.",
        "participation": "employee_leader",
        "mandatory": False,
        "frequency": "any_time",
        "default_duration": 30,
        "questionnaire_family": "en-til-en",
        "order": 40,
    },
    {
        "code": "opfoelgning",
        "name_da": "Opfølgende samtale",
        "name_en": "Follow-up conversation",
        "focus_da": "Det, der blev aftalt i den oprindelige samtale.",
        "focus_en": "What was agreed in the original conversation.",
        "participation": "employee_leader",
        "mandatory": False,
        "frequency": "on_request",
        "default_duration": 30,
        "questionnaire_family": "",
        "follow_up_days": 14,
        "order": 50,
    },
]


def add_kinds(apps, schema_editor):
    Kind = apps.get_model("conversations", "ConversationKind")
    for kind in KINDS:
        Kind.objects.update_or_create(code=kind["code"], defaults=kind)


class Migration(migrations.Migration):
    dependencies = [("conversations", "0001_initial")]
    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
