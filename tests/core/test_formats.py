"""Dates, times and numbers in the reader's format: 30.11.2026, 16:05 and 4,5 in Kazakh and
Russian, on pages, in PDFs and in exports; never 11/30/2026 or a 12-hour clock's "Т.Ж."."""

import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from applications import pdfs
from applications.models import CurriculumLine, CurriculumVersion
from core import spreadsheets
from tests.factories import AgreementFactory, ApplicationFactory, InstitutionFactory
from tests.reports import data
from transcripts.models import GradingScale

ALMATY = ZoneInfo("Asia/Almaty")
# What a 12-hour clock prints in Kazakh ("a.m.", "p.m."), and the US order of a date.
WRONG = ["Т.Ж.", "Т.Қ.", "11/30/2026", "a.m.", "p.m."]
DATE_AND_TIME = re.compile(r"\b\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}\b")


def pdf_text(content: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_every_language_writes_a_date_day_first_and_the_time_on_a_24_hour_clock(language):
    moment = datetime(2026, 11, 30, 16, 5, tzinfo=ALMATY)
    template = Template(
        '{{ moment|date:"SHORT_DATE_FORMAT" }}|{{ moment|date:"SHORT_DATETIME_FORMAT" }}|'
        "{{ moment|time }}|{{ day }}"
    )

    with translation.override(language):
        text = template.render(Context({"moment": moment, "day": moment.date()}))

    short_date, short_datetime, time, day = text.split("|")
    assert short_date == "30.11.2026"
    assert short_datetime == "30.11.2026 16:05"
    assert time == "16:05"
    assert day == ("30 November 2026" if language == "en" else "30.11.2026")


@pytest.mark.parametrize(("language", "expected"), [("kk", "4,5"), ("ru", "4,5"), ("en", "4.5")])
def test_decimals_take_the_readers_separator(language, expected):
    template = Template('{{ credits }}|{{ credits|floatformat:"-1" }}')

    with translation.override(language):
        text = template.render(Context({"credits": Decimal("4.5")}))

    assert text == f"{expected}|{expected}"


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_a_date_typed_day_first_is_read_as_the_reader_means_it(language):
    from django import forms

    class DayForm(forms.Form):
        day = forms.DateField()

    with translation.override(language):
        typed = DayForm({"day": "30.11.2026"})
        sent_by_a_date_input = DayForm({"day": "2026-11-30"})

    assert typed.is_valid() and typed.cleaned_data["day"] == date(2026, 11, 30)
    assert sent_by_a_date_input.is_valid()
    assert sent_by_a_date_input.cleaned_data["day"] == date(2026, 11, 30)


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_agreement_page_shows_dates_and_times_as_the_reader_writes_them(staff_client, language):
    agreement = AgreementFactory(
        valid_from=date(2026, 11, 30),
        valid_until=date(2031, 5, 31),
        archived_at=datetime(2026, 11, 30, 16, 5, tzinfo=ALMATY),
    )

    page = staff_client.get(agreement.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language)

    text = page.content.decode()
    assert page.status_code == 200
    assert "30.11.2026 – 31.05.2031" in text
    assert "30.11.2026 16:05" in text
    assert not [wrong for wrong in WRONG if wrong in text]


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_grading_scale_page_shows_grade_points_with_a_decimal_comma(staff_client, language):
    scale = GradingScale.objects.get(is_home=True)
    points = [grade.gpa_points for grade in scale.grades.all() if grade.gpa_points % 1]
    assert points, "the home scale has grade points with decimals (3.67)"

    page = staff_client.get(
        reverse("transcripts:scale_detail", args=[scale.pk]), HTTP_ACCEPT_LANGUAGE=language
    )

    text = page.content.decode()
    assert f"{points[0]:.2f}".replace(".", ",") in text
    assert f">{points[0]:.2f}<" not in text


@pytest.fixture
def curriculum_application(db):
    application = ApplicationFactory(
        period__starts_on=date(2026, 11, 30), period__ends_on=date(2027, 6, 30)
    )
    version = CurriculumVersion.objects.create(
        application=application, number=1, created_by=application.participant
    )
    for position, (host, home) in enumerate([("6.0", "5.0"), ("4.5", "3.5")], start=1):
        CurriculumLine.objects.create(
            version=version,
            position=position,
            host_code=f"C{position}",
            host_title=f"Course {position}",
            host_credits=Decimal(host),
            term="spring",
            home_code=f"H{position}",
            home_title=f"Пән {position}",
            home_credits=Decimal(home),
        )
    return application


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_curriculum_pdf_writes_credits_with_a_decimal_comma(curriculum_application, language):
    with translation.override(language):
        text = pdf_text(pdfs.GENERATED["curriculum"](curriculum_application))

    assert "10,5" in text  # host credits: 6 + 4.5
    assert "8,5" in text  # home credits: 5 + 3.5
    assert "10.5" not in text


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_report_pdf_prints_when_it_was_made_day_first_on_a_24_hour_clock(staff_client, language):
    data.build()

    response = staff_client.get(
        f"/reports/report.pdf?scope=term&year=2022-2023&term=spring&lang={language}",
        HTTP_ACCEPT_LANGUAGE=language,
    )

    text = pdf_text(response.content)
    assert DATE_AND_TIME.search(text)
    assert not [wrong for wrong in WRONG if wrong in text]


@pytest.fixture
def agreement_to_export(db):
    return AgreementFactory(
        partner=InstitutionFactory(code="riga30.lv"),
        number="T-30",
        date_signed=None,
        valid_from=date(2026, 11, 30),
        valid_until=date(2031, 5, 31),
    )


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_agreements_csv_writes_dates_day_first_and_the_import_reads_them_back(
    staff_client, agreement_to_export, language
):
    response = staff_client.get("/agreements/export.csv", HTTP_ACCEPT_LANGUAGE=language)

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][3:7] == ["", "", "30.11.2026", "31.05.2031"]
    assert spreadsheets.parse_date(rows[1][5]) == date(2026, 11, 30)


