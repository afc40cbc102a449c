"""EmailConfirmation moves here from the project package, its table and rows untouched: this
migration only tells Django the model is now accounts's (and moves its content type, so that the
groups keep their permissions on it); 0002 gives the table its new name."""

import django.db.models.deletion
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="accounts", model="emailconfirmation").exists():
        ContentType.objects.filter(app_label="mobility_office", model="emailconfirmation").update(
            app_label="accounts"
        )


def unmove_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="accounts", model="emailconfirmation").update(
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
                    name='EmailConfirmation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('email', models.EmailField(max_length=254, verbose_name='e-mail')),
                        ('confirmed_at', models.DateTimeField(verbose_name='confirmed at')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='email_confirmations', to=settings.AUTH_USER_MODEL, verbose_name='account')),
                    ],
                    options={
                        'db_table': 'mobility_office_emailconfirmation',
                        'verbose_name': 'e-mail confirmation',
                        'verbose_name_plural': 'e-mail confirmations',
                        'ordering': ['-confirmed_at', '-pk'],
                        'constraints': [models.UniqueConstraint(models.F('user'), django.db.models.functions.text.Lower('email'), name='email_confirmation_once_per_address')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, unmove_content_type),
    ]
