# people: the participant's name as in the national ID (Cyrillic) beside the passport's (Latin),
# the patronymic, and the IIN on the questionnaire; the questionnaire's phone is the application's.
import unicodedata

from django.db import migrations, models

import applications.iin
import applications.names


def _cyrillic(value: str) -> bool:
    letters = [char for char in value if char.isalpha()]
    return bool(letters) and all(
        unicodedata.name(char, "").startswith("CYRILLIC ") for char in letters
    )


def copy_cyrillic_names(apps, schema_editor):
    """A name recorded in Cyrillic is the ID's name: it is copied to the Cyrillic fields (and
    stays where it was until the passport's Latin name is written)."""
    Application = apps.get_model("applications", "Application")
    for application in Application.objects.only("pk", "last_name", "first_name").iterator():
        if _cyrillic(application.last_name + application.first_name):
            Application.objects.filter(pk=application.pk).update(
                last_name_cyrillic=application.last_name, first_name_cyrillic=application.first_name
            )


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0008_round_titles_in_three_languages"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="first_name_cyrillic",
            field=models.CharField(
                blank=True,
                help_text="As in the identity card, for documents in Kazakh and Russian.",
                max_length=150,
                validators=[applications.names.validate_cyrillic_name],
                verbose_name="first name (Cyrillic)",
            ),
        ),
        migrations.AddField(
            model_name="application",
            name="last_name_cyrillic",
            field=models.CharField(
                blank=True,
                help_text="As in the identity card, for documents in Kazakh and Russian.",
                max_length=150,
                validators=[applications.names.validate_cyrillic_name],
                verbose_name="last name (Cyrillic)",
            ),
        ),
        migrations.AddField(
            model_name="application",
            name="patronymic",
            field=models.CharField(
                blank=True,
                help_text="As in the identity card, where there is one.",
                max_length=150,
                validators=[applications.names.validate_cyrillic_name],
                verbose_name="patronymic (Cyrillic)",
            ),
        ),
        migrations.AddField(
            model_name="questionnaire",
            name="iin",
            field=models.CharField(
                blank=True,
                help_text=(
                    "The individual identification number: 12 digits, in the identity card. "
                    "Citizens of Kazakhstan write it."
                ),
                max_length=12,
                validators=[applications.iin.validate_iin],
                verbose_name="IIN",
            ),
        ),
        migrations.AlterField(
            model_name="application",
            name="first_name",
            field=models.CharField(
                help_text=(
                    "As in the passport; without a passport, as the name is written in Latin."
                ),
                max_length=150,
                verbose_name="first name (Latin letters)",
            ),
        ),
        migrations.AlterField(
            model_name="application",
            name="last_name",
            field=models.CharField(
                help_text=(
                    "As in the passport; without a passport, as the name is written in Latin."
                ),
                max_length=150,
                verbose_name="last name (Latin letters)",
            ),
        ),
        migrations.AlterField(
            model_name="questionnaire",
            name="phone",
            field=models.CharField(blank=True, max_length=50, verbose_name="phone"),
        ),
        migrations.RunPython(copy_cyrillic_names, migrations.RunPython.noop),
    ]
