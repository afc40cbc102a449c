"""Real files to upload, and broken or hostile ones the uploads must refuse.

The good files are made by the libraries that read them back (pypdf, Pillow), so a test that
uploads one exercises the real check; each bad file stands for a way an upload goes wrong.
"""

import io
import random
import struct
import zipfile
import zlib
from dataclasses import dataclass

from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, NameObject, NumberObject

PDF_TYPE = "application/pdf"
PNG_TYPE = "image/png"
JPEG_TYPE = "image/jpeg"


def pdf_bytes(title: str = "Signed scan", *, pages: int = 1) -> bytes:
    """A real PDF of blank A4 pages; the title tells two files apart."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _image_bytes(format: str, *, size: tuple[int, int], color: str, mode: str = "RGB", **options):
    out = io.BytesIO()
    Image.new(mode, size, color).save(out, format, **options)
    return out.getvalue()


def png_bytes(*, size: tuple[int, int] = (40, 30), color: str = "white") -> bytes:
    """A real PNG image."""
    return _image_bytes("PNG", size=size, color=color)


def jpeg_bytes(*, size: tuple[int, int] = (40, 30), color: str = "white") -> bytes:
    """A real JPEG image."""
    return _image_bytes("JPEG", size=size, color=color)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_with_size(width: int, height: int) -> bytes:
    """A well-formed 1-bit PNG that claims a huge size: a few kilobytes that would decode to
    gigabytes (its data holds a few rows; no check should read that far)."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (1 + (width + 7) // 8) * 16, 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", rows)
        + _png_chunk(b"IEND", b"")
    )


