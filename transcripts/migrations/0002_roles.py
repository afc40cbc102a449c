from functools import partial

from django.db import migrations

from core.roles import grant


# The permissions as this migration granted them, frozen: the roles change in later migrations.
TRANSCRIPTS_PERMISSIONS = {
    'Mobility staff': [
        'add_gradingscale',
        'change_gradingscale',
        'view_gradingscale',
        'add_grade',
        'change_grade',
        'view_grade',
        'add_conversiontable',
        'change_conversiontable',
        'view_conversiontable',
        'add_conversionrow',
        'change_conversionrow',
        'view_conversionrow',
        'add_creditsystem',
        'change_creditsystem',
        'view_creditsystem',
        'add_partnergrading',
        'change_partnergrading',
        'view_partnergrading',
        'view_transcript',
        'view_transcriptline',
    ],
    'Registrar': [
        'add_gradingscale',
        'change_gradingscale',
        'view_gradingscale',
        'add_grade',
        'change_grade',
        'view_grade',
        'add_conversiontable',
        'change_conversiontable',
        'view_conversiontable',
        'add_conversionrow',
        'change_conversionrow',
        'view_conversionrow',
        'add_creditsystem',
        'change_creditsystem',
        'view_creditsystem',
        'add_partnergrading',
        'change_partnergrading',
        'view_partnergrading',
        'add_transcript',
        'change_transcript',
        'view_transcript',
        'add_transcriptline',
        'change_transcriptline',
        'view_transcriptline',
    ],
}


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
