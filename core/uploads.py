"""Checks every uploaded file by what it contains, never by its name.

The first bytes say which kind a file claims to be; then the file is opened as that kind: a PDF
must parse and have a page, an image must decode to its last pixel. A file cut short, a renamed
file or one built to exhaust the server is refused with what is wrong and how to fix it, before
anything is stored.
"""

import hashlib
import io
import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image
from pypdf import PasswordType, PdfReader, apply_configuration
from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError

SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpeg": (b"\xff\xd8\xff",),
}
KIND_NAMES = {"pdf": "PDF", "png": "PNG", "jpeg": "JPEG"}
PILLOW_FORMATS = {"png": "PNG", "jpeg": "JPEG"}

# A scanned document has a few objects a page; these bounds leave room for a few hundred pages
# while a file made to keep the parser busy is refused before it costs much.
PDF_MAX_OBJECTS = 100_000
PDF_MAX_PAGES = 2_000
# pypdf unpacks the compressed object streams it reads; its default allows 75 MB for each.
PDF_MAX_INFLATED = 20_000_000
# A PDF ends with %%EOF; a file cut short in transfer loses it. Producers may pad the end a little.
PDF_EOF_WINDOW = 1024


class _OutOfTime(BaseException):
    """Raised from inside a parser when the check has taken too long.

    A BaseException, so that a parser's own `except Exception` recovery cannot swallow it.
    """


class _TimedFile(io.BytesIO):
    """The upload in memory; each read or seek first checks the check's time limit.

    The parsers read as they work, so this bounds their time without a thread or a process,
    and works the same in every worker of the server.
    """

    def __init__(self, data: bytes, *, seconds: float) -> None:
        super().__init__(data)
        self._deadline = time.monotonic() + seconds

    def _in_time(self) -> None:
        if time.monotonic() > self._deadline:
            raise _OutOfTime

    def read(self, size: int | None = -1) -> bytes:
        self._in_time()
        return super().read(size)

    def read1(self, size: int | None = -1) -> bytes:
        self._in_time()
        return super().read1(size)

    def readinto(self, buffer) -> int:
        self._in_time()
        return super().readinto(buffer)

    def readline(self, size: int | None = -1) -> bytes:
        self._in_time()
        return super().readline(size)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        self._in_time()
        return super().seek(offset, whence)


