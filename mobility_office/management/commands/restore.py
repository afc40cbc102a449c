"""Restores an archive of `manage.py backup` into a new, empty installation.

It checks every checksum before it writes anything, migrates the database if it is not migrated
yet, and loads the rows and copies the files in one transaction: if anything fails, nothing is
left half restored. See mobility_office.backup.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mobility_office.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restores an archive written by `manage.py backup` into an empty installation (a new "
        "database, migrated or not, and an empty MEDIA_ROOT)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", help="The .tar.gz file `manage.py backup` wrote.")

    def handle(self, *args, **options) -> None:
        try:
            result = backup_restore(archive=Path(options["archive"]))
        except BackupError as error:
            raise CommandError(str(error)) from None
        manifest = result.manifest
        if result.migrated:
            self.stdout.write("The database was migrated first.")
        if options["verbosity"] >= 2:
            for label, count in sorted(result.counts.items()):
                self.stdout.write(f"  {label}: {count}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {sum(result.counts.values())} rows of {len(result.counts)} tables "
                f"and {result.files} files from the backup of {manifest['created_at']} "
                f"({manifest['database_vendor']}, version {manifest['app_version']}) in "
                f"{result.seconds:.1f} s."
            )
        )
