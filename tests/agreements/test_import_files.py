"""Imports of partners and agreements under hostile or unusual files: workbooks that declare or
unpack to far more than they hold, files over the size or row limit, cells longer than a sheet
allows, and the CSV files Excel writes on a Russian or Kazakh Windows."""

import csv
import io
import time
import tracemalloc
import zipfile

import pytest
from webtest import Upload

from agreements.models import Institution
from agreements.spreadsheets import INSTITUTION_COLUMNS

pytestmark = pytest.mark.django_db

IMPORT_URL = "/agreements/import/"
HEADER = ["name", "name_local", "country", "city", "website", "code", "notes"]

# A workbook written part by part, so that a test can say exactly what its XML declares.
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
RELATIONSHIPS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Partners" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELATIONSHIPS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.openxmlformats'
    '.org/officeDocument/2006/relationships/worksheet"/>'
    '<Relationship Id="rId2" Target="sharedStrings.xml" Type="http://schemas.openxmlformats'
    '.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>'
)
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def sheet_row(number: int, values: list[str]) -> str:
    cells = "".join(
        f'<c r="{chr(65 + index)}{number}" t="inlineStr"><is><t>{value}</t></is></c>'
        for index, value in enumerate(values)
        if value
    )
    return f'<row r="{number}">{cells}</row>'


def xlsx_from_xml(
    rows: list[list[str]],
    *,
    dimension: str = "",
    more_rows: str = "",
    shared_strings: str = "",
    prolog: str = "",
) -> bytes:
    """A workbook whose first sheet holds `rows` as inline text, declares `dimension` and ends
    with the raw XML `more_rows`."""
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    body = "".join(sheet_row(number, values) for number, values in enumerate(rows, start=1))
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{SHEET_NS}">'
        f"{declared}<sheetData>{body}{more_rows}</sheetData></worksheet>"
    )
    strings = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{SHEET_NS}">{shared_strings}</sst>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELATIONSHIPS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELATIONSHIPS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        archive.writestr("xl/sharedStrings.xml", strings)
    return buffer.getvalue()


GOOD_ROWS = [["name", "country", "city"], ["Turiba University", "LV", "Riga"]]


def far_cell(row: int) -> str:
    """One cell in row `row`: with a sheet declared as A1:XFD1048576, a reader that trusts the
    declaration builds every row above it 16,384 cells wide."""
    return f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>x</t></is></c></row>'


def send(django_app, user, name: str, content: bytes, *, what="institutions", encoding=""):
    """Uploads a file through the import page's form, as the page renders it."""
    form = django_app.get(IMPORT_URL, user=user).forms["import-form"]
    form["what"] = what
    form["encoding"] = encoding
    form["file"] = Upload(name, content, "application/octet-stream")
    return form.submit()


def measured_upload(django_app, user, name: str, content: bytes):
    """The import page's answer to the file, the seconds it took and the peak of memory the
    request allocated, in MB. A small file goes first, so that what a first request loads
    (templates, translations) is not counted."""
    send(django_app, user, "warm-up.csv", b"name,country,city\nTuriba University,LV,Riga\n")
    form = django_app.get(IMPORT_URL, user=user).forms["import-form"]
    form["what"] = "institutions"
    form["file"] = Upload(name, content, "application/octet-stream")
    tracemalloc.start()
    started = time.perf_counter()
    try:
        response = form.submit()
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 1_000_000
    finally:
        tracemalloc.stop()
    return response, seconds, peak


def file_error(response) -> str:
    assert "checked" not in response.context, "the file was read, not refused"
    [error] = response.context["form"].errors["file"]
    # Sizes and numbers are written with no-break spaces.
    return error.replace("\xa0", " ")


def confirm(preview):
    return preview.forms["import-confirm-form"].submit().follow()


def csv_bytes(rows: list[list[str]], *, delimiter=",", quoting=csv.QUOTE_MINIMAL, encoding="utf-8"):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, quoting=quoting).writerows(rows)
    return buffer.getvalue().encode(encoding)


