from functools import partial

from django.db import migrations

from mobility_office.roles import TRANSCRIPTS_PERMISSIONS, grant


class Migration(migrations.Migration):
    dependencies = [
        ("transcripts", "0001_initial"),
        ("applications", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(
            partial(grant, app_label="transcripts", permissions=TRANSCRIPTS_PERMISSIONS),
            migrations.RunPython.noop,
        ),
    ]
