"""What each approved (or since superseded or revoked) transcript counts at home, summed from
its lines once, as approving now does; and at most one version in force per mobility, which the
approval already kept (it supersedes the earlier version in the same transaction)."""

from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


COUNT_LOCKED_VERSIONS = """
UPDATE transcripts_transcript SET
    credits_counted = COALESCE((
        SELECT SUM(line.home_credits) FROM transcripts_transcriptline AS line
        WHERE line.transcript_id = transcripts_transcript.id
    ), 0),
    disciplines_counted = (
        SELECT COUNT(*) FROM transcripts_transcriptline AS line
        WHERE line.transcript_id = transcripts_transcript.id AND line.home_credits > 0
    )
WHERE state <> 'draft'
"""


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0014_report_indexes"),
        ("transcripts", "0013_elmo_files"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="transcript",
            name="credits_counted",
            field=models.DecimalField(
                decimal_places=2, default=Decimal("0"), max_digits=8, verbose_name="credits counted"
            ),
        ),
        migrations.AddField(
            model_name="transcript",
            name="disciplines_counted",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="disciplines counted"),
        ),
        migrations.RunSQL(COUNT_LOCKED_VERSIONS, migrations.RunSQL.noop),
        migrations.AddConstraint(
            model_name="transcript",
            constraint=models.UniqueConstraint(
                condition=models.Q(("state", "approved")),
                fields=("application",),
                name="one_approved_transcript_per_application",
            ),
        ),
    ]
