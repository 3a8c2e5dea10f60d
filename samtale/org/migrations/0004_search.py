"""Finding people and units (samtale.org.search).

On PostgreSQL: the pg_trgm and unaccent extensions and the function samtale_fold
(samtale.lib.folding; SQLite gets it from Python on every connection). Then, on every
database, Person.search_name: the name folded, a stored generated column. Then, on
PostgreSQL, the indexes a search uses: trigram indexes on the folded names of people and
units and on the folded unit codes, and a prefix index on the lower-case e-mail
addresses. (Prefix searches on employee numbers use the varchar_pattern_ops index that
Django gives every unique text column on PostgreSQL.) SQLite searches without them; they
are not in the models' Meta, since SQLite cannot build them.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations, models

from samtale.lib import folding
from samtale.lib.pgonly import OnPostgreSQL


def create_fold(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname FROM pg_extension e "
            "JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'"
        )
        (schema,) = cursor.fetchone()
    schema_editor.execute(folding.create_function_sql(schema_editor.quote_name(schema)))


def drop_fold(apps, schema_editor):
    schema_editor.execute(folding.DROP_FUNCTION_SQL)


def index(table, name, using, expression):
    return migrations.RunSQL(
        f"CREATE INDEX {name} ON {table} USING {using} ({expression})",
        f"DROP INDEX IF EXISTS {name}",
    )


class Migration(migrations.Migration):

    dependencies = [
        ("org", "0003_org_version"),
    ]

    operations = [
        OnPostgreSQL(
            TrigramExtension(),
            UnaccentExtension(),
            migrations.RunPython(create_fold, drop_fold),
        ),
        migrations.AddField(
            model_name="person",
            name="search_name",
            field=models.GeneratedField(
                db_persist=True,
                expression=folding.Folded("name"),
                output_field=models.TextField(),
            ),
        ),
        OnPostgreSQL(
            # LIKE '%WORD%' and similarity() on the folded names and codes.
            index("org_person", "person_search_name_trgm_idx", "gin", "search_name gin_trgm_ops"),
            index(
                "org_orgunit",
                "orgunit_name_trgm_idx",
                "gin",
                f"({folding.FUNCTION}(name)) gin_trgm_ops",
            ),
            index(
                "org_orgunit",
                "orgunit_code_trgm_idx",
                "gin",
                f"({folding.FUNCTION}(code)) gin_trgm_ops",
            ),
            # LIKE 'address%' on the lower-case address: a range in a b-tree. (A trigram
            # index would find every address of the domain for a query like "ek".)
            index(
                "org_person", "person_email_prefix_idx", "btree", "lower(email) text_pattern_ops"
            ),
        ),
    ]
