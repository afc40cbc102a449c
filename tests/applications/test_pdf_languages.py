"""The application's documents print in the language chosen when printing: Kazakh, Russian,
English, or two of them one after the other; the names of the register, the participant's name
and the labels follow each language; long curricula keep inside the page and keep their
signatures with the table."""

import io
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image
from pypdf import PdfReader

from applications import pdfs
from applications.models import CurriculumLine, CurriculumVersion
from documents import doclang
from tests.applications.test_pdfs import application, pdf_text  # noqa: F401

DOCUMENTS = ["application", "questionnaire", "curriculum", "tripartite"]
TITLES = {
    "application": "Application for academic mobility",
    "questionnaire": "Participant's questionnaire",
    "curriculum": "Individual curriculum",
    "tripartite": "Tripartite agreement",
}
CITY = {"kk": "Рига қаласы", "ru": "город Рига", "en": "Riga"}
PARTNER = {"kk": "Туриба университеті", "ru": "Университет Туриба", "en": "Turiba University"}


@pytest.fixture
def named(application):  # noqa: F811
    partner = application.partner
    for language in ("kk", "ru", "en"):
        setattr(partner, f"name_{language}", PARTNER[language])
        setattr(partner, f"city_{language}", CITY[language])
    partner.save()
    return application


def printed(record, name: str, choice: str) -> str:
    with doclang.printing(choice):
        return pdf_text(pdfs.GENERATED[name](record))


def in_language(language: str, message: str) -> str:
    with translation.override(language):
        return gettext(message)


@pytest.mark.parametrize("choice", doclang.DocumentLanguage.values)
@pytest.mark.parametrize("name", DOCUMENTS)
def test_each_document_prints_in_each_language_with_its_names(named, name, choice):
    text = printed(named, name, choice)

    for language in doclang.languages(choice):
        assert in_language(language, TITLES[name]) in text
        assert PARTNER[language] in text
        assert named.name_in(language) in text
    for language in {"kk", "ru", "en"} - set(doclang.languages(choice)):
        assert PARTNER[language] not in text


@pytest.mark.parametrize("choice", ["kk", "ru", "en"])
def test_the_interface_language_does_not_change_the_document(named, choice):
    with translation.override("en"):
        from_english = printed(named, "curriculum", choice)
    with translation.override("kk"):
        from_kazakh = printed(named, "curriculum", choice)

    assert from_english == from_kazakh


def test_a_bilingual_document_starts_its_second_language_on_a_new_page(named):
    with doclang.printing("kk+en"):
        content = pdfs.GENERATED["application"](named)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]

    first_english = next(i for i, page in enumerate(pages) if PARTNER["en"] in page)
    assert first_english > 0
    assert all(PARTNER["en"] not in page for page in pages[:first_english])
    assert all(PARTNER["kk"] not in page for page in pages[first_english:])


LONG_TITLE = (
    "Sustainable destination management and international hospitality marketing "
    "(project-based seminar with fieldwork)"
)


@pytest.fixture
def long_curriculum(named):
    version = CurriculumVersion.objects.get(application=named)
    for position in range(3, 41):
        CurriculumLine.objects.create(
            version=version,
            position=position,
            host_code=f"INTERNATIONALTOURISM{position:03d}",
            host_title=f"{LONG_TITLE} {position}",
            host_credits=Decimal("3"),
            term="spring",
            home_code=f"TOURISMMANAGEMENT{position:03d}",
            home_title=f"Халықаралық туризмдегі тұрақты даму және маркетинг {position}",
            home_credits=Decimal("3"),
        )
    named.participant.last_name = "Жақыпова-Нұрмұхамедқызы-Сейітжанова"
    named.participant.save()
    return named


def page_images(content: bytes) -> list[Image.Image]:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "doc.pdf").write_bytes(content)
        subprocess.run(["pdftoppm", "-png", "-r", "60", "doc.pdf", "page"], cwd=folder, check=True)
        return [Image.open(path).convert("L") for path in sorted(Path(folder).glob("page*.png"))]


# What the signatures keep on their page: the table's last row, or the agreement's last clause.
LAST_BEFORE_SIGNATURES = {
    "curriculum": ("full name", "Total"),
    "tripartite": (
        "5. Signatures",
        "Issues a transcript with the disciplines, credits and grades at the end of the mobility.",
    ),
}


@pytest.mark.parametrize("name", ["curriculum", "tripartite"])
def test_a_long_curriculum_keeps_its_signatures_with_what_comes_before(long_curriculum, name):
    with doclang.printing("kk+en"):
        content = pdfs.GENERATED[name](long_curriculum)
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]

    signatures, before = LAST_BEFORE_SIGNATURES[name]
    for language in ("kk", "en"):
        signed = [page for page in pages if in_language(language, signatures) in page]
        assert signed
        assert all(in_language(language, before) in page for page in signed)


@pytest.mark.parametrize("name", ["curriculum", "tripartite"])
def test_a_long_curriculum_stays_inside_the_page(long_curriculum, name):
    with doclang.printing("ru+en"):
        content = pdfs.GENERATED[name](long_curriculum)

    for image in page_images(content):
        width, height = image.size
        # The right margin is 18 mm of 210: nothing dark there (no column runs off the page).
        margin = image.crop((int(width * (1 - 14 / 210)), 0, width, int(height * 0.9)))
        assert margin.getextrema()[0] > 200
