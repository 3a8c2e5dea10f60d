"""The overview's maintained counts (samtale.competences.counts): the two tables, the
triggers that keep them, and a first count of the people and levels already there."""

from django.db import migrations, models


def install(apps, schema_editor):
    from samtale.competences import counts

    counts.install_triggers(schema_editor)
    counts.rebuild()


def uninstall(apps, schema_editor):
    from samtale.competences import counts

    counts.drop_triggers(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('competences', '0004_agreedlevel_accepted_idx'),
        ('org', '0006_leader_changes'),
    ]

    operations = [
        migrations.CreateModel(
            name='PeopleCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('ends', models.DateField()),
                ('n', models.IntegerField(default=0)),
                ('group', models.ForeignKey(db_constraint=False, on_delete=models.deletion.DO_NOTHING, related_name='+', to='org.professionalgroup')),
                ('unit', models.ForeignKey(db_constraint=False, on_delete=models.deletion.DO_NOTHING, related_name='+', to='org.orgunit')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('unit', 'group', 'ends'), name='peoplecount_one_per_key')],
            },
        ),
        migrations.CreateModel(
            name='LevelCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('ends', models.DateField()),
                ('level', models.PositiveSmallIntegerField()),
                ('n', models.IntegerField(default=0)),
                ('competence', models.ForeignKey(db_constraint=False, on_delete=models.deletion.DO_NOTHING, related_name='+', to='competences.competence')),
                ('group', models.ForeignKey(db_constraint=False, on_delete=models.deletion.DO_NOTHING, related_name='+', to='org.professionalgroup')),
                ('unit', models.ForeignKey(db_constraint=False, on_delete=models.deletion.DO_NOTHING, related_name='+', to='org.orgunit')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('unit', 'group', 'ends', 'competence', 'level'), name='levelcount_one_per_key')],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