# Workbooks that declare or unpack to more than they hold


def test_a_workbook_declaring_every_cell_of_a_sheet_is_refused_quickly_in_little_memory(
    django_app, staff
):
    bomb = xlsx_from_xml(GOOD_ROWS, dimension="A1:XFD1048576", more_rows=far_cell(1048576))
    assert len(bomb) < 2000

    response, seconds, peak = measured_upload(django_app, staff, "partners.xlsx", bomb)

    assert "goes on below row 50,000" in file_error(response)
    assert peak < 20, f"{peak:.1f} MB"
    assert seconds < 5
    assert not Institution.objects.exists()


def test_a_declared_size_larger_than_the_data_is_not_read_as_empty_cells(django_app, staff):
    # Before: every row was padded to the declared 16,384 columns, 80 MB for these 600 rows.
    workbook = xlsx_from_xml(GOOD_ROWS, dimension="A1:XFD600", more_rows=far_cell(600))

    response, _seconds, peak = measured_upload(django_app, staff, "p.xlsx", workbook)

    assert peak < 20, f"{peak:.1f} MB"
    # The stray "x" in row 600 is a row without a name, country or city.
    name_en = INSTITUTION_COLUMNS.index("name_en")
    names = [row["values"][name_en] for row in response.context["preview"]]
    assert names == ["Turiba University", "x"]


def test_a_workbook_that_unpacks_to_hundreds_of_megabytes_is_refused_before_it_is_parsed(
    django_app, staff
):
    huge_cell = (
        '<row r="3"><c r="A3" t="inlineStr"><is><t>' + "A" * 30_000_000 + "</t></is></c></row>"
    )
    bomb = xlsx_from_xml(GOOD_ROWS, more_rows=huge_cell)
    assert len(bomb) < 100_000

    response, seconds, peak = measured_upload(django_app, staff, "partners.xlsx", bomb)

    error = file_error(response)
    assert "The workbook unpacks to 28.6 MB" in error
    assert "up to 25.0 MB unpacked" in error
    assert peak < 20, f"{peak:.1f} MB"
    assert seconds < 5


def test_a_workbook_of_more_shared_texts_than_the_rows_need_is_refused_before_it_is_parsed(
    django_app, staff, settings
):
    settings.IMPORT_MAX_ROWS = 100
    # 30,000 texts of one letter: small once packed, slow for openpyxl to parse one by one.
    bomb = xlsx_from_xml(GOOD_ROWS, shared_strings="<si><t>a</t></si>" * 30_000)

    response = send(django_app, staff, "partners.xlsx", bomb)

    assert "more cells, texts and styles than 100 rows need" in file_error(response)


def test_a_workbook_declaring_xml_entities_is_refused(django_app, staff):
    entities = "".join(
        f'<!ENTITY e{level} "{f"&e{level - 1};" * 10 if level else "lol"}">' for level in range(9)
    )
    laughs = xlsx_from_xml(
        [*GOOD_ROWS, ["&e8;", "LV", "Riga"]], prolog=f"<!DOCTYPE worksheet [{entities}]>"
    )

    response, _seconds, peak = measured_upload(django_app, staff, "partners.xlsx", laughs)

    assert "could not be read as an Excel workbook" in file_error(response)
    assert peak < 20, f"{peak:.1f} MB"


# Limits: the file's size, its rows, a cell's length


def test_a_file_over_the_size_limit_is_refused_naming_its_size_and_the_limit(
    django_app, staff, settings
):
    settings.IMPORT_MAX_SIZE = 2048
    rows = [HEADER] + [[f"University {n}", "", "LV", "Riga", "", "", "x" * 40] for n in range(50)]
    content = csv_bytes(rows)

    response = send(django_app, staff, "partners.csv", content)

    assert len(content) == 3_389
    assert file_error(response).startswith(
        "The file is 3.3 KB; the import reads files up to 2.0 KB."
    )


