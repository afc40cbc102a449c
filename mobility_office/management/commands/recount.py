"""Counts again the counts the database keeps with its triggers, and puts right any that are
wrong: after a load made with the triggers switched off, or a count table changed by hand.
Running it when nothing is wrong changes nothing."""

from django.core.management.base import BaseCommand
from django.db import transaction

from applications.services import state_counts_recount
from reports.services import kept_counts_recount


class Command(BaseCommand):
    help = (
        "Counts the applications again and replaces the counts the database keeps with its "
        "triggers: the applications list's counts by state and the reports' counts per "
        "academic period, partner and program. Writes to the applications wait until it ends."
    )

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            wrong = {"ApplicationStateCount": state_counts_recount(), **kept_counts_recount()}
        for name, rows in wrong.items():
            self.stdout.write(f"{name}: {rows} {'row was' if rows == 1 else 'rows were'} wrong")
        total = sum(wrong.values())
        if total:
            self.stdout.write(
                self.style.WARNING(
                    f"Put right {total} wrong {'row' if total == 1 else 'rows'} of kept counts."
                )
            )
        else:
            self.stdout.write(self.style.SUCCESS("Every kept count was right."))
