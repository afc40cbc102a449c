"""Backup and restore of a whole installation: the database and every stored file in one archive.

An archive is a gzip-compressed tar file:

    db/<app_label>.<model_name>.jsonl   one JSON object per row, in primary-key order
    media/<name>                         every file of the default storage (MEDIA_ROOT)
    manifest.json                        written last: format version, app version, database
                                         vendor, the migrations applied per app, the rows per
                                         model, and the SHA-256 and size of every member above

The database is read inside one snapshot (PostgreSQL: REPEATABLE READ, READ ONLY; SQLite: one
read transaction) and the files are read while it is open. Uploaded files get random names and
are never overwritten or deleted, so every file a row of the snapshot names is already stored
when the snapshot is taken: the rows and the files agree. The archive is written under a
temporary name and renamed only when complete, so a file with the archive's name is always whole.

Rows keep their primary keys, content types and permissions included: a restore replaces every
table, so every reference stays valid, also the ones stored as plain ids (an admin log entry's
object id, a history record's id) that natural keys would not rewrite. Every installed model is
included except the volatile ones in EXCLUDED_MODELS.

A restore goes only into an empty installation. It reads the whole archive and checks every
checksum before it writes anything; it migrates a database that is not migrated yet; then, in one
transaction, it empties the tables (the groups, permissions and reference data the migrations
created are replaced by the archive's), loads every row, checks the foreign keys, resets the
PostgreSQL sequences and copies the files into the storage. If anything fails the transaction is
rolled back and the files already copied are removed.
"""

import gzip
import hashlib
import io
import json
import os
import posixpath
import tarfile
import tempfile
import time
import tomllib
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from datetime import time as time_of_day
from pathlib import Path
from typing import IO, Any

import django
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers import python as python_serializer
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Prefetch

FORMAT = "mobility-office-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DB_PREFIX = "db/"
MEDIA_PREFIX = "media/"
# Rows are read and written this many at a time, so a large table never sits in memory whole.
CHUNK = 1000
# A manifest is a few hundred kilobytes even for a large office; anything far bigger is not one.
MANIFEST_LIMIT = 64 * 1024 * 1024

# Models whose rows are left out of the archive (their tables are emptied on restore like every
# other). Everything else installed is backed up, including the apps added later.
EXCLUDED_MODELS = {
    "sessions.session": (
        "login sessions are volatile; after a restore everyone logs in again, and a session "
        "cookie of the old server must not open the new one"
    ),
    "axes.accessattempt": (
        "the running count of failed logins that locks out a brute-force attack; it expires on "
        "its own (the log of logins, axes.accesslog and axes.accessfailurelog, is kept)"
    ),
    "axes.accessattemptexpiration": "the expiry time of an excluded axes.accessattempt",
    "applications.applicationstatecount": (
        "the counts of applications by state that the database's triggers keep; restoring the "
        "applications counts them again"
    ),
    "reports.periodcount": (
        "the counts of applications per academic period that the database's triggers keep; "
        "restoring the applications counts them again"
    ),
    "reports.partnercount": (
        "the counts of mobilities per academic period and partner that the database's triggers "
        "keep; restoring the applications counts them again"
    ),
    "reports.programcount": (
        "the counts of mobilities per academic period and educational program that the "
        "database's triggers keep; restoring the applications counts them again"
    ),
    "django_tasks_database.dbtaskresult": (
        "the worker's queue and its log of runs; the e-mails themselves are kept, and one that "
        "was still waiting is listed under E-mails not sent after a restore, to be sent again "
        "by staff, never twice behind anyone's back"
    ),
}


class BackupError(Exception):
    """A backup or restore that cannot be done, with the reason and what to do about it."""


@dataclass
class BackupResult:
    path: Path
    size: int
    counts: dict[str, int]
    files: int
    missing_files: list[str]
    seconds: float


@dataclass
class RestoreResult:
    counts: dict[str, int]
    files: int
    migrated: bool
    seconds: float
    manifest: dict[str, Any] = field(repr=False)