def test_agreements_workbook_holds_real_dates_shown_day_first(staff_client, agreement_to_export):
    response = staff_client.get("/agreements/export.xlsx", HTTP_ACCEPT_LANGUAGE="kk")

    sheet = load_workbook(io.BytesIO(response.content)).active
    valid_from = sheet.cell(row=2, column=6)
    assert valid_from.value == datetime(2026, 11, 30)
    assert valid_from.number_format == "DD.MM.YYYY"
    assert sheet.cell(row=2, column=4).value is None


@pytest.mark.parametrize(("language", "decimal"), [("kk", "4,5"), ("ru", "4,5"), ("en", "4.5")])
def test_csv_export_writes_decimals_and_moments_as_the_reader_does(language, decimal):
    moment = datetime(2026, 11, 30, 16, 5, tzinfo=ALMATY)

    with translation.override(language):
        content = spreadsheets.to_csv(["credits", "when"], [[Decimal("4.5"), moment]])

    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[1] == [decimal, "30.11.2026 16:05"]


def test_workbook_keeps_a_moment_as_a_date_cell_on_the_offices_clock():
    moment = datetime(2026, 11, 30, 16, 5, tzinfo=ALMATY)

    content = spreadsheets.to_xlsx(["when"], [[moment]], title="moments")

    cell = load_workbook(io.BytesIO(content)).active.cell(row=2, column=1)
    assert cell.value == datetime(2026, 11, 30, 16, 5)
    assert cell.number_format == "DD.MM.YYYY hh:mm"


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_an_order_date_written_in_a_stored_comment_is_shown_as_the_reader_writes_it(language):
    template = Template("{% load reader_dates %}{{ comment|dates_as_read }}")

    with translation.override(language):
        text = template.render(Context({"comment": "Order No. 12-ОД of 2026-11-30 <b>"}))

    assert text == "Order No. 12-ОД of 30.11.2026 &lt;b&gt;"
