"""DocumentDefault moves here from the project package, its table and rows untouched: this
migration only tells Django the model is now documents's (and moves its content type, so that the
groups keep their permissions on it); 0002 gives the table its new name."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="documents", model="documentdefault").exists():
        ContentType.objects.filter(app_label="mobility_office", model="documentdefault").update(
            app_label="documents"
        )


def unmove_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="documents", model="documentdefault").update(
        app_label="mobility_office"
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        ("mobility_office", "0005_document_languages"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='DocumentDefault',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('document', models.CharField(choices=[('application', 'Application'), ('questionnaire', "Participant's questionnaire"), ('curriculum', 'Individual curriculum'), ('tripartite', 'Tripartite agreement'), ('order', 'Order'), ('recognition', 'Credit-recognition transcript'), ('incoming', 'Transcript of records (incoming student)'), ('report', 'Report with charts and tables'), ('narrative', 'Report text (PDF and Word)')], max_length=32, unique=True, verbose_name='document')),
                        ('language', models.CharField(choices=[('kk', 'Kazakh'), ('ru', 'Russian'), ('en', 'English'), ('kk+en', 'Kazakh + English'), ('ru+en', 'Russian + English')], max_length=8, verbose_name='language')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='changed at')),
                        ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='changed by')),
                    ],
                    options={
                        'db_table': 'mobility_office_documentdefault',
                        'verbose_name': 'document language',
                        'verbose_name_plural': 'document languages',
                        'ordering': ['document'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('document__in', ['application', 'questionnaire', 'curriculum', 'tripartite', 'order', 'recognition', 'incoming', 'report', 'narrative'])), name='document_default_known_document'), models.CheckConstraint(condition=models.Q(('language__in', ['kk', 'ru', 'en', 'kk+en', 'ru+en'])), name='document_default_known_language')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, unmove_content_type),
    ]
