"""Institutions and agreements keep the fold of their searched fields (core.search.folded_text)
in a generated column, with a trigram index on PostgreSQL: a search reads the column instead of
folding every field of every row again (about a second for the agreements list at 5,000)."""

import django.db.models.functions.text
from django.db import migrations, models

INDEXES = {
    "institution_search_fold": "agreements_institution",
    "agreement_search_fold": "agreements_agreement",
}


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # Not TrigramExtension(): undone, it would drop the extension the applications' index
        # (applications 0012) needs too.
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, table in INDEXES.items():
            schema_editor.execute(
                f"CREATE INDEX {name} ON {table} USING gin (search_fold gin_trgm_ops)"
            )


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0007_institution_name_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="agreement",
            name="search_fold",
            field=models.GeneratedField(
                db_persist=True,
                expression=models.Func(
                    django.db.models.functions.text.Concat(
                        models.F("number"),
                        models.Value("0"),
                        models.F("signatories"),
                        output_field=models.TextField(),
                    ),
                    function="mo_fold",
                    output_field=models.TextField(),
                ),
                output_field=models.TextField(),
            ),
        ),
        migrations.AddField(
            model_name="institution",
            name="search_fold",
            field=models.GeneratedField(
                db_persist=True,
                expression=models.Func(
                    django.db.models.functions.text.Concat(
                        django.db.models.functions.text.Concat(
                            django.db.models.functions.text.Concat(
                                django.db.models.functions.text.Concat(
                                    models.F("name_kk"),
                                    models.Value("0"),
                                    output_field=models.TextField(),
                                ),
                                django.db.models.functions.text.Concat(
                                    models.F("name_ru"),
                                    models.Value("0"),
                                    output_field=models.TextField(),
                                ),
                                output_field=models.TextField(),
                            ),
                            django.db.models.functions.text.Concat(
                                django.db.models.functions.text.Concat(
                                    models.F("name_en"),
                                    models.Value("0"),
                                    output_field=models.TextField(),
                                ),
                                django.db.models.functions.text.Concat(
                                    models.F("name_local"),
                                    models.Value("0"),
                                    output_field=models.TextField(),
                                ),
                                output_field=models.TextField(),
                            ),
                            output_field=models.TextField(),
                        ),
                        django.db.models.functions.text.Concat(
                            django.db.models.functions.text.Concat(
                                django.db.models.functions.text.Concat(
                                    models.F("city_kk"),
                                    models.Value("0"),
                                    output_field=models.TextField(),
                                ),
                                django.db.models.functions.text.Concat(
                                    models.F("city_ru"),
                                    models.Value("0"),
                                    output_field=models.TextField(),
                                ),
                                output_field=models.TextField(),
                            ),
                            django.db.models.functions.text.Concat(
                                django.db.models.functions.text.Concat(
                                    models.F("city_en"),
                                    models.Value("0"),
                                    output_field=models.TextField(),
                                ),
                                django.db.models.functions.text.Concat(
                                    models.F("code"),
                                    django.db.models.functions.text.Concat(
                                        models.Value("0"),
                                        models.F("erasmus_code"),
                                        output_field=models.TextField(),
                                    ),
                                    output_field=models.TextField(),
                                ),
                                output_field=models.TextField(),
                            ),
                            output_field=models.TextField(),
                        ),
                        output_field=models.TextField(),
                    ),
                    function="mo_fold",
                    output_field=models.TextField(),
                ),
                output_field=models.TextField(),
            ),
        ),
        migrations.RunPython(add_indexes, remove_indexes),
    ]