def jpeg_with_size(width: int, height: int) -> bytes:
    """A real JPEG whose frame header claims another size."""
    data = bytearray(jpeg_bytes(size=(16, 16)))
    frame = data.index(b"\xff\xc0")
    data[frame + 5 : frame + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def encrypted_pdf_bytes(password: str = "secret") -> bytes:
    """A real PDF that opens only with a password."""
    writer = PdfWriter(clone_from=io.BytesIO(pdf_bytes("Locked")))
    writer.encrypt(user_password=password, owner_password=password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def owner_locked_pdf_bytes() -> bytes:
    """A PDF that opens without a password, only its editing restricted."""
    writer = PdfWriter(clone_from=io.BytesIO(pdf_bytes("Restricted")))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _pdf_with_kids(kids) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    pages = writer.root_object["/Pages"]
    pages[NameObject("/Kids")] = ArrayObject(kids(pages))
    pages[NameObject("/Count")] = NumberObject(len(pages["/Kids"]))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zero_page_pdf_bytes() -> bytes:
    """A well-formed PDF with an empty page tree."""
    return _pdf_with_kids(lambda pages: [])


def page_loop_pdf_bytes() -> bytes:
    """A PDF whose page tree lists itself as its own page: a walker that trusts it never ends."""
    return _pdf_with_kids(lambda pages: [pages.indirect_reference])


def zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def _cut(data: bytes, keep: float) -> bytes:
    return data[: int(len(data) * keep)]


@dataclass(frozen=True)
class BadFile:
    """An upload that must be refused, and the words of the refusal that say why."""

    key: str
    name: str
    content: bytes
    content_type: str
    says: str

    @property
    def is_pdf_named(self) -> bool:
        return self.name.endswith(".pdf")


def _bad_files() -> list[BadFile]:
    pdf = pdf_bytes("A real scan", pages=2)
    png = png_bytes(size=(64, 64), color="navy")
    jpeg = jpeg_bytes(size=(64, 64), color="teal")
    noise = random.Random(10).randbytes(4096)
    damaged = "damaged or incomplete"
    not_a = "whatever its name says"
    corrupt_png = bytearray(png)
    corrupt_png[len(png) // 2] ^= 0xFF
    return [
        BadFile("pdf-header-only", "scan.pdf", b"%PDF-", PDF_TYPE, "its end is missing"),
        BadFile("pdf-cut-in-half", "scan.pdf", _cut(pdf, 0.5), PDF_TYPE, "its end is missing"),
        BadFile("pdf-cut-before-eof", "scan.pdf", pdf[:-8], PDF_TYPE, "its end is missing"),
        BadFile(
            "pdf-body-lost", "scan.pdf", pdf[:20] + pdf[-40:], PDF_TYPE, damaged
        ),  # header and trailer kept, the objects between them lost
        BadFile(
            "pdf-header-then-noise",
            "scan.pdf",
            b"%PDF-1.7\n" + noise + b"\n%%EOF\n",
            PDF_TYPE,
            damaged,
        ),
        BadFile("pdf-no-pages", "scan.pdf", zero_page_pdf_bytes(), PDF_TYPE, "has no pages"),
        BadFile(
            "pdf-catalog-only",  # the hand-written "PDF" the tests used to upload
            "scan.pdf",
            b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
            PDF_TYPE,
            damaged,
        ),
        BadFile("pdf-page-tree-loop", "scan.pdf", page_loop_pdf_bytes(), PDF_TYPE, damaged),
        BadFile(
            "pdf-password", "scan.pdf", encrypted_pdf_bytes(), PDF_TYPE, "protected by a password"
        ),
        BadFile("pdf-page-flood", "scan.pdf", page_flood_pdf_bytes(), PDF_TYPE, "too complex"),
        BadFile(
            "pdf-inflates-to-25-mb", "scan.pdf", inflating_pdf_bytes(25), PDF_TYPE, "too complex"
        ),
        BadFile("noise-named-pdf", "scan.pdf", noise, PDF_TYPE, not_a),
        BadFile(
            "html-named-pdf",
            "scan.pdf",
            b"<!doctype html><html><body><h1>Signed</h1></body></html>",
            PDF_TYPE,
            not_a,
        ),
        BadFile("zip-named-pdf", "scan.pdf", zip_bytes(), PDF_TYPE, not_a),
        BadFile("empty-named-pdf", "scan.pdf", b"", PDF_TYPE, "empty"),
        BadFile("png-signature-only", "scan.png", png[:8], PNG_TYPE, damaged),
        BadFile("png-cut-in-half", "scan.png", _cut(png, 0.5), PNG_TYPE, damaged),
        BadFile("png-bad-checksum", "scan.png", bytes(corrupt_png), PNG_TYPE, damaged),
        BadFile(
            "png-pixel-bomb", "scan.png", png_with_size(60_000, 60_000), PNG_TYPE, "too many pixels"
        ),
        BadFile("jpeg-signature-only", "scan.jpg", jpeg[:3], JPEG_TYPE, damaged),
        BadFile("jpeg-cut-in-half", "scan.jpg", _cut(jpeg, 0.5), JPEG_TYPE, damaged),
        BadFile(
            "jpeg-pixel-bomb",
            "scan.jpg",
            jpeg_with_size(65_000, 65_000),
            JPEG_TYPE,
            "too many pixels",
        ),
        BadFile(
            "gif-named-png",
            "scan.png",
            _image_bytes("GIF", size=(8, 8), color="red", mode="P"),
            PNG_TYPE,
            not_a,
        ),
    ]


def good_files() -> list[tuple[str, str, bytes, str]]:
    """Real files of every kind accepted somewhere: (key, name, content, content type)."""
    return [
        ("pdf-one-page", "scan.pdf", pdf_bytes("One page"), PDF_TYPE),
        ("pdf-many-pages", "scan.pdf", pdf_bytes("Twelve pages", pages=12), PDF_TYPE),
        ("pdf-owner-locked", "scan.pdf", owner_locked_pdf_bytes(), PDF_TYPE),
        ("png-rgb", "scan.png", png_bytes(), PNG_TYPE),
        ("png-grey", "scan.png", _image_bytes("PNG", size=(50, 70), color=128, mode="L"), PNG_TYPE),
        ("jpeg-rgb", "scan.jpg", jpeg_bytes(), JPEG_TYPE),
        (
            "jpeg-progressive",
            "scan.jpg",
            _image_bytes("JPEG", size=(120, 80), color="olive", progressive=True),
            JPEG_TYPE,
        ),
    ]


def page_flood_pdf_bytes(count: int = 5_000) -> bytes:
    """A small PDF whose page tree lists one page thousands of times."""
    return _pdf_with_kids(lambda pages: [pages["/Kids"][0]] * count)


def _zlib_of(parts: list[tuple[bytes, int]]) -> bytes:
    """zlib data of each part repeated so many times, each part compressed only once: a
    self-contained deflate block may follow itself any number of times."""
    out = bytearray(b"\x78\xda")
    checksum = 1
    for data, times in parts:
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        out += (packer.compress(data) + packer.flush(zlib.Z_FULL_FLUSH)) * times
        for _ in range(times):
            checksum = zlib.adler32(data, checksum)
    out += zlib.compressobj(9, zlib.DEFLATED, -15).flush()  # the final, empty block
    return bytes(out + struct.pack(">I", checksum))


def inflating_pdf_bytes(megabytes: int = 100) -> bytes:
    """A PDF whose page tree sits in a compressed object stream that inflates to `megabytes`:
    a hundred kilobytes that a parser without limits would unpack into memory whole."""
    pages = b"2 0 << /Type /Pages /Kids [] /Count 0 >>"
    packed = _zlib_of([(pages, 1), (b" " * 1_000_000, megabytes)])
    out = bytearray(b"%PDF-1.5\n")
    offsets = {}

    def add(number: int, body: bytes) -> None:
        offsets[number] = len(out)
        out.extend(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    add(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    add(
        3,
        b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n" % len(packed)
        + packed
        + b"\nendstream",
    )
    entries = b"\x00" + b"\x00" * 4 + b"\xff\xff"
    entries += b"\x01" + struct.pack(">I", offsets[1]) + b"\x00\x00"
    entries += b"\x02" + struct.pack(">I", 3) + b"\x00\x00"
    entries += b"\x01" + struct.pack(">I", offsets[3]) + b"\x00\x00"
    xref_at = len(out)
    entries += b"\x01" + struct.pack(">I", xref_at) + b"\x00\x00"
    add(
        4,
        b"<< /Type /XRef /Size 5 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % len(entries)
        + entries
        + b"\nendstream",
    )
    out.extend(b"startxref\n%d\n%%%%EOF\n" % xref_at)
    return bytes(out)


BAD_FILES = _bad_files()
BAD_FILE_IDS = [bad.key for bad in BAD_FILES]  # the test ids, one for each bad file
