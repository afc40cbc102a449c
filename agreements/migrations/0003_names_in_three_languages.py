# names-register: institutions' names and cities and educational programs' names in Kazakh,
# Russian and English (django-modeltranslation; see agreements/translation.py).
from django.db import migrations, models

TRANSLATED = {
    "institution": ("name", "city"),
    "historicalinstitution": ("name", "city"),
    "educationalprogram": ("name",),
    "historicaleducationalprogram": ("name",),
}


NAME_MISSING = "Give the name in at least one language: Kazakh, Russian or English."


def given_in_a_language(field: str) -> models.Q:
    """The name is given (not NULL, not empty) in Kazakh, Russian or English."""
    condition = models.Q()
    for language in ("kk", "ru", "en"):
        column = f"{field}_{language}"
        condition |= models.Q(**{f"{column}__isnull": False}) & ~models.Q(**{column: ""})
    return condition


def names_to_english(apps, schema_editor):
    """Today's names were written in English: they become the English ones."""
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("agreements", model_name)
        for field in fields:
            model.objects.filter(**{f"{field}_en__isnull": True}).update(
                **{f"{field}_en": models.F(field)}
            )


def _translation_field(max_length: int, verbose_name: str) -> models.CharField:
    return models.CharField(blank=True, max_length=max_length, null=True, verbose_name=verbose_name)


def _add_fields():
    sizes = {"name": 255, "city": 120}
    for model_name, fields in TRANSLATED.items():
        for field in fields:
            size = 200 if "program" in model_name else sizes[field]
            for language in ("kk", "ru", "en"):
                yield migrations.AddField(
                    model_name=model_name,
                    name=f"{field}_{language}",
                    field=_translation_field(size, field),
                )


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0002_roles"),
    ]

    operations = [
        *_add_fields(),
        migrations.AlterField(
            model_name="institution",
            name="name",
            field=models.CharField(blank=True, max_length=255, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="institution",
            name="city",
            field=models.CharField(blank=True, max_length=120, verbose_name="city"),
        ),
        migrations.AlterField(
            model_name="historicalinstitution",
            name="name",
            field=models.CharField(blank=True, max_length=255, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="historicalinstitution",
            name="city",
            field=models.CharField(blank=True, max_length=120, verbose_name="city"),
        ),
        migrations.AlterField(
            model_name="educationalprogram",
            name="name",
            field=models.CharField(blank=True, max_length=200, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="historicaleducationalprogram",
            name="name",
            field=models.CharField(blank=True, max_length=200, verbose_name="name"),
        ),
        migrations.AddConstraint(
            model_name="institution",
            constraint=models.UniqueConstraint(
                fields=("name_kk", "country", "city_kk"),
                name="unique_institution_name_place-kk",
                violation_error_message=(
                    "An institution with this name already exists in this city and country."
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="institution",
            constraint=models.UniqueConstraint(
                fields=("name_ru", "country", "city_ru"),
                name="unique_institution_name_place-ru",
                violation_error_message=(
                    "An institution with this name already exists in this city and country."
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="institution",
            constraint=models.UniqueConstraint(
                fields=("name_en", "country", "city_en"),
                name="unique_institution_name_place-en",
                violation_error_message=(
                    "An institution with this name already exists in this city and country."
                ),
            ),
        ),
        migrations.RunPython(names_to_english, migrations.RunPython.noop),
        # After the copy, every row has an English name and city.
        migrations.AddConstraint(
            model_name="educationalprogram",
            constraint=models.CheckConstraint(
                condition=given_in_a_language("name"),
                name="educational_program_name_given",
                violation_error_message=NAME_MISSING,
            ),
        ),
        migrations.AddConstraint(
            model_name="institution",
            constraint=models.CheckConstraint(
                condition=given_in_a_language("name"),
                name="institution_name_given",
                violation_error_message=NAME_MISSING,
            ),
        ),
        migrations.AddConstraint(
            model_name="institution",
            constraint=models.CheckConstraint(
                condition=given_in_a_language("city"),
                name="institution_city_given",
                violation_error_message=(
                    "Give the city in at least one language: Kazakh, Russian or English."
                ),
            ),
        ),
    ]
