"""Backup and restore: the demo, with its files, backed up and restored into an empty
installation on the database the suite runs on (CI: SQLite, then PostgreSQL).

The backup opens its own snapshot and the restore its own transaction, so these tests run
outside the usual per-test transaction (transaction=True). The demo is loaded once for the module
and committed; after the backup the database is put back to what the migrations made (a new
installation), and so it is left after each test and after the module, for the tests after these.
"""

import hashlib
import io
import json
import tarfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.storage import FileSystemStorage
from django.core.management import CommandError, call_command
from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Sum
from django.test.utils import override_settings

from applications.models import Application, ApplicationStateCount
from mobility_office import backup
from reports.models import (
    PARTNER_COUNT_CELLS,
    PartnerCount,
    PeriodCount,
    ProgramCount,
    partner_count_column,
)
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NOT_BACKED_UP = {
    "sessions.session",
    "axes.accessattempt",
    "axes.accessattemptexpiration",
    "applications.applicationstatecount",
    "reports.periodcount",
    "reports.partnercount",
    "reports.programcount",
    "django_tasks_database.dbtaskresult",
}


def table_models() -> list[type[models.Model]]:
    return [model for model in apps.get_models() if model._meta.managed and not model._meta.proxy]


def rows_of_every_table() -> dict[str, list[dict]]:
    """Every row of every backed-up table as Django serializes it, by primary key."""
    tables = {}
    for model in table_models():
        label = model._meta.label_lower
        if label in NOT_BACKED_UP:
            continue
        rows = serializers.serialize("python", model._base_manager.order_by("pk"))
        for row in rows:
            for name, value in row["fields"].items():
                if isinstance(value, list):  # many-to-many: a set, whatever order it came in
                    row["fields"][name] = sorted(value)
        tables[label] = rows
    return tables


def row_counts() -> dict[str, int]:
    return {model._meta.label_lower: model._base_manager.count() for model in table_models()}


def file_hashes(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


def names_in_file_fields() -> set[str]:
    names = set()
    for model in table_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                names.update(
                    model._base_manager.exclude(**{field.attname: ""}).values_list(
                        field.attname, flat=True
                    )
                )
    return names


def back_to_a_new_installation() -> None:
    """Empties every table and puts back what the migrations made, as on a new server."""
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    connection.creation.deserialize_db_from_string(connection._test_serialized_contents)
    # flush restarts PostgreSQL's sequences at 1 and the rows come back with their ids: move the
    # sequences past them, or the tests that run after this module draw ids already taken.
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models())
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    ContentType.objects.clear_cache()


@dataclass
class DemoBackup:
    archive: Path
    rows: dict[str, list[dict]]
    files: dict[str, str]
    counts: dict[str, int]
    new_installation: dict[str, int]


@pytest.fixture(scope="module")
def demo_backup(django_db_setup, django_db_blocker, tmp_path_factory) -> DemoBackup:
    media = tmp_path_factory.mktemp("demo-media")
    archives = tmp_path_factory.mktemp("archives")
    with django_db_blocker.unblock():
        # Start from what the migrations made, whatever a transactional test before this module
        # left (they empty the tables when they end).
        back_to_a_new_installation()
        try:
            with override_settings(
                DEBUG=True,
                MEDIA_ROOT=media,
                PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            ):
                call_command("load_demo", stdout=io.StringIO())
            with override_settings(DEBUG=False, MEDIA_ROOT=media):
                rows = rows_of_every_table()
                files = file_hashes(media)
                counts = row_counts()
                call_command("backup", output=str(archives), stdout=io.StringIO())
            back_to_a_new_installation()
            [archive] = archives.iterdir()
            yield DemoBackup(
                archive=archive,
                rows=rows,
                files=files,
                counts=counts,
                new_installation=row_counts(),
            )
        finally:
            back_to_a_new_installation()


@pytest.fixture(autouse=True)
def _served_as_in_production(settings):
    settings.DEBUG = False


