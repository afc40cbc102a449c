"""Writes one archive of the database and every stored file; see mobility_office.backup.

Run it every night from cron or a systemd timer (the README shows both) and keep the archives on
another machine: `manage.py restore` puts one back into a new installation.
"""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mobility_office.backup import BackupError, backup_create


def human_size(size: int) -> str:
    for unit in ["bytes", "KB", "MB", "GB"]:
        if size < 1024 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size} bytes"


class Command(BaseCommand):
    help = (
        "Writes one archive (.tar.gz) of the whole database and every file under MEDIA_ROOT, "
        "with a manifest of checksums, read as of one moment. `manage.py restore` restores it."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output",
            default=".",
            help=(
                "The archive to write, or an existing folder to write "
                "mobility-office-YYYYMMDD-HHMMSS.tar.gz into (default: the current folder)."
            ),
        )

    def handle(self, *args, **options) -> None:
        output = options["output"]
        if output.endswith(("/", os.sep)) and not Path(output).is_dir():
            raise CommandError(f"No backup was written: the folder {output} does not exist.")
        try:
            result = backup_create(output=Path(output))
        except BackupError as error:
            raise CommandError(f"No backup was written: {error}") from None
        except OSError as error:
            raise CommandError(f"No backup was written: {error}") from None
        rows = sum(result.counts.values())
        for name in result.missing_files:
            self.stderr.write(
                self.style.WARNING(f"Missing: the file {name} is named by a row but not stored.")
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {rows} rows of {len(result.counts)} tables and {result.files} files "
                f"to {result.path} ({human_size(result.size)}, {result.seconds:.1f} s)."
            )
        )