def sniff(upload: UploadedFile) -> str | None:
    """The kind of file the first bytes show, or None."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for kind, signatures in SIGNATURES.items():
        if any(head.startswith(signature) for signature in signatures):
            return kind
    return None


def _damaged_pdf() -> ValidationError:
    return ValidationError(
        _(
            "This PDF is damaged or incomplete: it could not be opened. "
            "Save or scan it again and upload the new file."
        ),
        code="damaged",
    )


def _too_slow() -> ValidationError:
    return ValidationError(
        _(
            "This file took longer than %(seconds)s seconds to check, so it was not kept. "
            "Save or scan it again, simpler or in fewer pages, and upload the new file."
        ),
        code="too_slow",
        params={"seconds": settings.UPLOAD_CHECK_SECONDS},
    )


def _too_complex_pdf() -> ValidationError:
    return ValidationError(
        _(
            "This PDF is too complex to check: it has more objects, pages or packed data than "
            "a scanned document needs. Print it to a new PDF or scan it again, and upload that "
            "file."
        ),
        code="too_complex",
    )


def _check_pdf(data: bytes) -> None:
    """Opens the PDF with pypdf and counts its pages; refuses one that cannot be read."""
    if b"%%EOF" not in data[-PDF_EOF_WINDOW:]:
        raise ValidationError(
            _(
                "This PDF is incomplete: its end is missing, as when a download or an upload "
                "is cut short. Save or scan it again and upload the new file."
            ),
            code="truncated",
        )
    stream = _TimedFile(data, seconds=settings.UPLOAD_CHECK_SECONDS)
    try:
        with apply_configuration(
            page_tree_maximum_entries=PDF_MAX_PAGES,
            zlib_maximum_output_length=PDF_MAX_INFLATED,
            lzw_maximum_output_length=PDF_MAX_INFLATED,
            run_length_maximum_output_length=PDF_MAX_INFLATED,
        ):
            reader = PdfReader(
                stream,
                strict=False,
                root_object_recovery_limit=PDF_MAX_OBJECTS,
                xref_stream_maximum_entries=PDF_MAX_OBJECTS,
            )
            objects = sum(len(entries) for entries in reader.xref.values())
            if objects + len(reader.xref_objStm) > PDF_MAX_OBJECTS:
                raise _too_complex_pdf()
            # A PDF that opens without a password (only its printing or copying restricted)
            # is as good as any; the empty password is all a viewer tries too.
            if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
                raise FileNotDecryptedError
            pages = len(reader.pages)
    except ValidationError:
        raise
    except _OutOfTime:
        raise _too_slow() from None
    except (FileNotDecryptedError, DependencyError):
        # DependencyError: AES encryption needs a library the server does not have; the
        # office could not open the file either.
        raise ValidationError(
            _(
                "This PDF is protected by a password, so the office could not open it. Save or "
                "print it again as a PDF without a password and upload that file."
            ),
            code="encrypted",
        ) from None
    except (LimitReachedError, RecursionError, MemoryError):
        raise _too_complex_pdf() from None
    except Exception:
        # Whatever a parser raises on a hostile or broken file, the answer is the same.
        raise _damaged_pdf() from None
    if pages < 1:
        raise ValidationError(
            _("This PDF has no pages. Save or scan the document again and upload the new file."),
            code="no_pages",
        )


def _too_many_pixels(size: tuple[int, int] | None) -> ValidationError:
    limit = f"{settings.MAX_UPLOAD_PIXELS / 1_000_000:g}"
    how = _(
        "Scan at a lower resolution (300 dpi is enough) or make the image smaller, and upload "
        "it again."
    )
    if size is None:
        message = _("This image has too many pixels; the limit is %(limit)s million. %(how)s")
        return ValidationError(message, code="too_many_pixels", params={"limit": limit, "how": how})
    message = _(
        "This image has too many pixels (%(width)s × %(height)s); the limit is %(limit)s "
        "million. %(how)s"
    )
    width, height = size
    return ValidationError(
        message,
        code="too_many_pixels",
        params={"width": width, "height": height, "limit": limit, "how": how},
    )


def _check_image(data: bytes, kind: str) -> None:
    """Decodes the whole image under a pixel limit; refuses one that cannot be read."""
    formats = [PILLOW_FORMATS[kind]]
    seconds = settings.UPLOAD_CHECK_SECONDS
    try:
        # The header gives the size before any pixel is decoded.
        with Image.open(_TimedFile(data, seconds=seconds), formats=formats) as image:
            if image.width * image.height > settings.MAX_UPLOAD_PIXELS:
                raise _too_many_pixels(image.size)
            image.verify()
        # verify() leaves the image unusable: open it again and decode it to the last pixel.
        with Image.open(_TimedFile(data, seconds=seconds), formats=formats) as image:
            image.load()
    except ValidationError:
        raise
    except _OutOfTime:
        raise _too_slow() from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning, MemoryError):
        # Pillow's own limit, reached before the size could be read.
        raise _too_many_pixels(None) from None
    except Exception:
        # Whatever a decoder raises on a hostile or broken file, the answer is the same.
        raise ValidationError(
            _(
                "This %(kind)s image is damaged or incomplete: it could not be read to the end. "
                "Save or scan it again and upload the new file."
            ),
            code="damaged",
            params={"kind": KIND_NAMES[kind]},
        ) from None


def validate_upload(upload: UploadedFile, *, kinds: tuple[str, ...] = ("pdf",)) -> str:
    """Refuses a file over the size limit, of a kind not allowed, or that does not open as the
    kind it claims; returns its kind. Nothing is stored here, so a refusal leaves nothing."""
    limit = settings.MAX_UPLOAD_SIZE
    if not upload.size:
        raise ValidationError(
            _("This file is empty. Choose the file again, or save or scan it again."),
            code="empty",
        )
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
    upload.seek(0)
    data = b"".join(upload.chunks())
    upload.seek(0)
    if kind == "pdf":
        _check_pdf(data)
    else:
        _check_image(data, kind)
    return kind


def upload_facts(upload: UploadedFile) -> dict[str, str | int]:
    """What a kept version records of its file: the name it was sent with, its size and its
    SHA-256 (to tell later whether the stored bytes are still the ones received)."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return {
        "original_name": (upload.name or "")[-255:],
        "size": upload.size,
        "sha256": digest.hexdigest(),
    }
