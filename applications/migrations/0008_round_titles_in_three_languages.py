"""Application round titles in Kazakh, Russian and English (django-modeltranslation columns).

The title each round had is kept as its English title; the office adds the Kazakh and Russian.
"""

from django.db import migrations, models
from django.db.models import F


def titles_into_english(apps, schema_editor):
    for model_name in ("ApplicationRound", "HistoricalApplicationRound"):
        model = apps.get_model("applications", model_name)
        model.objects.exclude(title="").update(title_en=F("title"))


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0007_archive_and_protected_parts"),
    ]

    operations = [
        migrations.AddField(
            model_name="applicationround",
            name="title_en",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="title"),
        ),
        migrations.AddField(
            model_name="applicationround",
            name="title_kk",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="title"),
        ),
        migrations.AddField(
            model_name="applicationround",
            name="title_ru",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="title"),
        ),
        migrations.AlterField(
            model_name="applicationround",
            name="title",
            field=models.CharField(blank=True, max_length=200, verbose_name="title"),
        ),
        migrations.AlterField(
            model_name="historicalapplicationround",
            name="title",
            field=models.CharField(blank=True, max_length=200, verbose_name="title"),
        ),
        migrations.AddField(
            model_name="historicalapplicationround",
            name="title_en",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="title"),
        ),
        migrations.AddField(
            model_name="historicalapplicationround",
            name="title_kk",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="title"),
        ),
        migrations.AddField(
            model_name="historicalapplicationround",
            name="title_ru",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="title"),
        ),
        migrations.RunPython(titles_into_english, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="applicationround",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("title_kk__isnull", False), models.Q(("title_kk", ""), _negated=True)
                    ),
                    models.Q(
                        ("title_ru__isnull", False), models.Q(("title_ru", ""), _negated=True)
                    ),
                    models.Q(
                        ("title_en__isnull", False), models.Q(("title_en", ""), _negated=True)
                    ),
                    _connector="OR",
                ),
                name="round_has_a_title",
                violation_error_message=(
                    "Give the round's title in at least one language: Kazakh, Russian or English."
                ),
            ),
        ),
    ]
