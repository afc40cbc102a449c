from functools import partial

from django.db import migrations

from core.roles import grant


# The permissions as this migration granted them, frozen: the roles change in later migrations.
APPLICATIONS_PERMISSIONS = {
    'Mobility staff': [
        'add_applicationround',
        'change_applicationround',
        'view_applicationround',
        'add_roundplace',
        'change_roundplace',
        'view_roundplace',
        'add_application',
        'change_application',
        'view_application',
        'add_document',
        'change_document',
        'view_document',
        'add_documentfile',
        'change_documentfile',
        'view_documentfile',
        'add_applicationevent',
        'change_applicationevent',
        'view_applicationevent',
        'add_questionnaire',
        'change_questionnaire',
        'view_questionnaire',
        'add_curriculumversion',
        'change_curriculumversion',
        'view_curriculumversion',
        'add_curriculumline',
        'change_curriculumline',
        'view_curriculumline',
        'add_signature',
        'change_signature',
        'view_signature',
    ],
    'Registrar': [
        'view_applicationround',
        'view_application',
        'view_document',
        'view_documentfile',
        'view_applicationevent',
        'view_questionnaire',
        'view_curriculumversion',
        'view_curriculumline',
        'view_signature',
    ],
}


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
