"""Names of grading scales, grade meanings, conversion tables and credit systems, and the credit
system name a transcript keeps, in Kazakh, Russian and English (django-modeltranslation columns).

Each name is kept as its English name (the shipped and entered names are English); the office adds
the Kazakh and Russian. A scale's or a credit system's name is unique in each language where given
(empty names are NULL), instead of the one name being unique.
"""

from django.db import migrations, models
from django.db.models import F


def names_into_english(apps, schema_editor):
    for model_name, field in [
        ("GradingScale", "name"),
        ("ConversionTable", "name"),
        ("CreditSystem", "name"),
        ("Grade", "description"),
        ("HistoricalGradingScale", "name"),
        ("HistoricalConversionTable", "name"),
        ("HistoricalCreditSystem", "name"),
        ("HistoricalGrade", "description"),
        ("Transcript", "credit_system_name"),
    ]:
        model = apps.get_model("transcripts", model_name)
        model.objects.exclude(**{field: ""}).update(**{f"{field}_en": F(field)})


class Migration(migrations.Migration):
    dependencies = [
        ("transcripts", "0011_history_of_partner_grading"),
    ]

    operations = [
        migrations.AddField(
            model_name="conversiontable",
            name="name_en",
            field=models.CharField(blank=True, max_length=160, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="conversiontable",
            name="name_kk",
            field=models.CharField(blank=True, max_length=160, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="conversiontable",
            name="name_ru",
            field=models.CharField(blank=True, max_length=160, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="creditsystem",
            name="name_en",
            field=models.CharField(blank=True, max_length=80, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="creditsystem",
            name="name_kk",
            field=models.CharField(blank=True, max_length=80, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="creditsystem",
            name="name_ru",
            field=models.CharField(blank=True, max_length=80, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="grade",
            name="description_en",
            field=models.CharField(blank=True, max_length=120, null=True, verbose_name="meaning"),
        ),
        migrations.AddField(
            model_name="grade",
            name="description_kk",
            field=models.CharField(blank=True, max_length=120, null=True, verbose_name="meaning"),
        ),
        migrations.AddField(
            model_name="grade",
            name="description_ru",
            field=models.CharField(blank=True, max_length=120, null=True, verbose_name="meaning"),
        ),
        migrations.AddField(
            model_name="gradingscale",
            name="name_en",
            field=models.CharField(blank=True, max_length=120, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="gradingscale",
            name="name_kk",
            field=models.CharField(blank=True, max_length=120, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="gradingscale",
            name="name_ru",
            field=models.CharField(blank=True, max_length=120, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="transcript",
            name="credit_system_name_en",
            field=models.CharField(
                blank=True, max_length=80, null=True, verbose_name="credit system"
            ),
        ),
        migrations.AddField(
            model_name="transcript",
            name="credit_system_name_kk",
            field=models.CharField(
                blank=True, max_length=80, null=True, verbose_name="credit system"
            ),
        ),
        migrations.AddField(
            model_name="transcript",
            name="credit_system_name_ru",
            field=models.CharField(
                blank=True, max_length=80, null=True, verbose_name="credit system"
            ),
        ),
        migrations.AlterField(
            model_name="conversiontable",
            name="name",
            field=models.CharField(blank=True, max_length=160, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="creditsystem",
            name="name",
            field=models.CharField(blank=True, max_length=80, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="gradingscale",
            name="name",
            field=models.CharField(blank=True, max_length=120, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="historicalconversiontable",
            name="name",
            field=models.CharField(blank=True, max_length=160, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="historicalcreditsystem",
            name="name",
            field=models.CharField(blank=True, max_length=80, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="historicalgradingscale",
            name="name",
            field=models.CharField(blank=True, max_length=120, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="historicalconversiontable",
            name="name_en",
            field=models.CharField(blank=True, max_length=160, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="historicalconversiontable",
            name="name_kk",
            field=models.CharField(blank=True, max_length=160, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="historicalconversiontable",
            name="name_ru",
            field=models.CharField(blank=True, max_length=160, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="historicalcreditsystem",
            name="name_en",
            field=models.CharField(blank=True, max_length=80, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="historicalcreditsystem",
            name="name_kk",
            field=models.CharField(blank=True, max_length=80, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="historicalcreditsystem",
            name="name_ru",
            field=models.CharField(blank=True, max_length=80, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="historicalgrade",
            name="description_en",
            field=models.CharField(blank=True, max_length=120, null=True, verbose_name="meaning"),
        ),
        migrations.AddField(
            model_name="historicalgrade",
            name="description_kk",
            field=models.CharField(blank=True, max_length=120, null=True, verbose_name="meaning"),
        ),
        migrations.AddField(
            model_name="historicalgrade",
            name="description_ru",
            field=models.CharField(blank=True, max_length=120, null=True, verbose_name="meaning"),
        ),
        migrations.AddField(
            model_name="historicalgradingscale",
            name="name_en",
            field=models.CharField(blank=True, max_length=120, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="historicalgradingscale",
            name="name_kk",
            field=models.CharField(blank=True, max_length=120, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="historicalgradingscale",
            name="name_ru",
            field=models.CharField(blank=True, max_length=120, null=True, verbose_name="name"),
        ),
        migrations.RunPython(names_into_english, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="conversiontable",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("name_kk__isnull", False), models.Q(("name_kk", ""), _negated=True)),
                    models.Q(("name_ru__isnull", False), models.Q(("name_ru", ""), _negated=True)),
                    models.Q(("name_en__isnull", False), models.Q(("name_en", ""), _negated=True)),
                    _connector="OR",
                ),
                name="conversion_table_has_a_name",
                violation_error_message=(
                    "Give the table's name in at least one language: Kazakh, Russian or English."
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="creditsystem",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("name_kk__isnull", False), models.Q(("name_kk", ""), _negated=True)),
                    models.Q(("name_ru__isnull", False), models.Q(("name_ru", ""), _negated=True)),
                    models.Q(("name_en__isnull", False), models.Q(("name_en", ""), _negated=True)),
                    _connector="OR",
                ),
                name="credit_system_has_a_name",
                violation_error_message=(
                    "Give the credit system's name in at least one language: "
                    "Kazakh, Russian or English."
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="creditsystem",
            constraint=models.UniqueConstraint(
                fields=("name_kk",),
                name="credit_system_name_kk_unique",
                violation_error_code="unique",
                violation_error_message=(
                    "Another credit system has this name already; give a different one."
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="creditsystem",
            constraint=models.UniqueConstraint(
                fields=("name_ru",),
                name="credit_system_name_ru_unique",
                violation_error_code="unique",
                violation_error_message=(
                    "Another credit system has this name already; give a different one."
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="creditsystem",
            constraint=models.UniqueConstraint(
                fields=("name_en",),
                name="credit_system_name_en_unique",
                violation_error_code="unique",
                violation_error_message=(
                    "Another credit system has this name already; give a different one."
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="gradingscale",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("name_kk__isnull", False), models.Q(("name_kk", ""), _negated=True)),
                    models.Q(("name_ru__isnull", False), models.Q(("name_ru", ""), _negated=True)),
                    models.Q(("name_en__isnull", False), models.Q(("name_en", ""), _negated=True)),
                    _connector="OR",
                ),
                name="grading_scale_has_a_name",
                violation_error_message=(
                    "Give the scale's name in at least one language: Kazakh, Russian or English."
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="gradingscale",
            constraint=models.UniqueConstraint(
                fields=("name_kk",),
                name="grading_scale_name_kk_unique",
                violation_error_code="unique",
                violation_error_message=(
                    "Another grading scale has this name already; give a different one."
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="gradingscale",
            constraint=models.UniqueConstraint(
                fields=("name_ru",),
                name="grading_scale_name_ru_unique",
                violation_error_code="unique",
                violation_error_message=(
                    "Another grading scale has this name already; give a different one."
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="gradingscale",
            constraint=models.UniqueConstraint(
                fields=("name_en",),
                name="grading_scale_name_en_unique",
                violation_error_code="unique",
                violation_error_message=(
                    "Another grading scale has this name already; give a different one."
                ),
            ),
        ),
    ]