@pytest.mark.parametrize("name", ["partners.csv", "partners.xlsx"])
def test_a_file_over_the_row_limit_is_refused_naming_the_limit(name, django_app, staff, settings):
    settings.IMPORT_MAX_ROWS = 3
    rows = [["name", "country", "city"]] + [[f"University {n}", "LV", "Riga"] for n in range(4)]
    content = xlsx_from_xml(rows) if name.endswith(".xlsx") else csv_bytes(rows)

    response = send(django_app, staff, name, content)

    assert "more than 3 rows; import at most 3 at a time" in file_error(response)
    assert not Institution.objects.exists()


def test_a_file_of_as_many_rows_as_the_limit_is_read(django_app, staff, settings):
    settings.IMPORT_MAX_ROWS = 3
    rows = [["name", "country", "city"]] + [[f"University {n}", "LV", "Riga"] for n in range(3)]

    response = send(django_app, staff, "partners.csv", csv_bytes(rows + [[], []]))

    assert response.context["checked"].is_valid
    assert len(response.context["preview"]) == 3


@pytest.mark.parametrize("length", [40_000, 131_073])
def test_a_csv_cell_longer_than_a_sheet_allows_is_refused_naming_its_row_and_column(
    length, django_app, staff
):
    # 131,073 characters is over the csv module's own limit, which answered 500 before.
    rows = [
        HEADER,
        ["Turiba University", "", "LV", "Riga", "", "", "short"],
        ["Antalya Bilim University", "", "TR", "Antalya", "", "", "n" * length],
    ]

    response = send(django_app, staff, "partners.csv", csv_bytes(rows))

    assert response.status_code == 200
    assert file_error(response).startswith(
        f"Row 3, column notes: the cell holds {length:,} characters; a cell holds at most 32,767."
    )


def test_a_long_cell_under_an_unnamed_column_is_named_by_its_letter(django_app, staff):
    rows = [["name", "country", "city", ""], ["Turiba University", "LV", "Riga", "n" * 40_000]]

    response = send(django_app, staff, "partners.csv", csv_bytes(rows))

    assert file_error(response).startswith("Row 2, column D: the cell holds 40,000 characters")


def test_a_binary_file_named_csv_is_refused(django_app, staff):
    response = send(django_app, staff, "partners.csv", b"%PDF-1.7\n\x00\x01\x02 binary")

    assert "not a spreadsheet saved as text" in file_error(response)


# CSV files as Excel saves them in Russian and Kazakh


@pytest.mark.parametrize(
    ("name_local", "quoting"),
    [
        # As Excel writes it: only the value holding a semicolon is quoted. Before, the file
        # read as one column named "name;name_local;country;…".
        ("Biznesa augstskola Turība", csv.QUOTE_MINIMAL),
        ('Biznesa augstskola "Turība"', csv.QUOTE_ALL),
    ],
)
def test_a_csv_with_semicolons_and_quoted_values_is_imported(
    name_local, quoting, django_app, staff
):
    rows = [
        HEADER,
        [
            "Turiba University",
            name_local,
            "LV",
            "Riga",
            "https://www.turiba.lv",
            "",
            "Tourism; hospitality, since 2019",
        ],
    ]
    content = csv_bytes(rows, delimiter=";", quoting=quoting)
    assert b'"Tourism; hospitality, since 2019"' in content

    preview = send(django_app, staff, "partners.csv", content)
    assert preview.context["checked"].is_valid, preview.context["checked"].errors
    confirm(preview)

    turiba = Institution.objects.get()
    assert turiba.name_local == name_local
    assert turiba.website == "https://www.turiba.lv"
    assert turiba.notes == "Tourism; hospitality, since 2019"


RUSSIAN = [
    ["name", "name_local", "country", "city"],
    ["Kazan Federal University", "Казанский федеральный университет", "RU", "Казань"],
    ["Belarusian State University", "Белорусский государственный университет", "BY", "Минск"],
]


