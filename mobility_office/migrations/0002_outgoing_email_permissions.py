from functools import partial

from django.db import migrations

from core.roles import grant


# The permissions as this migration granted them, frozen: the roles change in later migrations.
MAIL_PERMISSIONS = {
    'Mobility staff': [
        'view_outgoingemail',
        'change_outgoingemail',
    ],
}


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
