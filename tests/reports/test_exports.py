import csv
import io

from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from reports.periods import ReportPeriod
from reports.report import TABLE_ORDER, build_report

QUERY = "scope=term&year=2022-2023&term=spring"
SPRING = ReportPeriod(scope="term", year="2022-2023", term="spring")


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_table_downloads_as_csv_with_the_rows_and_total_the_page_shows(mobilities, staff_client):
    response = staff_client.get(f"/reports/tables/countries.csv?{QUERY}")

    assert response["Content-Disposition"].endswith('spring-2022-2023-en.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["Country", "Outgoing", "Incoming", "Total"],
        ["Kazakhstan", "1", "2", "3"],
        ["Latvia", "2", "0", "2"],
        ["Turkey", "1", "0", "1"],
        ["Total", "4", "2", "6"],
    ]


def test_a_table_downloads_as_xlsx_with_numbers_as_numbers(mobilities, staff_client):
    response = staff_client.get(f"/reports/tables/credits.xlsx?{QUERY}")

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Mobility", "Participants", "Disciplines counted", "Credits"]
    assert rows[2] == ["Outgoing · foreign", 1, 2, 10]


def test_whole_report_workbook_has_a_sheet_per_table_and_keeps_formulas_inert(
    mobilities, staff_client
):
    mobilities.riga.name = '=HYPERLINK("http://evil.example","x")'
    mobilities.riga.save()

    response = staff_client.get(f"/reports/report.xlsx?{QUERY}")

    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == len(TABLE_ORDER)
    partners = workbook[workbook.sheetnames[TABLE_ORDER.index("partners")]]
    names = [row[0].value for row in partners.iter_rows(min_row=2)]
    cell = next(row[0] for row in partners.iter_rows(min_row=2) if "HYPERLINK" in str(row[0].value))
    assert cell.data_type == "s"
    assert '=HYPERLINK("http://evil.example","x")' in names


def test_whole_report_pdf_holds_the_text_the_charts_and_the_tables_in_russian(
    mobilities, staff_client
):
    # Russian chosen when printing, whatever the language of the pages (English here).
    response = staff_client.get(f"/reports/report.pdf?{QUERY}&lang=ru", HTTP_ACCEPT_LANGUAGE="en")

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('spring-2022-2023-ru.pdf"')
    text = pdf_text(response.content)
    assert "Весенний семестр 2022-2023" in text
    assert "Antalya Bilim University" in text  # the partner as recorded, in a chart and tables
    assert "Мобильность по странам" in text
    fonts = {
        font.get_object()["/BaseFont"].split("+")[-1]
        for page in PdfReader(io.BytesIO(response.content)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts <= {"DejaVu-Sans-Mobility-Office", "DejaVu-Sans-Mobility-Office-Bold"}


def test_the_text_downloads_as_docx_to_edit_and_as_pdf_and_plain_text(mobilities, staff_client):
    report = build_report(SPRING)

    docx = staff_client.get(f"/reports/text.docx?{QUERY}")
    paragraphs = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs if p.text]
    assert paragraphs == [paragraph.text for paragraph in report.paragraphs]

    pdf = pdf_text(staff_client.get(f"/reports/text.pdf?{QUERY}").content)
    assert "Antalya Bilim University" in pdf
    assert "Foreign academic mobility" in pdf

    plain = staff_client.get(f"/reports/text.txt?{QUERY}").content.decode()
    assert plain == report.text


def test_a_bad_period_is_explained_on_the_page_and_downloads_are_not_found(staff_client, db):
    page = staff_client.get("/reports/?scope=range&year=2022-2023&year_to=2020-2021")

    assert page.status_code == 400
    assert "The range must end in or after the year it starts." in page.content.decode()
    assert staff_client.get("/reports/?scope=term&term=spring").status_code == 400
    assert staff_client.get("/reports/report.pdf?scope=calendar").status_code == 404
    assert staff_client.get(f"/reports/tables/nothing.csv?{QUERY}").status_code == 404


def test_without_a_period_the_page_shows_the_current_term(staff_client, db, settings):
    response = staff_client.get("/reports/")

    assert response.status_code == 200
    assert response.context["report"].period.scope == "term"
