"""The day's digest of submitted applications for the office, run from cron or a systemd timer.

Each run queues one e-mail of the applications submitted (or resubmitted) since the office was
last told and marks them told in the same transaction, so running it twice sends nothing the
second time; the worker (`manage.py db_worker`) delivers it, and tries again while the mail server
is down.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from applications import services


class Command(BaseCommand):
    help = "E-mails the office one digest of the applications submitted since the last one."

    def handle(self, *args, **options) -> None:
        if settings.STAFF_NOTIFICATIONS != "daily":
            self.stdout.write(
                "STAFF_NOTIFICATIONS is not 'daily': the office is told of each submission at "
                "once; this run only sends what that missed."
            )
        count = services.staff_digest_send()
        if count:
            self.stdout.write(
                self.style.SUCCESS(f"The digest of {count} application(s) is queued to be sent.")
            )
        else:
            self.stdout.write("Nothing new was submitted, or no staff account has an e-mail.")
