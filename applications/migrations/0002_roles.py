from functools import partial

from django.db import migrations

from mobility_office.roles import APPLICATIONS_PERMISSIONS, grant


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0001_initial"),
        ("agreements", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(
            partial(grant, app_label="applications", permissions=APPLICATIONS_PERMISSIONS),
            migrations.RunPython.noop,
        ),
    ]
