# documents: the office's default language for each generated document.
from functools import partial

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.roles import grant


# The permissions as this migration granted them, frozen: the roles change in later migrations.
DOCUMENT_LANGUAGE_PERMISSIONS = {
    'Mobility staff': [
        'view_documentdefault',
        'add_documentdefault',
        'change_documentdefault',
    ],
}


class Migration(migrations.Migration):
    dependencies = [
        ("mobility_office", "0004_search_fold"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="DocumentDefault",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "document",
                    models.CharField(
                        choices=[
                            ("application", "Application"),
                            ("questionnaire", "Participant's questionnaire"),
                            ("curriculum", "Individual curriculum"),
                            ("tripartite", "Tripartite agreement"),
                            ("order", "Order"),
                            ("recognition", "Credit-recognition transcript"),
                            ("incoming", "Transcript of records (incoming student)"),
                            ("report", "Report with charts and tables"),
                            ("narrative", "Report text (PDF and Word)"),
                        ],
                        max_length=32,
                        unique=True,
                        verbose_name="document",
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        choices=[
                            ("kk", "Kazakh"),
                            ("ru", "Russian"),
                            ("en", "English"),
                            ("kk+en", "Kazakh + English"),
                            ("ru+en", "Russian + English"),
                        ],
                        max_length=8,
                        verbose_name="language",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="changed at")),
                (
                    "updated_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="changed by",
                    ),
                ),
            ],
            options={
                "verbose_name": "document language",
                "verbose_name_plural": "document languages",
                "ordering": ["document"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "document__in",
                                [
                                    "application",
                                    "questionnaire",
                                    "curriculum",
                                    "tripartite",
                                    "order",
                                    "recognition",
                                    "incoming",
                                    "report",
                                    "narrative",
                                ],
                            )
                        ),
                        name="document_default_known_document",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("language__in", ["kk", "ru", "en", "kk+en", "ru+en"])),
                        name="document_default_known_language",
                    ),
                ],
            },
        ),
        migrations.RunPython(
            partial(grant, app_label="mobility_office", permissions=DOCUMENT_LANGUAGE_PERMISSIONS),
            migrations.RunPython.noop,
        ),
    ]