def test_a_windows_1251_csv_from_a_russian_excel_is_read_shown_and_imported_as_previewed(
    django_app, staff
):
    content = csv_bytes(RUSSIAN, delimiter=";", encoding="cp1251")

    preview = send(django_app, staff, "partners.csv", content)

    notice = preview.html.select_one("#import-encoding")
    assert notice["data-encoding"] == "cp1251"
    assert "Read as Windows-1251 (Cyrillic)." in notice.get_text()
    assert "Check that the names in the preview read correctly" in notice.get_text()
    table = preview.html.select_one("#import-preview").get_text()
    assert "Казанский федеральный университет" in table
    assert "Белорусский государственный университет" in table
    confirm(preview)

    kazan = Institution.objects.get(name="Kazan Federal University")
    assert (kazan.name_local, kazan.city) == ("Казанский федеральный университет", "Казань")


def test_kazakh_letters_come_through_a_unicode_text_file_with_tabs(django_app, staff):
    # Excel's "Unicode text": UTF-16 with a byte-order mark, values separated by tabs.
    rows = [
        ["name", "name_local", "country", "city"],
        ["Toraighyrov University", "Торайғыров университеті", "KZ", "Павлодар"],
        [
            "Auezov University",
            "М. Әуезов атындағы Оңтүстік Қазақстан университеті",
            "KZ",
            "Шымкент",
        ],
    ]
    content = csv_bytes(rows, delimiter="\t", encoding="utf-16")
    assert content.startswith(b"\xff\xfe")

    preview = send(django_app, staff, "partners.txt", content)

    assert preview.html.select_one("#import-encoding")["data-encoding"] == "utf-16"
    assert preview.html.select_one("#import-lost-letters") is None
    confirm(preview)

    assert Institution.objects.get(name="Toraighyrov University").name_local == (
        "Торайғыров университеті"
    )
    assert Institution.objects.get(name="Auezov University").name_local == (
        "М. Әуезов атындағы Оңтүстік Қазақстан университеті"
    )


def test_a_windows_1251_file_that_lost_its_kazakh_letters_says_where(django_app, staff):
    # Windows-1251 has no ғ, ә, қ, ң, ө, ұ, ү, һ: Excel writes a question mark for each.
    rows = [
        ["name", "name_local", "country", "city"],
        ["Toraighyrov University", "Торайғыров университеті", "KZ", "Pavlodar"],
        ["Karaganda University", "Қарағанды университеті", "KZ", "Қарағанды"],
    ]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(rows)
    content = buffer.getvalue().encode("cp1251", errors="replace")

    preview = send(django_app, staff, "partners.csv", content)

    warning = " ".join(preview.html.select_one("#import-lost-letters").get_text().split())
    assert warning.startswith(
        "A question mark stands where a letter should be: row 2, name_local; "
        "row 3, name_local; row 3, city_en."
    )
    assert "save the file as “CSV UTF-8” or “Unicode text”" in warning


def test_the_encoding_chosen_in_the_form_is_used(django_app, staff):
    content = csv_bytes(RUSSIAN, delimiter=";", encoding="cp866")

    preview = send(django_app, staff, "partners.csv", content, encoding="cp866")

    notice = preview.html.select_one("#import-encoding")
    assert "Read as DOS 866 (Cyrillic)." in notice.get_text()
    assert "told from its letters" not in notice.get_text()
    assert "Казанский федеральный университет" in preview.html.select_one("#import-preview").text


def test_a_file_that_is_not_in_the_chosen_encoding_is_refused(django_app, staff):
    content = csv_bytes(RUSSIAN, delimiter=";", encoding="cp1251")

    response = send(django_app, staff, "partners.csv", content, encoding="utf-8-sig")

    assert "cannot be read as UTF-8. Choose another encoding" in file_error(response)