def repacked(archive: Path, destination: Path, change) -> Path:
    """A copy of the archive, each member passed through change(name, bytes) -> bytes: a valid
    gzip and tar file, so that only the manifest can tell what was changed."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(destination, "w:gz") as target:
        for info in source.getmembers():
            data = change(info.name, source.extractfile(info).read())
            info.size = len(data)
            target.addfile(info, io.BytesIO(data))
    return destination


def assert_nothing_was_written(demo_backup: DemoBackup, settings) -> None:
    assert row_counts() == demo_backup.new_installation
    assert file_hashes(settings.MEDIA_ROOT) == {}


def test_the_demo_backed_up_and_restored_into_a_new_installation_is_identical(
    demo_backup, settings
):
    # The demo has rows in the register, applications and transcripts, and stored files.
    assert sum(demo_backup.counts.values()) > 1000
    assert demo_backup.files
    assert row_counts() != demo_backup.counts
    assert file_hashes(settings.MEDIA_ROOT) == {}

    out = io.StringIO()
    call_command("restore", str(demo_backup.archive), stdout=out)

    assert rows_of_every_table() == demo_backup.rows
    assert file_hashes(settings.MEDIA_ROOT) == demo_backup.files
    assert names_in_file_fields() <= set(demo_backup.files)
    counts = row_counts()
    assert {label: counts[label] for label in demo_backup.rows} == {
        label: demo_backup.counts[label] for label in demo_backup.rows
    }
    assert f"Restored {sum(len(rows) for rows in demo_backup.rows.values())} rows" in (
        out.getvalue()
    )
    # The demo accounts log in again with their passwords.
    assert get_user_model().objects.get(username="staff").check_password("demo")
    # The counts the database keeps are counted again from the restored applications, once.
    applications = Application.objects.count()
    assert ApplicationStateCount.objects.aggregate(total=Sum("total"))["total"] == applications
    assert PeriodCount.objects.aggregate(total=Sum("total"))["total"] == applications
    columns = [partner_count_column(*cell) for cell in PARTNER_COUNT_CELLS]
    kept_per_partner = PartnerCount.objects.aggregate(**{column: Sum(column) for column in columns})
    assert sum(kept_per_partner.values()) == Application.objects.holding_places().count()
    kept_per_program = ProgramCount.objects.aggregate(
        outgoing=Sum("outgoing"), incoming=Sum("incoming")
    )
    assert sum(kept_per_program.values()) == Application.objects.holding_places().count()


def test_a_new_row_after_a_restore_gets_a_fresh_id(demo_backup):
    call_command("restore", str(demo_backup.archive), stdout=io.StringIO())
    highest = max(row["pk"] for row in demo_backup.rows["auth.user"])

    user = factories.UserFactory(username="after-the-restore")

    assert user.pk > highest


def test_the_archive_holds_every_table_but_the_volatile_ones_and_every_file(demo_backup):
    with tarfile.open(demo_backup.archive, "r:gz") as archive:
        names = archive.getnames()
        manifest = json.load(archive.extractfile(backup.MANIFEST))

    expected = {model._meta.label_lower for model in table_models()} - NOT_BACKED_UP
    assert set(manifest["models"]) == expected
    assert {label: entry["count"] for label, entry in manifest["models"].items()} == {
        label: len(rows) for label, rows in demo_backup.rows.items()
    }
    assert set(manifest["files"]) == set(demo_backup.files)
    assert manifest["missing_files"] == []
    assert names[-1] == backup.MANIFEST
    assert set(names) - {backup.MANIFEST} == set(manifest["members"])
    for name, hashed in demo_backup.files.items():
        assert manifest["members"][f"media/{name}"]["sha256"] == hashed
    assert manifest["database_vendor"] == connection.vendor
    assert "transcripts" in manifest["migrations"]


def test_an_archive_with_one_byte_changed_is_refused_before_anything_is_written(
    demo_backup, tmp_path, settings
):
    data = bytearray(demo_backup.archive.read_bytes())
    data[len(data) // 2] ^= 0x01
    damaged = tmp_path / "damaged.tar.gz"
    damaged.write_bytes(bytes(data))

    with pytest.raises(CommandError, match="damaged|checksums"):
        call_command("restore", str(damaged), stdout=io.StringIO())

    assert_nothing_was_written(demo_backup, settings)


def test_an_archive_whose_stored_file_was_changed_is_refused_by_its_checksum(
    demo_backup, tmp_path, settings
):
    changed = {}

    def change_one_file(name: str, data: bytes) -> bytes:
        if name.startswith("media/") and not changed:
            changed[name] = True
            return bytes([data[0] ^ 0x01]) + data[1:]
        return data

    archive = repacked(demo_backup.archive, tmp_path / "changed.tar.gz", change_one_file)

    with pytest.raises(CommandError, match="does not match its checksums") as refused:
        call_command("restore", str(archive), stdout=io.StringIO())

    assert next(iter(changed)) in str(refused.value)
    assert_nothing_was_written(demo_backup, settings)


def test_an_archive_of_another_version_is_refused(demo_backup, tmp_path, settings):
    def another_version(name: str, data: bytes) -> bytes:
        if name != backup.MANIFEST:
            return data
        manifest = json.loads(data)
        manifest["migrations"]["transcripts"].append("9999_from_the_future")
        return json.dumps(manifest).encode()

    archive = repacked(demo_backup.archive, tmp_path / "newer.tar.gz", another_version)

    with pytest.raises(CommandError, match="transcripts.9999_from_the_future"):
        call_command("restore", str(archive), stdout=io.StringIO())

    assert_nothing_was_written(demo_backup, settings)


def test_restore_into_an_installation_with_data_is_refused(demo_backup, settings):
    factories.UserFactory(username="already-here")
    before = row_counts()

    with pytest.raises(CommandError, match="not empty: it has 1 user account"):
        call_command("restore", str(demo_backup.archive), stdout=io.StringIO())

    assert row_counts() == before
    assert get_user_model().objects.get().username == "already-here"
    assert file_hashes(settings.MEDIA_ROOT) == {}


def test_restore_into_a_storage_holding_files_is_refused(demo_backup, settings):
    stale = Path(settings.MEDIA_ROOT) / "documents" / "left-over"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"from another installation")

    with pytest.raises(CommandError, match="1 stored file"):
        call_command("restore", str(demo_backup.archive), stdout=io.StringIO())

    assert row_counts() == demo_backup.new_installation
    assert file_hashes(settings.MEDIA_ROOT) == {"documents/left-over": hashed(stale)}


def hashed(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_restore_that_fails_half_way_leaves_no_rows_and_no_files(
    demo_backup, settings, monkeypatch
):
    save = FileSystemStorage._save
    saved = []

    def disk_full_after_ten_files(storage, name, content):
        if len(saved) == 10:
            raise OSError(28, "No space left on device")
        saved.append(name)
        return save(storage, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", disk_full_after_ten_files)

    with pytest.raises(OSError, match="No space left"):
        call_command("restore", str(demo_backup.archive), stdout=io.StringIO())

    assert len(saved) == 10
    assert_nothing_was_written(demo_backup, settings)
    assert not any(Path(settings.MEDIA_ROOT).rglob("*")), "the folders made are removed too"


def test_a_backup_that_fails_leaves_the_last_good_archive_and_no_partial_file(
    demo_backup, tmp_path, monkeypatch
):
    call_command("restore", str(demo_backup.archive), stdout=io.StringIO())
    archives = tmp_path / "archives"
    archives.mkdir()
    target = archives / "nightly.tar.gz"
    call_command("backup", output=str(target), stdout=io.StringIO())
    good = target.read_bytes()

    def unreadable(storage):
        raise OSError(5, "Input/output error")

    # Fails after the tables are written, while the files are read.
    monkeypatch.setattr(backup, "referenced_files", unreadable)
    with pytest.raises(CommandError, match="Input/output error"):
        call_command("backup", output=str(target), stdout=io.StringIO())

    assert target.read_bytes() == good
    assert [path.name for path in archives.iterdir()] == ["nightly.tar.gz"]


def test_the_backup_reads_every_table_as_of_one_moment(demo_backup, tmp_path, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets no other connection write while the backup reads")
    call_command("restore", str(demo_backup.archive), stdout=io.StringIO())
    groups = len(demo_backup.rows["auth.group"])
    rows = backup.serialized_rows
    other = connection.copy()
    inserted = []

    def another_session_commits_meanwhile(model):
        # The backup has begun reading; now someone else adds a group, which is read later.
        if not inserted:
            with other.cursor() as cursor:
                cursor.execute("INSERT INTO auth_group (name) VALUES ('Added during the backup')")
            inserted.append(model)
        return rows(model)

    monkeypatch.setattr(backup, "serialized_rows", another_session_commits_meanwhile)
    try:
        result = backup.backup_create(output=tmp_path)
    finally:
        other.close()

    assert result.counts["auth.group"] == groups
    assert inserted[0]._meta.label_lower != "auth.group"
    assert Group.objects.count() == groups + 1
