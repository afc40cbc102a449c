"""Batch printing: a period's transcripts in force as one ZIP of PDFs.

The page steps a job kept in the file storage, one PDF per request (several when every one was
kept at its approval and is read, not rendered): every request is short, the progress shown is
the real one, each PDF is rendered once, and any app server behind the load balancer can take
any step (no worker, no process-local state). A job is a folder holding its manifest (who
started it, the period, the transcripts in print order) and the PDFs rendered so far; jobs older
than a day are removed when the next one starts.
"""

import contextlib
import json
import re
import tempfile
import uuid
import zipfile
from collections.abc import Iterable
from datetime import timedelta
from typing import IO, Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from agreements.models import AcademicPeriod

from . import pdfs as transcript_pdfs
from .models import IssuedPdf, Transcript

ROOT = "transcript-batches"
MAX_AGE = timedelta(days=1)
TOKEN = re.compile(r"^[0-9a-f]{32}$")
MANIFEST = "manifest.json"
# PDFs one step stores when each was kept at its approval: copying one costs a few milliseconds,
# less than the request that asks for it, so fewer requests finish the job sooner.
KEPT_PER_STEP = 10
# Kept in memory up to this size, on disk beyond.
ZIP_IN_MEMORY = 20 * 1024 * 1024


class JobNotFound(Exception):
    """No such job for this user: another user's token is as good as a wrong one."""


class DocumentMissing(Exception):
    """The job is not finished: the PDF at `index` (from 0) was never rendered."""

    def __init__(self, index: int):
        super().__init__(index)
        self.index = index


def path(token: str, name: str) -> str:
    return f"{ROOT}/{token}/{name}"


def pdf_path(token: str, index: int) -> str:
    return path(token, f"{index:04d}.pdf")


def zip_name(period: AcademicPeriod) -> str:
    return f"transcripts-{period.academic_year}-{period.term}.zip"


def start(*, period: AcademicPeriod, transcript_ids: list[int], by: AbstractBaseUser) -> str:
    """Opens a job for `by` over the transcripts given, in that order; returns its token."""
    cleanup()
    token = uuid.uuid4().hex
    manifest = {
        "user": by.pk,
        "period": period.pk,
        "zip_name": zip_name(period),
        "transcripts": transcript_ids,
    }
    default_storage.save(path(token, MANIFEST), ContentFile(json.dumps(manifest).encode()))
    return token


def documents_per_step(transcript_ids: list[int]) -> int:
    """How many PDFs the page asks for in one step: KEPT_PER_STEP when every transcript has its
    copy kept at approval, else one (a PDF rendered now takes about half a second)."""
    kept = IssuedPdf.objects.filter(transcript_id__in=transcript_ids).count()
    return KEPT_PER_STEP if kept == len(set(transcript_ids)) else 1


def manifest(token: str, *, user: AbstractBaseUser) -> dict[str, Any]:
    """The job's manifest, or JobNotFound when the token is malformed, unknown or another's."""
    if not TOKEN.match(token):
        raise JobNotFound
    try:
        with default_storage.open(path(token, MANIFEST), "rb") as handle:
            data = json.loads(handle.read())
    except (FileNotFoundError, ValueError):
        raise JobNotFound from None
    if data.get("user") != user.pk:
        raise JobNotFound
    return data


def render_step(token: str, index: int, transcript: Transcript) -> None:
    """Renders the job's PDF number `index` and keeps it; sent again, it renders it again.

    The PDF is rendered before anything is stored, so a failed render leaves the earlier file
    (or none) rather than a partial one. The page runs two steps at once: each index is a file of
    its own, so steps of different indexes never touch the same file, and the same index sent
    twice at once (a retry overtaking a slow request) ends with one whole file under its name,
    whichever request saves last (a storage that finds the name taken saves under another name,
    which the ZIP never reads and the cleanup removes).
    """
    content = transcript_pdfs.document(transcript)
    name = pdf_path(token, index)
    if default_storage.exists(name):
        default_storage.delete(name)
    # The same index stored at the same moment: the other request may delete the file this one
    # has just written (the storage looks at it once more after writing). That request has its
    # PDF rendered already and saves it next, whole.
    with contextlib.suppress(FileNotFoundError):
        default_storage.save(name, ContentFile(content))


def rendered_count(token: str, total: int) -> int:
    """How many of the job's `total` PDFs are kept so far, in whatever order they came."""
    return sum(default_storage.exists(pdf_path(token, index)) for index in range(total))


def rendered_items(
    token: str, job: dict[str, Any], transcripts: dict[int, Transcript]
) -> list[tuple[str, bytes]]:
    """The job's PDFs with their download names, in print order; a transcript gone since the
    job started is left out. DocumentMissing when one was never rendered."""
    items = []
    for index, pk in enumerate(job["transcripts"]):
        if pk not in transcripts:
            continue
        try:
            with default_storage.open(pdf_path(token, index), "rb") as handle:
                items.append((transcript_pdfs.filename(transcripts[pk]), handle.read()))
        except FileNotFoundError:
            raise DocumentMissing(index) from None
    return items


def zip_file(items: Iterable[tuple[str, bytes]]) -> IO[bytes]:
    """The items as a ZIP, rewound, for a FileResponse to send and close.

    `items` may render lazily; should one fail, the temporary file is closed (and so removed)
    before the error goes on, instead of waiting for the garbage collector.
    """
    spooled = tempfile.SpooledTemporaryFile(max_size=ZIP_IN_MEMORY)  # noqa: SIM115
    try:
        with zipfile.ZipFile(spooled, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for filename, content in items:
                archive.writestr(filename, content)
    except BaseException:
        spooled.close()
        raise
    spooled.seek(0)
    return spooled


def cleanup() -> None:
    """Removes the jobs older than a day, their folder included; their PDFs are in the ZIP that
    was downloaded."""
    try:
        tokens, _files = default_storage.listdir(ROOT)
    except FileNotFoundError:
        return
    cutoff = timezone.now() - MAX_AGE
    for token in tokens:
        try:
            _dirs, files = default_storage.listdir(f"{ROOT}/{token}")
            created = default_storage.get_created_time(path(token, MANIFEST))
        except (FileNotFoundError, NotImplementedError):
            continue
        if created < cutoff:
            for name in files:
                default_storage.delete(path(token, name))
            _remove_folder(f"{ROOT}/{token}")


def _remove_folder(name: str) -> None:
    # FileSystemStorage removes an empty folder; storages without folders have nothing to remove.
    with contextlib.suppress(OSError):
        default_storage.delete(name)
