import csv
import io
from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from webtest import Upload

from agreements.models import Agreement, Institution
from agreements.spreadsheets import AGREEMENT_COLUMNS, INSTITUTION_COLUMNS
from tests.factories import AgreementFactory, InstitutionFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = "/agreements/import/"
CONFIRM_URL = "/agreements/import/confirm/"


def csv_bytes(rows: list[list], *, delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


CONTENT_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def send(django_app, user, what: str, name: str, content: bytes):
    """Uploads the file through the import page's form: the page shows its preview or errors."""
    form = django_app.get(IMPORT_URL, user=user).forms["import-form"]
    form["what"] = what
    form["file"] = Upload(name, content, CONTENT_TYPES[name.rsplit(".", 1)[-1]])
    return form.submit()


def confirm(preview):
    """Presses the preview's "Import these rows" and follows to the page it leads to."""
    return preview.forms["import-confirm-form"].submit().follow()


def page_errors(response) -> list[str]:
    return [f"Row {row}: {message}" for row, message in response.context["checked"].errors]


def alerts(response) -> list[str]:
    """The messages the page shows, as their text."""
    return [" ".join(alert.get_text().split()) for alert in response.html.select(".alert")]


INSTITUTIONS = [
    [
        "name_kk",
        "name_ru",
        "name_en",
        "name_local",
        "country",
        "city_kk",
        "city_ru",
        "city_en",
        "website",
        "code",
        "notes",
    ],
    [
        "Туриба университеті",
        "Университет Туриба",
        "Turiba University",
        "Biznesa augstskola Turība",
        "LV",
        "Рига",
        "Рига",
        "Riga",
        "https://www.turiba.lv",
        "turiba.lv",
        "Tourism, hospitality; since 2019",
    ],
    [
        "",
        "",
        "Antalya Bilim University",
        "Antalya Bilim Üniversitesi",
        "Turkey",
        "",
        "",
        "Antalya",
        "",
        "",
        "",
    ],
    [
        "Торайғыров университеті",
        "Торайгыров университет",
        "Toraigyrov University",
        "Торайғыров университеті",
        "Kazakhstan",
        "Павлодар",
        "Павлодар",
        "Pavlodar",
        "",
        "",
        "",
    ],
]


def shown(row: dict) -> dict[str, str]:
    """A previewed institution row by column."""
    return dict(zip(INSTITUTION_COLUMNS, row["values"], strict=True))


@pytest.fixture
def partners():
    return {
        "turiba": InstitutionFactory(name="Turiba University", code="turiba.lv"),
        "bilim": InstitutionFactory(name="Antalya Bilim University", country="TR", city="Antalya"),
    }


# Good files


def test_a_good_csv_of_institutions_is_previewed_then_imported(django_app, staff):
    preview = send(django_app, staff, "institutions", "partners.csv", csv_bytes(INSTITUTIONS))

    assert preview.status_code == 200
    assert preview.context["checked"].is_valid
    assert [shown(row)["name_en"] for row in preview.context["preview"]] == [
        "Turiba University",
        "Antalya Bilim University",
        "Toraigyrov University",
    ]
    assert not Institution.objects.exists(), "nothing is written before the confirmation"

    done = confirm(preview)

    assert done.request.path == reverse("agreements:institution_list")
    assert "The import is done: 3 added, 0 updated, 0 already up to date." in alerts(done)
    turiba = Institution.objects.get(code="turiba.lv")
    assert turiba.name_local == "Biznesa augstskola Turība"
    assert turiba.notes == "Tourism, hospitality; since 2019"
    assert Institution.objects.get(name="Antalya Bilim University").country.code == "TR"
    assert Institution.objects.get(name="Toraigyrov University").is_domestic
    record = turiba.history.get()
    assert (record.history_user, record.history_change_reason) == (staff, "imported")


def test_a_good_xlsx_of_agreements_is_imported(django_app, staff, partners):
    rows = [
        [
            "partner",
            "kind",
            "number",
            "date_signed",
            "signatories",
            "valid_from",
            "valid_until",
            "notes",
        ],
        [
            "turiba.lv",
            "agreement",
            "T-2021/1",
            datetime(2021, 5, 20),
            "Rector A.",
            datetime(2021, 6, 1),
            datetime(2026, 5, 31),
            "",
        ],
        ["Antalya Bilim University", "Memorandum", 1044, None, None, "01.09.2022", None, "MoU"],
    ]

    preview = send(django_app, staff, "agreements", "agreements.xlsx", xlsx_bytes(rows))
    assert preview.context["checked"].is_valid, page_errors(preview)
    done = confirm(preview)

    assert done.request.path == reverse("agreements:agreement_list")
    turiba = Agreement.objects.get(number="T-2021/1")
    assert turiba.partner == partners["turiba"]
    assert (turiba.date_signed, turiba.valid_from, turiba.valid_until) == (
        date(2021, 5, 20),
        date(2021, 6, 1),
        date(2026, 5, 31),
    )
    bilim = Agreement.objects.get(number="1044")
    assert bilim.partner == partners["bilim"]
    assert bilim.kind == Agreement.Kind.MEMORANDUM
    assert bilim.valid_from == date(2022, 9, 1)
    assert bilim.valid_until is None


def test_a_csv_with_semicolons_and_local_dates_is_understood(django_app, staff, partners):
    rows = [
        ["partner", "kind", "number", "valid_from", "valid_until"],
        ["Turiba University", "contract", "C-7", "01.09.2023", "31/08/2028"],
    ]

    preview = send(django_app, staff, "agreements", "a.csv", csv_bytes(rows, delimiter=";"))
    assert preview.context["checked"].is_valid, page_errors(preview)
    confirm(preview)

    agreement = Agreement.objects.get(number="C-7")
    assert (agreement.valid_from, agreement.valid_until) == (date(2023, 9, 1), date(2028, 8, 31))


def test_a_csv_saved_by_excel_with_a_byte_order_mark_is_understood(django_app, staff):
    content = "\ufeff".encode() + csv_bytes(INSTITUTIONS[:2])

    preview = send(django_app, staff, "institutions", "partners.csv", content)

    assert preview.context["checked"].is_valid, page_errors(preview)


def test_confirming_twice_imports_once(django_app, staff):
    preview = send(django_app, staff, "institutions", "partners.csv", csv_bytes(INSTITUTIONS))
    confirm(preview)

    again = confirm(preview)  # the same form sent again, as the back button or a second click do

    assert Institution.objects.count() == 3
    assert again.request.path == IMPORT_URL
    assert any("expired or was already done" in m for m in alerts(again))


def test_a_wrong_token_imports_nothing(django_app, staff):
    preview = send(django_app, staff, "institutions", "partners.csv", csv_bytes(INSTITUTIONS))
    form = preview.forms["import-confirm-form"]
    # A browser sends the hidden token as the page wrote it; forced, to prove the server checks it.
    form["token"].force_value("not-the-token")

    response = form.submit().follow()

    assert not Institution.objects.exists()
    assert any("expired or was already done" in m for m in alerts(response))


def test_rows_that_became_invalid_after_the_preview_import_nothing(django_app, staff):
    preview = send(django_app, staff, "institutions", "partners.csv", csv_bytes(INSTITUTIONS))
    InstitutionFactory(name="Turiba University", country="LV", city="Riga")

    response = confirm(preview)

    assert Institution.objects.count() == 1
    assert response.request.path == IMPORT_URL
    assert any("Nothing was imported" in m for m in alerts(response))


# Bad files: the whole file


def test_a_wrong_column_is_refused_at_the_file_field(django_app, staff):
    rows = [["name", "country", "city", "rector"], ["Turiba University", "LV", "Riga", "X"]]

    response = send(django_app, staff, "institutions", "partners.csv", csv_bytes(rows))

    assert response.status_code == 200
    [error] = response.context["form"].errors["file"]
    assert "Unknown column(s): rector." in error
    assert "checked" not in response.context
    assert not Institution.objects.exists()


def test_a_missing_required_column_is_refused(django_app, staff):
    rows = [["name", "city"], ["Turiba University", "Riga"]]

    response = send(django_app, staff, "institutions", "partners.csv", csv_bytes(rows))

    assert "Missing column(s): country." in response.context["form"].errors["file"][0]


def test_a_column_given_twice_is_refused(django_app, staff):
    rows = [["name", "country", "city", "city"], ["Turiba University", "LV", "Riga", "Riga"]]

    response = send(django_app, staff, "institutions", "partners.csv", csv_bytes(rows))

    assert "appear more than once" in response.context["form"].errors["file"][0]


def test_a_wrong_column_in_an_xlsx_is_refused(django_app, staff, partners):
    rows = [
        ["partner", "kind", "number", "valid_from", "valid_to"],
        ["Turiba University", "agreement", "T-1", "2023-09-01", "2028-09-01"],
    ]

    response = send(django_app, staff, "agreements", "agreements.xlsx", xlsx_bytes(rows))

    assert "Unknown column(s): valid_to." in response.context["form"].errors["file"][0]
    assert not Agreement.objects.exists()


def test_an_xlsx_with_a_value_under_an_unnamed_column_reads_the_named_ones(django_app, staff):
    # Like a CSV row longer than its header: the value without a column name is not read.
    rows = [["name", "country", "city"], ["Turiba University", "LV", "Riga", "stray note"]]

    response = send(django_app, staff, "institutions", "partners.xlsx", xlsx_bytes(rows))

    assert response.status_code == 200
    assert response.context["checked"].is_valid, page_errors(response)
    row = shown(response.context["preview"][0])
    assert (row["name_en"], row["name_local"], row["country"], row["city_en"]) == (
        "Turiba University",
        "",
        "LV",
        "Riga",
    )
    assert not Institution.objects.exists()


def test_an_xlsx_with_a_number_as_a_column_name_is_refused_clearly(django_app, staff):
    rows = [["name", "country", "city", 2024], ["Turiba University", "LV", "Riga", "x"]]

    response = send(django_app, staff, "institutions", "partners.xlsx", xlsx_bytes(rows))

    assert response.status_code == 200
    assert "Unknown column(s): 2024." in response.context["form"].errors["file"][0]


def test_a_file_named_xlsx_that_is_not_a_workbook_is_refused(django_app, staff):
    response = send(django_app, staff, "institutions", "partners.xlsx", csv_bytes(INSTITUTIONS))

    assert "not an Excel workbook" in response.context["form"].errors["file"][0]
    assert not Institution.objects.exists()


def test_a_broken_workbook_is_refused(django_app, staff):
    response = send(django_app, staff, "institutions", "partners.xlsx", b"PK\x03\x04 broken zip")

    assert "could not be read as an Excel workbook" in response.context["form"].errors["file"][0]


def test_a_csv_that_is_not_utf8_is_read_in_the_encoding_its_letters_show(django_app, staff):
    # Excel's plain "CSV" on a Russian Windows; more in test_import_files.py.
    content = "name,country,city\nТоратау,KZ,Павлодар\n".encode("cp1251")

    response = send(django_app, staff, "institutions", "partners.csv", content)

    assert response.context["sheet"].encoding == "cp1251"
    # A file with one name column, as exported before: the name is read as the English one.
    assert shown(response.context["preview"][0])["name_en"] == "Торатау"


def test_an_empty_file_is_refused(django_app, staff):
    response = send(django_app, staff, "institutions", "partners.csv", b"name,country,city\n")

    assert "no rows below them" in response.context["form"].errors["file"][0]


# Bad files: bad rows


def test_every_bad_agreement_row_is_named_and_nothing_is_written(django_app, staff, partners):
    rows = [
        ["partner", "kind", "number", "date_signed", "valid_from", "valid_until"],
        ["Turiba University", "agreement", "T-1", "", "2023-09-01", "2028-08-31"],
        ["Turiba University", "agreement", "T-2", "", "2023-31-12", ""],
        ["Nowhere University", "agreement", "N-1", "", "2023-09-01", ""],
        ["Turiba University", "agreement", "T-1", "", "2023-09-01", ""],
        ["Antalya Bilim University", "treaty", "B-1", "", "2023-09-01", ""],
        ["Antalya Bilim University", "contract", "B-2", "", "2023-09-01", "2022-09-01"],
        ["Antalya Bilim University", "contract", "", "", "", ""],
    ]

    response = send(django_app, staff, "agreements", "agreements.csv", csv_bytes(rows))

    assert response.status_code == 200
    errors = page_errors(response)
    assert errors[0] == (
        "Row 3: valid_from '2023-31-12' is not a date; write it as 01.09.2023 (day.month.year) "
        "or 2023-09-01"
    )
    assert errors[1] == (
        "Row 4: no partner named 'Nowhere University'; import or add the institution first"
    )
    assert errors[2] == "Row 5: the same partner and number are already in row 2"
    assert errors[3] == ("Row 6: unknown kind 'treaty'; write agreement, contract or memorandum")
    assert errors[4] == "Row 7: Valid until must be on or after valid from."
    assert "Row 8: number is empty" in errors
    assert "Row 8: valid_from is empty" in errors
    assert not any(error.startswith("Row 2:") for error in errors)
    content = response.text
    for error in errors:
        assert error.replace("'", "&#x27;") in content
    assert CONFIRM_URL not in content, "no confirmation is offered for a file with errors"
    assert "import-confirm-form" not in response.forms
    assert not Agreement.objects.exists()
    assert [row["number"] for row in response.context["preview"] if row["errors"]] == [
        3,
        4,
        5,
        6,
        7,
        8,
    ]


def test_a_bad_file_cannot_be_confirmed_even_with_its_token(django_app, staff, partners):
    rows = [
        ["partner", "kind", "number", "valid_from"],
        ["Turiba University", "agreement", "T-1", "2023-09-01"],
        ["Turiba University", "agreement", "T-2", "yesterday"],
    ]
    preview = send(django_app, staff, "agreements", "agreements.csv", csv_bytes(rows))
    assert "import-confirm-form" not in preview.forms

    # The page offers no confirmation; the token it was issued is posted as a crafted request.
    response = django_app.post(
        CONFIRM_URL,
        {
            "token": preview.context["token"],
            "csrfmiddlewaretoken": preview.forms["import-form"].get("csrfmiddlewaretoken", 0).value,
        },
        user=staff,
    )

    assert not Agreement.objects.exists()
    assert any("expired or was already done" in m for m in alerts(response.follow()))


def test_a_number_the_partner_already_has_is_an_update_not_an_error(django_app, staff, partners):
    AgreementFactory(partner=partners["turiba"], number="T-1")
    rows = [
        ["partner", "kind", "number", "valid_from"],
        ["Turiba University", "agreement", "T-1", "2023-09-01"],
    ]

    response = send(django_app, staff, "agreements", "agreements.csv", csv_bytes(rows))

    assert page_errors(response) == []
    [row] = response.context["preview"]
    assert row["action"] == "update"
    changed = [cell for cell in row["cells"] if cell["changed"]]
    assert [(c["column"], c["old"], c["value"]) for c in changed] == [
        ("valid_from", "01.06.2021", "01.09.2023")
    ]


def test_two_partners_with_the_same_name_must_be_named_by_code(django_app, staff):
    InstitutionFactory(name="Pedagogical University", country="KZ", city="Pavlodar")
    InstitutionFactory(name="Pedagogical University", country="KZ", city="Taraz")
    rows = [
        ["partner", "kind", "number", "valid_from"],
        ["Pedagogical University", "agreement", "P-1", "2023-09-01"],
    ]

    response = send(django_app, staff, "agreements", "agreements.csv", csv_bytes(rows))

    assert page_errors(response) == [
        "Row 2: more than one partner is named 'Pedagogical University'; use its code"
    ]


def test_every_bad_institution_row_is_named_and_nothing_is_written(django_app, staff):
    InstitutionFactory(name="Existing University", country="LV", city="Riga")
    rows = [
        ["name", "country", "city", "website"],
        ["Turiba University", "LV", "Riga", ""],
        ["Atlantis University", "Atlantis", "Atlantis", ""],
        ["Turiba University", "Latvia", "riga", ""],
        ["Existing University", "LV", "Riga", ""],
        ["No City University", "LV", "", ""],
        ["Bad Site University", "LV", "Riga", "not a website"],
    ]

    response = send(django_app, staff, "institutions", "partners.csv", csv_bytes(rows))

    errors = page_errors(response)
    assert errors[0] == (
        "Row 3: unknown country 'Atlantis'; write its ISO code (LV, TR) or English name"
    )
    assert errors[1] == "Row 4: the same institution is already in row 2"
    # Row 5 names a partner already in the register: it updates it (see test_import_update.py).
    assert errors[2] == "Row 6: no city in any language; fill city_kk, city_ru or city_en"
    assert errors[3].startswith("Row 7: website: ")
    assert len(errors) == 4
    assert Institution.objects.count() == 1


def test_bad_rows_in_an_xlsx_are_named_too(django_app, staff, partners):
    rows = [
        ["partner", "kind", "number", "valid_from"],
        ["Turiba University", "agreement", "T-1", datetime(2023, 9, 1)],
        ["Turiba University", "agreement", "T-2", "next autumn"],
    ]

    response = send(django_app, staff, "agreements", "agreements.xlsx", xlsx_bytes(rows))

    assert page_errors(response) == [
        "Row 3: valid_from 'next autumn' is not a date; write it as 01.09.2023 "
        "(day.month.year) or 2023-09-01"
    ]
    assert not Agreement.objects.exists()


@pytest.mark.parametrize(
    ("name", "build"), [("partners.csv", csv_bytes), ("partners.xlsx", xlsx_bytes)]
)
def test_a_bad_row_after_a_blank_line_is_named_by_its_row_in_the_file(
    name, build, django_app, staff
):
    rows = [
        ["name", "country", "city"],
        ["Turiba University", "LV", "Riga"],
        ["", "", ""],
        ["Atlantis University", "Atlantis", "Atlantis"],
        ["Turiba University", "LV", "Riga"],
    ]

    response = send(django_app, staff, "institutions", name, build(rows))

    assert [row for row, _message in response.context["checked"].errors] == [4, 5]
    assert page_errors(response)[1] == "Row 5: the same institution is already in row 2"
    assert [row["number"] for row in response.context["preview"]] == [2, 4, 5]
    assert [row["number"] for row in response.context["preview"] if row["errors"]] == [4, 5]


# Export


@pytest.fixture
def exported():
    turiba = InstitutionFactory(
        name="Turiba University",
        name_local="Turība",
        country="LV",
        city="Riga",
        code="turiba.lv",
        erasmus_code="LV RIGA27",
        website="https://www.turiba.lv",
        notes='Says "hello", then; leaves',
    )
    bilim = InstitutionFactory(name="Antalya Bilim University", country="TR", city="Antalya")
    atu = InstitutionFactory(name="Almaty Technological University", country="KZ", city="Almaty")
    AgreementFactory(partner=turiba, number="T-1", kind="agreement", signatories="A\nB")
    AgreementFactory(
        partner=bilim,
        number="B-1",
        kind="memorandum",
        valid_until=None,
        date_signed=None,
        notes="Торайғыров, Turība",
    )
    AgreementFactory(partner=atu, number="K-1", kind="contract")
    AgreementFactory(partner=atu, number="K-0", archived_at=timezone.now())


def read_csv(response) -> list[list[str]]:
    content = response.content
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def read_xlsx(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_agreement_export_csv_holds_the_filtered_list(staff_client, exported):
    response = staff_client.get("/agreements/export.csv", {"kind": "memorandum"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="agreements-')
    rows = read_csv(response)
    assert rows == [
        AGREEMENT_COLUMNS,
        [
            "Antalya Bilim University",
            "memorandum",
            "B-1",
            "",
            "",
            "01.06.2021",
            "",
            "Торайғыров, Turība",
        ],
    ]


def test_agreement_export_leaves_out_archived_agreements_unless_asked(staff_client, exported):
    everything = read_csv(staff_client.get("/agreements/export.csv"))
    archived = read_csv(staff_client.get("/agreements/export.csv", {"state": "archived"}))

    assert sorted(row[2] for row in everything[1:]) == ["B-1", "K-1", "T-1"]
    assert [row[2] for row in archived[1:]] == ["K-0"]


def test_agreement_export_xlsx_holds_the_filtered_list(staff_client, exported):
    response = staff_client.get("/agreements/export.xlsx", {"scope": "foreign"})

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    rows = read_xlsx(response)
    assert list(rows[0]) == AGREEMENT_COLUMNS
    by_number = {row[2]: row for row in rows[1:]}
    assert set(by_number) == {"T-1", "B-1"}
    assert by_number["T-1"][0] == "turiba.lv"
    assert by_number["T-1"][4] == "A\nB"
    # Real dates, shown day first.
    assert by_number["T-1"][5] == datetime(2021, 6, 1)
    assert by_number["T-1"][6] == datetime(2030, 5, 31)


def test_institution_export_csv_holds_the_filtered_list(staff_client, exported):
    rows = read_csv(staff_client.get("/agreements/institutions/export.csv", {"country": "LV"}))

    assert rows == [
        INSTITUTION_COLUMNS,
        [
            "",
            "",
            "Turiba University",
            "Turība",
            "LV",
            "",
            "",
            "Riga",
            "https://www.turiba.lv",
            "turiba.lv",
            "LV RIGA27",
            'Says "hello", then; leaves',
        ],
    ]


def test_institution_export_xlsx_holds_the_filtered_list(staff_client, exported):
    rows = read_xlsx(
        staff_client.get("/agreements/institutions/export.xlsx", {"scope": "domestic"})
    )

    assert rows[0] == INSTITUTION_COLUMNS
    name_en = INSTITUTION_COLUMNS.index("name_en")
    assert [row[name_en] for row in rows[1:]] == ["Almaty Technological University"]


def test_an_unknown_export_format_is_not_found(staff_client, exported):
    assert staff_client.get("/agreements/export.pdf").status_code == 404
    assert staff_client.get("/agreements/institutions/export.ods").status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_gives_back_the_same_register(
    fmt, django_app, staff, staff_client, exported
):
    def snapshot():
        institutions = sorted(
            (i.name, i.name_local, i.country.code, i.city, i.website, i.code, i.notes)
            for i in Institution.objects.all()
        )
        agreements = sorted(
            (
                a.partner.name,
                a.kind,
                a.number,
                a.date_signed,
                a.signatories,
                a.valid_from,
                a.valid_until,
                a.notes,
            )
            for a in Agreement.objects.active().select_related("partner")
        )
        return institutions, agreements

    before = snapshot()
    institutions_file = staff_client.get(f"/agreements/institutions/export.{fmt}").content
    agreements_file = staff_client.get(f"/agreements/export.{fmt}").content
    Agreement.objects.all().delete()
    Institution.objects.all().delete()

    for what, content in (("institutions", institutions_file), ("agreements", agreements_file)):
        preview = send(django_app, staff, what, f"{what}.{fmt}", content)
        assert preview.context["checked"].is_valid, page_errors(preview)
        confirm(preview)

    assert snapshot() == before


@pytest.mark.parametrize(
    ("what", "columns"), [("institutions", INSTITUTION_COLUMNS), ("agreements", AGREEMENT_COLUMNS)]
)
def test_import_templates_hold_the_columns_the_import_reads(what, columns, staff_client):
    as_csv = staff_client.get(reverse("agreements:import_template", args=[what, "csv"]))
    as_xlsx = staff_client.get(reverse("agreements:import_template", args=[what, "xlsx"]))

    assert read_csv(as_csv) == [columns]
    assert read_xlsx(as_xlsx) == [columns]