# ---------------------------------------------------------------------------------------------
# What is backed up


def backed_up_models() -> list[type[models.Model]]:
    """Every installed model that has a table of its own, except the volatile ones.

    Many-to-many tables Django makes itself are saved with the model that declares the field.
    """
    return [
        model
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in EXCLUDED_MODELS
    ]


def db_member(label: str) -> str:
    return f"{DB_PREFIX}{label}.jsonl"


def app_version() -> str:
    try:
        with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as handle:
            return str(tomllib.load(handle)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def applied_migrations(connection: BaseDatabaseWrapper) -> dict[str, list[str]]:
    """The migrations recorded as applied, per installed app."""
    installed = {config.label for config in apps.get_app_configs()}
    applied: dict[str, list[str]] = {}
    for app_label, name in MigrationRecorder(connection).applied_migrations():
        if app_label in installed:
            applied.setdefault(app_label, []).append(name)
    return {app_label: sorted(names) for app_label, names in sorted(applied.items())}


def unapplied_migrations(connection: BaseDatabaseWrapper) -> list[str]:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def stored_files(storage: Storage, directory: str = "") -> Iterator[str]:
    """Every file in the storage, as the names the storage knows them by."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield posixpath.join(directory, name) if directory else name
    for name in sorted(directories):
        yield from stored_files(storage, posixpath.join(directory, name) if directory else name)


def referenced_files(storage: Storage) -> set[str]:
    """The names every file field of every backed-up row holds, history included."""
    names: set[str] = set()
    for model in backed_up_models():
        for model_field in model._meta.concrete_fields:
            if not isinstance(model_field, models.FileField):
                continue
            if model_field.storage is not storage:
                raise BackupError(
                    f"{model._meta.label}.{model_field.name} keeps its files in a storage other "
                    "than the default one; the backup copies only the default storage."
                )
            values = (
                model._base_manager.exclude(**{f"{model_field.attname}__isnull": True})
                .exclude(**{model_field.attname: ""})
                .values_list(model_field.attname, flat=True)
                .distinct()
            )
            names.update(values)
    return names


def safe_name(name: str) -> bool:
    """A relative path without '..', so that nothing from an archive lands outside its place."""
    parts = name.split("/")
    return (
        bool(name)
        and not name.startswith("/")
        and "\\" not in name
        and "\x00" not in name
        and all(part not in {"", ".", ".."} for part in parts)
    )


# ---------------------------------------------------------------------------------------------
# Rows as JSON lines


class _Encoder(DjangoJSONEncoder):
    # DjangoJSONEncoder cuts datetimes and times to milliseconds; a backup keeps every digit.
    def default(self, o: Any) -> Any:
        if isinstance(o, datetime | time_of_day):
            return o.isoformat()
        return super().default(o)


def serialized_rows(model: type[models.Model]) -> Iterator[dict[str, Any]]:
    """The model's rows as Django's serializer writes them (pk, model, fields), in pk order."""
    many_to_many = [
        Prefetch(
            m2m.name,
            queryset=m2m.remote_field.model._base_manager.only("pk").order_by("pk"),
        )
        for m2m in model._meta.many_to_many
        if m2m.remote_field.through._meta.auto_created
    ]
    queryset = model._base_manager.order_by("pk").prefetch_related(*many_to_many)
    serializer = python_serializer.Serializer()
    last = None
    while True:
        page = list((queryset if last is None else queryset.filter(pk__gt=last))[:CHUNK])
        if not page:
            return
        yield from serializer.serialize(page)
        last = page[-1].pk


class _HashingReader(io.RawIOBase):
    """Reads through to another file, counting the bytes and hashing them."""

    def __init__(self, source: IO[bytes]) -> None:
        self.source = source
        self.sha256 = hashlib.sha256()
        self.size = 0
        self.lines = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.source.read(len(buffer))
        count = len(data)
        buffer[:count] = data
        self.sha256.update(data)
        self.size += count
        self.lines += data.count(b"\n")
        return count

    def close(self) -> None:
        # Whoever reads through this (a storage saving a file) may close it; the member must
        # still be read to its end to be checked.
        pass

    def drain(self) -> None:
        buffer = bytearray(1024 * 1024)
        while self.readinto(buffer):
            pass


# ---------------------------------------------------------------------------------------------
# Backup


@contextmanager
def _snapshot(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """One read transaction, so that every table is read as of the same moment."""
    if connection.in_atomic_block:
        raise BackupError("A backup must start outside any transaction: it opens its own snapshot.")
    connection.ensure_connection()
    # A health check run inside the transaction would be its first statement, before SET.
    connection.close_if_health_check_failed()
    with transaction.atomic(using=connection.alias):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SHOW transaction_isolation")
                level = cursor.fetchone()[0]
            if level != "repeatable read":
                raise BackupError(f"The database gave isolation {level!r}, not a snapshot.")
        # SQLite: Django began the transaction; the snapshot is taken at its first read and
        # holds until the end (writers wait meanwhile).
        yield


def _add_member(
    tar: tarfile.TarFile, name: str, source: IO[bytes], size: int, mtime: float
) -> dict[str, Any]:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = mtime
    info.mode = 0o600
    reader = _HashingReader(source)
    tar.addfile(info, reader)
    if reader.size != size:
        raise BackupError(f"{name} changed size while it was being read.")
    return {"sha256": reader.sha256.hexdigest(), "size": size}


def backup_default_name(now: datetime) -> str:
    return f"mobility-office-{now.strftime('%Y%m%d-%H%M%S')}.tar.gz"


def backup_create(*, output: Path, using: str = DEFAULT_DB_ALIAS) -> BackupResult:
    """Writes one archive of the database and every stored file to `output`.

    `output` may be an existing directory: the archive is then named after the time. An archive
    of that name is never left half written: it is written under a temporary name and renamed.
    """
    started = time.monotonic()
    connection = connections[using]
    storage = default_storage
    now = datetime.now(UTC)
    output = Path(output)
    if output.is_dir():
        output = output / backup_default_name(now)
    if not output.parent.is_dir():
        raise BackupError(f"The folder {output.parent} does not exist: create it first.")
    unapplied = unapplied_migrations(connection)
    if unapplied:
        raise BackupError(
            "The database is not migrated to this version's code (not applied: "
            f"{', '.join(unapplied[:5])}). Back up with the code the database was migrated by, "
            "or run `manage.py migrate` first."
        )

    # mkstemp makes the file readable by its owner only: the archive holds personal data and
    # password hashes.
    handle, temporary_name = tempfile.mkstemp(
        prefix=f".{output.name}.", suffix=".part", dir=output.parent
    )
    temporary = Path(temporary_name)
    try:
        with open(handle, "wb") as raw:
            with tarfile.open(
                fileobj=raw, mode="w:gz", compresslevel=6, format=tarfile.PAX_FORMAT
            ) as tar:
                manifest = _write_contents(tar, connection=connection, storage=storage, now=now)
                body = json.dumps(manifest, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(body)
                info.mtime = now.timestamp()
                info.mode = 0o600
                tar.addfile(info, io.BytesIO(body))
            raw.flush()
            os.fsync(raw.fileno())
        temporary.replace(output)
        _fsync_directory(output.parent)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return BackupResult(
        path=output,
        size=output.stat().st_size,
        counts={label: entry["count"] for label, entry in manifest["models"].items()},
        files=len(manifest["files"]),
        missing_files=manifest["missing_files"],
        seconds=time.monotonic() - started,
    )


def _write_contents(
    tar: tarfile.TarFile, *, connection: BaseDatabaseWrapper, storage: Storage, now: datetime
) -> dict[str, Any]:
    members: dict[str, dict[str, Any]] = {}
    model_entries: dict[str, dict[str, Any]] = {}
    with _snapshot(connection):
        migrations = applied_migrations(connection)
        for model in backed_up_models():
            label = model._meta.label_lower
            count = 0
            with tempfile.TemporaryFile() as spool:
                for row in serialized_rows(model):
                    spool.write(json.dumps(row, cls=_Encoder, ensure_ascii=False).encode())
                    spool.write(b"\n")
                    count += 1
                size = spool.tell()
                spool.seek(0)
                member = db_member(label)
                members[member] = _add_member(tar, member, spool, size, now.timestamp())
            model_entries[label] = {"member": member, "count": count}

        # Read while the snapshot is open: every file a row names is stored before its row is
        # committed, so each one is found here.
        referenced = referenced_files(storage)
        present = list(stored_files(storage))
        files = []
        for name in present:
            if not safe_name(name):
                raise BackupError(f"The stored file {name!r} has a name the archive cannot hold.")
            member = MEDIA_PREFIX + name
            with storage.open(name, "rb") as source:
                members[member] = _add_member(
                    tar, member, source, storage.size(name), _modified(storage, name, now)
                )
            files.append(name)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": now.isoformat(),
        "app_version": app_version(),
        "django_version": django.get_version(),
        "database_vendor": connection.vendor,
        "migrations": migrations,
        "models": model_entries,
        "excluded_models": EXCLUDED_MODELS,
        "files": files,
        # Named by a row but not in the storage: reported, so that the loss is known.
        "missing_files": sorted(referenced - set(present)),
        "members": members,
    }


def _modified(storage: Storage, name: str, default: datetime) -> float:
    try:
        return storage.get_modified_time(name).timestamp()
    except (NotImplementedError, OSError):
        return default.timestamp()


def _fsync_directory(directory: Path) -> None:
    # The rename is durable only once the folder itself is written out.
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


# ---------------------------------------------------------------------------------------------
# Reading an archive


@contextmanager
def _open_archive(path: Path) -> Iterator[tuple[tarfile.TarFile, gzip.GzipFile]]:
    if not path.is_file():
        raise BackupError(f"There is no file {path}.")
    try:
        with (
            gzip.open(path, "rb") as compressed,
            tarfile.open(fileobj=compressed, mode="r|") as tar,
        ):
            yield tar, compressed
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise BackupError(
            f"{path} is damaged or is not a backup archive ({error}); nothing was restored. "
            "Use another copy of the archive."
        ) from None


def verify_archive(path: Path) -> dict[str, Any]:
    """Reads the whole archive and checks it against its manifest; returns the manifest.

    Nothing is written anywhere. Every member must be listed in the manifest with the SHA-256
    and size it has, every listed member must be there, each once, and each table's member must
    hold as many rows as the manifest counts.
    """
    found: dict[str, dict[str, Any]] = {}
    manifest_body = None
    with _open_archive(path) as (tar, compressed):
        for info in tar:
            if info.name in found or (info.name == MANIFEST and manifest_body is not None):
                raise BackupError(f"{path} holds {info.name} twice; it is not a backup archive.")
            if not info.isreg() or not safe_name(info.name):
                raise BackupError(
                    f"{path} holds {info.name!r}, which a backup never does; nothing was restored."
                )
            source = tar.extractfile(info)
            if info.name == MANIFEST:
                if info.size > MANIFEST_LIMIT:
                    raise BackupError(f"The manifest of {path} is too large to be one.")
                manifest_body = source.read()
                continue
            reader = _HashingReader(source)
            reader.drain()
            found[info.name] = {
                "sha256": reader.sha256.hexdigest(),
                "size": reader.size,
                "lines": reader.lines,
            }
        # Reading to the end makes gzip check the CRC of the whole stream.
        while compressed.read(1024 * 1024):
            pass
    if manifest_body is None:
        raise BackupError(f"{path} has no {MANIFEST}: it is not a backup archive, or it is cut.")
    try:
        manifest = json.loads(manifest_body)
    except ValueError:
        raise BackupError(f"The {MANIFEST} of {path} is damaged.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is not a Mobility Office backup archive.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{path} is in backup format {manifest.get('format_version')}; this version reads "
            f"format {FORMAT_VERSION}. Restore it with the version of Mobility Office that made it."
        )
    listed = manifest["members"]
    bad = sorted(
        name
        for name in set(listed) | set(found)
        if name not in listed
        or name not in found
        or listed[name]["sha256"] != found[name]["sha256"]
        or listed[name]["size"] != found[name]["size"]
    )
    if bad:
        raise BackupError(
            f"{path} does not match its checksums ({len(bad)} member(s): "
            f"{', '.join(bad[:5])}); it was damaged or changed after the backup. Nothing was "
            "restored. Use another copy of the archive."
        )
    for label, entry in manifest["models"].items():
        if found[entry["member"]]["lines"] != entry["count"]:
            raise BackupError(f"{path}: the rows of {label} do not match the manifest's count.")
    for name in manifest["files"]:
        if MEDIA_PREFIX + name not in found:
            raise BackupError(f"{path}: the file {name} listed in the manifest is missing.")
    return manifest


# ---------------------------------------------------------------------------------------------
# Restore


def installation_contents(connection: BaseDatabaseWrapper, storage: Storage) -> list[str]:
    """What makes this installation not empty: user accounts and stored files.

    A freshly migrated database holds only what the migrations made (content types,
    permissions, the groups, the shipped grading scales and their history), and nobody can enter
    anything without an account. Those rows of the migrations are replaced by a restore.
    """
    found = []
    user_model = get_user_model()
    if user_model._meta.db_table in connection.introspection.table_names():
        users = user_model._base_manager.using(connection.alias).count()
        if users:
            found.append(f"{users} user account(s)")
    files = sum(1 for _name in stored_files(storage))
    if files:
        found.append(f"{files} stored file(s) in {getattr(storage, 'location', 'the storage')}")
    return found


def backup_restore(*, archive: Path, using: str = DEFAULT_DB_ALIAS) -> RestoreResult:
    """Restores an archive of `backup_create` into this installation, which must be empty."""
    started = time.monotonic()
    connection = connections[using]
    storage = default_storage
    if connection.in_atomic_block:
        raise BackupError("A restore must start outside any transaction: it runs its own.")
    archive = Path(archive)
    manifest = verify_archive(archive)
    unknown = []
    for label in manifest["models"]:
        try:
            apps.get_model(label)
        except LookupError:
            unknown.append(label)
    if unknown:
        raise BackupError(
            f"The archive holds rows of {', '.join(unknown)}, which this version of Mobility "
            "Office does not have. Restore with the version that made the archive "
            f"({manifest['app_version']})."
        )

    contents = installation_contents(connection, storage)
    if contents:
        raise BackupError(
            "This installation is not empty: it has "
            + ", ".join(contents)
            + ". A restore goes only into a new installation, so that nothing is overwritten: "
            "create a new, empty database (DATABASE_URL) and an empty MEDIA_ROOT, run "
            "`manage.py migrate`, then restore. To replace this installation, back it up "
            "first, then restore into a new one."
        )

    migrated = False
    if unapplied_migrations(connection):
        call_command("migrate", database=using, interactive=False, verbosity=0)
        call_command("createcachetable", database=using, verbosity=0)
        migrated = True
    here = applied_migrations(connection)
    if here != manifest["migrations"]:
        raise BackupError(
            "The archive was made by another version of Mobility Office "
            f"({manifest['app_version']}); its migrations differ from this installation's: "
            + _migration_difference(manifest["migrations"], here)
            + ". Restore with the code the archive was made with (same migrations), then "
            "upgrade the code and run `manage.py migrate` as for any release. Nothing was "
            "restored."
        )

    counts, files = _load(archive, manifest, connection=connection, storage=storage)
    ContentType.objects.clear_cache()
    return RestoreResult(
        counts=counts,
        files=files,
        migrated=migrated,
        seconds=time.monotonic() - started,
        manifest=manifest,
    )


def _migration_difference(archive: dict[str, list[str]], here: dict[str, list[str]]) -> str:
    def flat(migrations: dict[str, list[str]]) -> set[str]:
        return {f"{app}.{name}" for app, names in migrations.items() for name in names}

    only_archive = sorted(flat(archive) - flat(here))
    only_here = sorted(flat(here) - flat(archive))
    parts = []
    if only_archive:
        parts.append(f"only in the archive: {', '.join(only_archive[:5])}")
    if only_here:
        parts.append(f"only here: {', '.join(only_here[:5])}")
    return "; ".join(parts)


def _load(
    archive: Path,
    manifest: dict[str, Any],
    *,
    connection: BaseDatabaseWrapper,
    storage: Storage,
) -> tuple[dict[str, int], int]:
    listed = manifest["members"]
    members_of_models = {entry["member"]: label for label, entry in manifest["models"].items()}
    counts: dict[str, int] = {}
    written: list[str] = []
    try:
        with transaction.atomic(using=connection.alias):
            _empty_tables(connection)
            with connection.constraint_checks_disabled(), _open_archive(archive) as (tar, _gz):
                for info in tar:
                    reader = _HashingReader(tar.extractfile(info))
                    if info.name in members_of_models:
                        label = members_of_models[info.name]
                        counts[label] = _load_rows(reader, connection)
                    elif info.name.startswith(MEDIA_PREFIX):
                        name = info.name.removeprefix(MEDIA_PREFIX)
                        saved = storage.save(name, File(reader, name=posixpath.basename(name)))
                        written.append(saved)
                        if saved != name:
                            raise BackupError(
                                f"The file {name} could not be stored under its own name."
                            )
                    reader.drain()
                    # The archive was checked before; this catches a file changed since then.
                    if info.name != MANIFEST and (
                        info.name not in listed
                        or reader.sha256.hexdigest() != listed[info.name]["sha256"]
                    ):
                        raise BackupError(
                            f"{archive} changed while it was being restored; nothing was restored."
                        )
            loaded = [apps.get_model(label) for label in counts]
            connection.check_constraints(table_names=[model._meta.db_table for model in loaded])
            sequences = connection.ops.sequence_reset_sql(no_style(), loaded)
            if sequences:
                with connection.cursor() as cursor:
                    for statement in sequences:
                        cursor.execute(statement)
    except BaseException:
        _remove(storage, written)
        raise
    return counts, len(written)


def _empty_tables(connection: BaseDatabaseWrapper) -> None:
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    statements = connection.ops.sql_flush(
        no_style(), tables, reset_sequences=True, allow_cascade=False
    )
    connection.ops.execute_sql_flush(statements)


def _load_rows(reader: _HashingReader, connection: BaseDatabaseWrapper) -> int:
    count = 0
    lines = io.BufferedReader(reader, buffer_size=256 * 1024)
    try:
        for line in lines:
            rows = python_serializer.Deserializer(
                [json.loads(line)], using=connection.alias, ignorenonexistent=False
            )
            for row in rows:
                # The tables are empty: insert at once, without first trying an update.
                row.save(using=connection.alias, force_insert=True)
                count += 1
    finally:
        # Closing the buffer would close the reader, which must still be drained and checked.
        lines.detach()
    return count


def _remove(storage: Storage, names: list[str]) -> None:
    """Deletes the files a failed restore wrote, and the folders it made for them."""
    folders = set()
    for name in names:
        with suppress(OSError):
            storage.delete(name)
        parent = posixpath.dirname(name)
        while parent:
            folders.add(parent)
            parent = posixpath.dirname(parent)
    # Deepest first; a folder that still holds anything is left alone.
    for folder in sorted(folders, key=lambda value: value.count("/"), reverse=True):
        with suppress(NotImplementedError, OSError):
            Path(storage.path(folder)).rmdir()
