"""The check every upload goes through: a file is what it opens as, not what its name says.

The pages that take uploads are tested in their apps with the same bad files (tests/files.py);
here each way a file can be bad is refused with a message that says what is wrong, and real
files of every kind pass.
"""

import itertools

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core import uploads
from demo.applications import demo_pdf
from tests import files
from tests.files import BAD_FILE_IDS, BAD_FILES, good_files

ANY_KIND = ("pdf", "jpeg", "png")


def check(content: bytes, name: str = "scan.pdf", kinds=ANY_KIND) -> str:
    return uploads.validate_upload(SimpleUploadedFile(name, content), kinds=kinds)


def refusal(content: bytes, name: str = "scan.pdf", kinds=ANY_KIND) -> str:
    with pytest.raises(ValidationError) as refused:
        check(content, name, kinds)
    return " ".join(refused.value.messages)


@pytest.mark.parametrize("bad", BAD_FILES, ids=BAD_FILE_IDS)
def test_every_bad_file_is_refused_with_what_is_wrong_and_how_to_fix_it(bad):
    message = refusal(bad.content, bad.name)

    assert bad.says in message
    # Each message ends by saying what to do.
    assert any(word in message for word in ("Upload", "upload", "Choose")), message


@pytest.mark.parametrize(
    ("key", "name", "content", "content_type"), good_files(), ids=[g[0] for g in good_files()]
)
def test_real_files_of_every_kind_pass_and_their_kind_is_returned(key, name, content, content_type):
    assert check(content, name) == key.split("-")[0]


def test_the_pdfs_the_application_prints_and_the_demo_uploads_pass():
    from weasyprint import HTML

    printed = HTML(string="<h1>Tripartite agreement</h1><p>Signed.</p>").write_pdf()

    assert check(printed) == "pdf"
    assert check(demo_pdf("Order No. 1", ["Signed"])) == "pdf"


def test_a_pdf_only_place_refuses_an_image_whatever_its_name():
    message = refusal(files.png_bytes(), "scan.pdf", kinds=("pdf",))

    assert message == "This file is not a PDF file, whatever its name says. Upload a PDF file."


def test_a_pdf_cut_anywhere_is_refused():
    pdf = files.pdf_bytes("Cut", pages=3)

    for end in range(0, len(pdf) - 7, 37):
        with pytest.raises(ValidationError):
            check(pdf[:end])


def test_a_pdf_whose_page_tree_lists_thousands_of_pages_is_refused_as_too_complex():
    message = refusal(files.page_flood_pdf_bytes())

    assert "too complex to check" in message


def test_a_pdf_that_inflates_far_beyond_its_size_is_refused_as_too_complex():
    message = refusal(files.inflating_pdf_bytes(megabytes=60))

    assert "too complex to check" in message


def test_a_pdf_with_more_objects_than_the_limit_is_refused(monkeypatch):
    pdf = files.pdf_bytes(pages=3)
    assert check(pdf) == "pdf"

    monkeypatch.setattr(uploads, "PDF_MAX_OBJECTS", 4)

    assert "too complex to check" in refusal(pdf)


def test_a_pdf_with_more_pages_than_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "PDF_MAX_PAGES", 5)

    assert "too complex to check" in refusal(files.pdf_bytes(pages=6))
    assert check(files.pdf_bytes(pages=5)) == "pdf"


def test_a_pdf_that_opens_without_a_password_passes_though_it_is_encrypted():
    assert check(files.owner_locked_pdf_bytes()) == "pdf"
    assert "protected by a password" in refusal(files.encrypted_pdf_bytes())


def test_an_image_over_the_pixel_limit_is_refused_with_its_size(settings):
    settings.MAX_UPLOAD_PIXELS = 2_000

    message = refusal(files.png_bytes(size=(50, 41)), "scan.png")

    assert "too many pixels (50 × 41); the limit is 0.002 million" in message
    assert "300 dpi" in message
    assert check(files.png_bytes(size=(50, 40)), "scan.png") == "png"
    assert "too many pixels (80 × 30)" in refusal(files.jpeg_bytes(size=(80, 30)), "scan.jpg")


def test_pillows_own_bomb_limit_is_a_refusal_too(settings):
    # Above Pillow's limit the file is refused while it is being opened, before our own check.
    settings.MAX_UPLOAD_PIXELS = 10**9

    message = refusal(files.png_with_size(60_000, 60_000), "scan.png")

    assert "This image has too many pixels; the limit is 1000 million." in message


def test_the_default_pixel_limit_takes_an_a4_page_scanned_at_600_dpi(settings):
    assert settings.MAX_UPLOAD_PIXELS >= 4961 * 7016


@pytest.mark.parametrize(
    ("name", "content"),
    [("scan.pdf", files.pdf_bytes()), ("scan.png", files.png_bytes())],
    ids=["pdf", "png"],
)
def test_a_check_that_runs_out_of_time_is_a_refusal(monkeypatch, settings, name, content):
    settings.UPLOAD_CHECK_SECONDS = 10
    # Each look at the clock is a minute later: the first read is already too late.
    minutes = itertools.count(step=60)
    monkeypatch.setattr(uploads.time, "monotonic", lambda: next(minutes))

    message = refusal(content, name)

    assert "took longer than 10 seconds to check" in message


def test_an_empty_file_is_refused_as_empty():
    assert "This file is empty." in refusal(b"")


def test_the_size_limit_is_checked_before_the_file_is_opened(settings, monkeypatch):
    settings.MAX_UPLOAD_SIZE = 100
    opened = []
    monkeypatch.setattr(uploads, "_check_pdf", opened.append)

    assert "the limit is 100" in refusal(files.pdf_bytes())
    assert opened == []


def test_the_check_leaves_the_file_ready_to_be_stored_from_its_start():
    upload = SimpleUploadedFile("scan.pdf", files.pdf_bytes())

    uploads.validate_upload(upload, kinds=("pdf",))

    assert upload.read() == files.pdf_bytes()
