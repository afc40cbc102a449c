"""OutgoingEmail moves here from the project package, its table and rows untouched: this
migration only tells Django the model is now mail's (and moves its content type, so that the
groups keep their permissions on it); 0002 gives the table its new name."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="mail", model="outgoingemail").exists():
        ContentType.objects.filter(app_label="mobility_office", model="outgoingemail").update(
            app_label="mail"
        )


def unmove_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="mail", model="outgoingemail").update(
        app_label="mobility_office"
    )


# Tasks queued before the move name the task by its old path.
OLD_TASK_PATH = "mobility_office.mail.send_email"
NEW_TASK_PATH = "mail.services.send_email"


def move_queued_tasks(apps, schema_editor):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    DBTaskResult.objects.filter(task_path=OLD_TASK_PATH).update(task_path=NEW_TASK_PATH)


def unmove_queued_tasks(apps, schema_editor):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    DBTaskResult.objects.filter(task_path=NEW_TASK_PATH).update(task_path=OLD_TASK_PATH)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        ("mobility_office", "0005_document_languages"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='OutgoingEmail',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('subject', models.TextField(verbose_name='subject')),
                        ('body', models.TextField(verbose_name='text')),
                        ('from_email', models.CharField(blank=True, max_length=254, verbose_name='from')),
                        ('recipients', models.JSONField(verbose_name='recipients')),
                        ('state', models.CharField(choices=[('queued', 'waiting to be sent'), ('retrying', 'not sent yet, will be tried again'), ('failed', 'not sent, no attempts left'), ('sent', 'sent')], default='queued', max_length=10, verbose_name='state')),
                        ('attempts', models.PositiveIntegerField(default=0, verbose_name='attempts')),
                        ('attempt_limit', models.PositiveIntegerField(verbose_name='attempts allowed')),
                        ('last_error', models.TextField(blank=True, verbose_name='last error')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='queued at')),
                        ('last_attempt_at', models.DateTimeField(blank=True, null=True, verbose_name='last attempt')),
                        ('next_attempt_at', models.DateTimeField(blank=True, null=True, verbose_name='next attempt')),
                        ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent at')),
                        ('requeued_at', models.DateTimeField(blank=True, null=True, verbose_name='sent again at')),
                        ('requeued_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='sent again by')),
                    ],
                    options={
                        'db_table': 'mobility_office_outgoingemail',
                        'verbose_name': 'outgoing e-mail',
                        'verbose_name_plural': 'outgoing e-mails',
                        'ordering': ['-created_at', '-pk'],
                        'indexes': [models.Index(fields=['state', 'next_attempt_at'], name='mobility_of_state_112ac4_idx')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('state__in', ['queued', 'retrying', 'failed', 'sent'])), name='outgoing_email_state_known'), models.CheckConstraint(condition=models.Q(models.Q(('sent_at__isnull', False), ('state', 'sent')), models.Q(models.Q(('state', 'sent'), _negated=True), ('sent_at__isnull', True)), _connector='OR'), name='outgoing_email_sent_has_time'), models.CheckConstraint(condition=models.Q(models.Q(('next_attempt_at__isnull', False), ('state__in', ['queued', 'retrying'])), models.Q(('state__in', ['sent', 'failed']), ('next_attempt_at__isnull', True)), _connector='OR'), name='outgoing_email_next_attempt_when_pending'), models.CheckConstraint(condition=models.Q(('attempts__lte', models.F('attempt_limit')), ('attempt_limit__gte', 1)), name='outgoing_email_attempts_within_limit')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, unmove_content_type),
        migrations.RunPython(move_queued_tasks, unmove_queued_tasks),
    ]
