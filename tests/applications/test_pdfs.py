"""The filled-in PDFs of an application: they open, hold the Cyrillic name, use our fonts."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from pypdf import PdfReader

from applications import pdfs
from applications.models import CurriculumLine, CurriculumVersion, Order, Questionnaire
from core.pdf import FONT_FAMILY
from tests.factories import (
    AgreementFactory,
    ApplicationFactory,
    InstitutionFactory,
    UserFactory,
)

FIRST_NAME = "Әсел"
LAST_NAME = "Жақыпова"
PARTNER = "Turiba University"
# WeasyPrint names an embedded font after its @font-face family; ours exists only in the shipped
# files, so a font of the machine (even its own DejaVu Sans) would show under another name.
SHIPPED_FONTS = {FONT_FAMILY.replace(" ", "-"), FONT_FAMILY.replace(" ", "-") + "-Bold"}


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # Justified lines may break anywhere between words; compare with single spaces.
    return " ".join(text.split())


def embedded_fonts(content: bytes) -> set[str]:
    """BaseFont names of every page's fonts, without the subset prefix (ABCDEF+)."""
    reader = PdfReader(io.BytesIO(content))
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for font in fonts.get_object().values():
            names.add(re.sub(r"^[A-Z]{6}\+", "", str(font.get_object()["/BaseFont"]).lstrip("/")))
    return names


@pytest.fixture
def application(db, home):
    partner = InstitutionFactory(name=PARTNER, country="LV", city="Riga")
    participant = UserFactory(first_name=FIRST_NAME, last_name=LAST_NAME)
    application = ApplicationFactory(
        participant=participant,
        agreement=AgreementFactory(partner=partner, number="LV-2021/07"),
        phone="+7 701 000 00 00",
    )
    Questionnaire.objects.create(
        application=application,
        date_of_birth=date(2002, 3, 14),
        citizenship="KZ",
        phone="+7 701 000 00 00",
        address="Алматы, Абай даңғылы 10",
        id_document_number="N12345678",
        id_document_valid_until=date(2031, 1, 1),
        languages="Қазақ тілі — native\nEnglish B2",
        emergency_contact_name="Жақыпов Ерлан",
        emergency_contact_phone="+7 701 111 11 11",
        motivation="Туризм саласында халықаралық тәжірибе алу.",
    )
    version = CurriculumVersion.objects.create(
        application=application, number=1, created_by=participant
    )
    CurriculumLine.objects.create(
        version=version,
        position=1,
        host_code="TUR101",
        host_title="Tourism Geography",
        host_credits=Decimal("6.0"),
        term="spring",
        home_code="TG 2201",
        home_title="Туризм географиясы",
        home_credits=Decimal("5.0"),
    )
    CurriculumLine.objects.create(
        version=version,
        position=2,
        host_code="HOS205",
        host_title="Hotel Revenue Management",
        host_credits=Decimal("4.5"),
        term="spring",
        home_code="HM 3104",
        home_title="Қонақ үй кірісін басқару",
        home_credits=Decimal("3.5"),
    )
    return application


@pytest.mark.parametrize("name", list(pdfs.GENERATED))
def test_each_document_opens_with_the_cyrillic_name_and_the_partner(application, name):
    content = pdfs.GENERATED[name](application)

    text = pdf_text(content)
    assert content.startswith(b"%PDF")
    assert FIRST_NAME in text
    assert LAST_NAME in text
    assert application.full_name in text
    assert PARTNER in text


@pytest.mark.parametrize("name", list(pdfs.GENERATED))
def test_each_document_is_set_only_in_the_shipped_dejavu_fonts(application, name):
    fonts = embedded_fonts(pdfs.GENERATED[name](application))

    assert fonts
    assert all("DejaVu" in font for font in fonts), fonts
    assert fonts <= SHIPPED_FONTS, fonts


def test_curriculum_lists_both_lines_and_the_totals(application):
    text = pdf_text(pdfs.GENERATED["curriculum"](application))

    assert "Tourism Geography" in text
    assert "Қонақ үй кірісін басқару" in text
    assert "10.5" in text  # host credits: 6 + 4.5
    assert "8.5" in text  # home credits: 5 + 3.5


def test_questionnaire_prints_what_the_participant_filled(application):
    text = pdf_text(pdfs.GENERATED["questionnaire"](application))

    assert "14.03.2002" in text
    assert "N12345678" in text
    assert "Жақыпов Ерлан" in text
    assert "Абай даңғылы" in text


def test_tripartite_agreement_names_the_three_parties_and_the_agreement(application, home):
    text = pdf_text(pdfs.GENERATED["tripartite"](application))

    assert home.name in text
    assert PARTNER in text
    assert "LV-2021/07" in text
    assert "10.5" in text


def test_order_prints_its_number_and_date_once_set(application):
    application.order = Order.objects.create(number="245-ОД", date=date(2023, 1, 20))

    text = pdf_text(pdfs.GENERATED["order"](application))

    assert "245-ОД" in text
    assert "20.01.2023" in text


def test_documents_print_in_the_current_language_with_names_as_stored(application):
    with translation.override("ru"):
        content = pdfs.GENERATED["application"](application)

    assert application.full_name in pdf_text(content)


def test_an_incoming_application_renders_with_the_partner_as_sending(db, home):
    partner = InstitutionFactory(name="Kazakh-American Free University", country="KZ")
    incoming = ApplicationFactory(
        first_name="Нұрлан",
        last_name="Әбілов",
        direction="incoming",
        participant=None,
        created_by=None,
        email="nurlan@example.edu",
        agreement=AgreementFactory(partner=partner),
    )

    for name in ("application", "tripartite", "order"):
        text = pdf_text(pdfs.GENERATED[name](incoming))
        assert "Әбілов Нұрлан" in text
        assert partner.name in text


def test_questionnaire_without_one_is_a_clear_error(db, home):
    application = ApplicationFactory()

    with pytest.raises(ValueError, match="no questionnaire"):
        pdfs.GENERATED["questionnaire"](application)


def test_curriculum_without_lines_is_a_clear_error(db, home):
    application = ApplicationFactory()
    CurriculumVersion.objects.create(
        application=application, number=1, created_by=application.participant
    )

    with pytest.raises(ValueError, match="no curriculum lines"):
        pdfs.GENERATED["curriculum"](application)


def test_available_lists_every_document_once_the_forms_are_filled(application):
    assert pdfs.available(application) == [
        "application",
        "questionnaire",
        "curriculum",
        "tripartite",
        "order",
    ]


def test_available_leaves_out_what_the_student_has_not_filled(db):
    application = ApplicationFactory()
    CurriculumVersion.objects.create(
        application=application, number=1, created_by=application.participant
    )

    assert pdfs.available(application) == ["application", "tripartite", "order"]


@pytest.mark.parametrize("kind", ["teacher", "researcher"])
def test_available_for_staff_mobility_is_the_application_and_the_order(db, kind):
    application = ApplicationFactory(participant_kind=kind, year_of_study=None)

    assert pdfs.available(application) == ["application", "order"]


def test_filename_is_ascii_and_names_the_document(db):
    application = ApplicationFactory(first_name="Әсел", last_name="Жақыпова")

    name = pdfs.filename(application, "curriculum")

    assert name == f"{application.reference}-curriculum.pdf"
    assert name.isascii()
    with pytest.raises(ValueError):
        pdfs.filename(application, "../secret")
