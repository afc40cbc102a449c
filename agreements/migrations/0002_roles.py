from functools import partial

from django.db import migrations

from core.roles import grant


# The permissions as this migration granted them, frozen: the roles change in later migrations.
AGREEMENTS_PERMISSIONS = {
    'Mobility staff': [
        'add_institution',
        'change_institution',
        'delete_institution',
        'view_institution',
        'add_contact',
        'change_contact',
        'delete_contact',
        'view_contact',
        'add_agreement',
        'change_agreement',
        'view_agreement',
        'add_cooperationcondition',
        'change_cooperationcondition',
        'delete_cooperationcondition',
        'view_cooperationcondition',
        'add_academicperiod',
        'change_academicperiod',
        'view_academicperiod',
        'add_educationalprogram',
        'change_educationalprogram',
        'view_educationalprogram',
    ],
    'Registrar': [
        'view_institution',
        'view_contact',
        'view_agreement',
        'view_cooperationcondition',
        'view_academicperiod',
        'view_educationalprogram',
    ],
}


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
