"""The transcripts' PDFs: the Kazakh name exactly, the totals, the verification code, and a QR
code that decodes to the verification page, both as segno draws it and as the PDF holds it."""

import io
import re
from decimal import Decimal

import pytest
import zxingcpp
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image
from pypdf import PdfReader

from core.pdf import FONT_FAMILY
from tests.transcripts import recognition_data as data
from transcripts import pdfs, services
from transcripts.models import Transcript, TranscriptLine
from transcripts.pdfs.common import verification_qr

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home")]

SCALE_EXPLAINED = (
    "Grades are given in the Kazakhstani letter scale; the GPA is the credit-weighted average of "
    "the grade points. The ECTS equivalent follows the grade's percentage band: A ≥ 90 %, "
    "B ≥ 80 %, C ≥ 70 %, D ≥ 60 %, E ≥ 50 %, below that FX/F."
)
SHIPPED_FONTS = {FONT_FAMILY.replace(" ", "-"), FONT_FAMILY.replace(" ", "-") + "-Bold"}


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def embedded_fonts(content: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(content))
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for font in fonts.get_object().values():
            names.add(re.sub(r"^[A-Z]{6}\+", "", str(font.get_object()["/BaseFont"]).lstrip("/")))
    return names


def decode(image: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image)]


@pytest.fixture
def transcript(registrar):
    application = data.outgoing_mobility(first_name="Гүлназ", last_name="Жақыпова")
    return data.approved(application, registrar)


def both(message: str, languages=("ru", "en")) -> str:
    """A label as a bilingual transcript prints it: "Итого / Total" (once if not translated)."""
    found = []
    for language in languages:
        with translation.override(language):
            text = gettext(message)
        if text not in found:
            found.append(text)
    return " / ".join(found)


def test_the_credit_recognition_transcript_holds_the_name_totals_and_code(transcript):
    content = pdfs.render(transcript, "ru+en")
    text = pdf_text(content)

    assert content.startswith(b"%PDF-")
    assert "Жақыпова Гүлназ" in text
    assert transcript.number in text
    assert transcript.verification_code in text
    assert "Turiba University" in text
    assert "Маркетинг в туризме" in text
    # Totals: host credits 21, counted 17; the mobility GPA 3.07, with the Russian comma.
    assert f"{both('Total')} 21 17" in text
    assert f"{both('Mobility GPA')}: 3,07" in text
    # Russian and English headings together; the scale used with its home equivalents.
    assert both("Credit-recognition transcript") in text
    assert f"{both('Grading scale')}: {data.HOST_SCALE}" in text
    assert both("Registrar") in text
    assert both("Dean of the faculty") in text
    assert "Біздің университет" in text
    assert settings.SITE_URL + reverse("verify", args=[transcript.verification_code]) in text


def test_the_pdf_is_set_in_the_shipped_fonts(transcript):
    assert embedded_fonts(pdfs.render(transcript)) <= SHIPPED_FONTS


def test_the_qr_code_decodes_to_the_verification_url(transcript):
    url = settings.SITE_URL + reverse("verify", args=[transcript.verification_code])
    buffer = io.BytesIO()
    verification_qr(transcript).save(buffer, kind="png", scale=6, border=4)
    buffer.seek(0)

    assert decode(Image.open(buffer)) == [url]


def test_the_qr_code_printed_in_the_pdf_decodes_to_the_verification_url(transcript):
    url = settings.SITE_URL + reverse("verify", args=[transcript.verification_code])
    reader = PdfReader(io.BytesIO(pdfs.render(transcript)))

    images = [image.image for page in reader.pages for image in page.images]

    assert images, "the PDF has no image"
    decoded = [text for image in images for text in decode(image.convert("L"))]
    assert set(decoded) == {url}


def test_a_superseded_version_stays_printable_and_says_so(transcript, registrar):
    correction = services.transcript_correct(transcript=transcript, reason="Typo", by=registrar)
    services.transcript_approve(transcript=correction, by=registrar)
    transcript.refresh_from_db()
    correction.refresh_from_db()

    old = pdf_text(pdfs.render(transcript))
    new = pdf_text(pdfs.render(correction))

    assert f"Superseded by a corrected version No. {correction.number}" in old
    assert "Corrected version 2: Typo" in new
    assert "Superseded" not in new


def test_a_draft_has_no_pdf(registrar):
    draft = data.recorded(data.outgoing_mobility(), registrar)

    with pytest.raises(ValueError, match="draft"):
        pdfs.render(draft)


def test_the_incoming_transcript_gives_our_grades_with_ects_and_the_scale(registrar):
    application = data.incoming_mobility(first_name="Ayşe", last_name="Yılmaz")
    transcript = services.transcript_start(application=application, by=registrar)
    lines = [
        {
            "host_code": "TOU3301",
            "host_title": "Қазақстандағы туризм",
            "host_credits": "5",
            "grade": "A-",
        },
        {
            "host_code": "HOS3302",
            "host_title": "Hospitality Law",
            "host_credits": "4",
            "grade": "C+",
        },
        {
            "host_code": "KAZ1101",
            "host_title": "Kazakh Language",
            "host_credits": "3",
            "grade": "FX",
        },
    ]
    services.transcript_save_lines(transcript=transcript, lines=lines, by=registrar)
    transcript = services.transcript_approve(transcript=transcript, by=registrar)

    text = pdf_text(pdfs.render(transcript))

    assert "Yılmaz Ayşe" in text
    assert both("Transcript of records", ("kk", "en")) in text
    assert "Қазақстандағы туризм" in text
    # Credits, then ECTS credits where the ECTS credit system is known, grade, points, ECTS; the
    # numbers with the decimal comma of the transcript's main language, Kazakh.
    assert re.search(r"TOU3301 Қазақстандағы туризм 5 (5 )?A- 3,67 A\b", text)
    assert re.search(r"HOS3302 Hospitality Law 4 (4 )?C\+ 2,33 C\b", text)
    assert re.search(r"KAZ1101 Kazakh Language 3 (3 )?FX 0,50 FX\b", text)
    assert f"{both('Total credits earned', ('kk', 'en'))} 9" in text
    assert f"{both('Grade point average', ('kk', 'en'))}: 3,07" in text
    assert "A ≥ 90 %, B ≥ 80 %" in text  # the scale explained, in English …
    with translation.override("kk"):  # … and in Kazakh
        assert gettext(SCALE_EXPLAINED)[:40] in text
    assert transcript.verification_code in text
    assert pdfs.filename(transcript) == f"{transcript.number}-{application.reference}.pdf"


def test_thirty_lines_render_whole_over_the_pages_they_need(registrar):
    transcript = data.approved(data.outgoing_mobility(), registrar)
    grade = transcript.lines.first().host_grade
    TranscriptLine.objects.bulk_create(
        TranscriptLine(
            transcript=transcript,
            position=10 + index,
            host_code=f"EXT{index:03d}",
            host_title=f"Elective discipline {index}",
            host_credits=Decimal(3),
            host_grade=grade,
            home_title=f"Элективная дисциплина {index}",
            home_credits=Decimal(3),
            home_grade=data.home_grade("A-"),
        )
        for index in range(25)
    )
    transcript = Transcript.objects.get(pk=transcript.pk)

    content = pdfs.render(transcript)

    # Every line is set, the last one too, and they flow over more than one page (which the
    # page numbers count) rather than being cut off or squeezed onto the first.
    text = pdf_text(content)
    pages = len(PdfReader(io.BytesIO(content)).pages)
    assert all(f"Elective discipline {index} " in text + " " for index in range(25))
    assert pages > 1
    assert f"{pages} / {pages}" in text
