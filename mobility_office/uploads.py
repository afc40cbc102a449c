"""Checks every uploaded file by what it contains, never by its name."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpeg": (b"\xff\xd8\xff",),
}
KIND_NAMES = {"pdf": "PDF", "png": "PNG", "jpeg": "JPEG"}


def sniff(upload: UploadedFile) -> str | None:
    """The kind of file the first bytes show, or None."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for kind, signatures in SIGNATURES.items():
        if any(head.startswith(signature) for signature in signatures):
            return kind
    return None


def validate_upload(upload: UploadedFile, *, kinds: tuple[str, ...] = ("pdf",)) -> str:
    """Refuses a file over the size limit or of a kind not allowed; returns its kind."""
    limit = settings.MAX_UPLOAD_SIZE
    if upload.size > limit:
        raise ValidationError(
            _(
                "The file is %(size)s; the limit is %(limit)s. "
                "Scan at a lower resolution or split it."
            ),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    kind = sniff(upload)
    if kind not in kinds:
        raise ValidationError(
            _(
                "This file is not a %(kinds)s file, whatever its name says. "
                "Upload a %(kinds)s file."
            ),
            code="wrong_kind",
            params={"kinds": " / ".join(KIND_NAMES[k] for k in kinds)},
        )
    return kind
