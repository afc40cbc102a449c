from functools import partial

from django.db import migrations

from mobility_office.roles import AGREEMENTS_PERMISSIONS, grant


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(
            partial(grant, app_label="agreements", permissions=AGREEMENTS_PERMISSIONS),
            migrations.RunPython.noop,
        ),
    ]
