from functools import partial

from django.db import migrations

from mobility_office.roles import MAIL_PERMISSIONS, grant


class Migration(migrations.Migration):
    dependencies = [
        ("mobility_office", "0001_outgoing_email"),
    ]

    operations = [
        migrations.RunPython(
            partial(grant, app_label="mobility_office", permissions=MAIL_PERMISSIONS),
            migrations.RunPython.noop,
        ),
    ]
