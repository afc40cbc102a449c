"""A spreadsheet of partners or agreements already in the register updates them: the preview
shows each change field by field, and confirming writes them with their author in the history.

Every file goes through the import page's own form, and the preview's confirmation too."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import Workbook
from webtest import Upload

from agreements.models import Agreement, Institution
from tests.factories import AgreementFactory, InstitutionFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("agreements:import")


def csv_bytes(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload_file(django_app, user, what: str, name: str, content: bytes):
    form = django_app.get(IMPORT_URL, user=user).forms["import-form"]
    form["what"] = what
    form["file"] = Upload(name, content)
    return form.submit()


def preview_rows(response) -> dict[int, dict]:
    """The preview table: for each row of the file, what happens and each changed cell's text."""
    rows = {}
    for tr in response.html.select("#import-preview tbody tr"):
        changes = {
            td["data-column"]: " ".join(td.get_text().split())
            for td in tr.select("td[data-column]")
            if td.select("del")
        }
        rows[int(tr["data-row"])] = {"action": tr["data-action"], "changes": changes}
    return rows


def messages(response) -> list[str]:
    return [" ".join(alert.get_text().split()) for alert in response.html.select(".alert")]


@pytest.fixture
def turiba():
    return InstitutionFactory(
        name="Turiba University",
        name_local="Turība",
        country="LV",
        city="Riga",
        code="turiba.lv",
        website="https://www.turiba.lv",
        notes="Since 2019.",
    )


@pytest.fixture
def bilim():
    return InstitutionFactory(
        name="Antalya Bilim University", country="TR", city="Antalya", website="", code=""
    )


INSTITUTION_HEADER = ["name", "name_local", "country", "city", "website", "code", "notes"]


def test_a_file_of_partners_updates_adds_and_leaves_unchanged_as_the_preview_shows(
    django_app, staff, turiba, bilim
):
    content = csv_bytes(
        [
            INSTITUTION_HEADER,
            # Found by its code: the city and the notes change.
            [
                "Turiba University",
                "Turība",
                "LV",
                "Jurmala",
                "https://www.turiba.lv",
                "TURIBA.LV",
                "Since 2019; renewed.",
            ],
            # Found by name and country (written as its English name): nothing changes.
            ["Antalya Bilim University", "", "Turkey", "Antalya", "", "", ""],
            ["Toraigyrov University", "Торайғыров университеті", "KZ", "Pavlodar", "", "", ""],
        ]
    )

    preview = upload_file(django_app, staff, "institutions", "partners.csv", content)

    rows = preview_rows(preview)
    assert rows[2] == {
        "action": "update",
        # The file's single city column is the English one.
        "changes": {"city_en": "Riga → Jurmala", "notes": "Since 2019. → Since 2019; renewed."},
    }
    assert rows[3] == {"action": "unchanged", "changes": {}}
    assert rows[4] == {"action": "new", "changes": {}}
    assert "Importing adds 1, updates 1 and leaves 1 as they are." in messages(preview)[0]
    assert Institution.objects.count() == 2, "nothing is written before the confirmation"

    done = preview.forms["import-confirm-form"].submit().follow()

    assert "The import is done: 1 added, 1 updated, 1 already up to date." in messages(done)
    turiba.refresh_from_db()
    assert (turiba.city, turiba.notes, turiba.code) == (
        "Jurmala",
        "Since 2019; renewed.",
        "turiba.lv",
    )
    update = turiba.history.latest("history_date")
    assert (update.history_user, update.history_change_reason) == (staff, "imported")
    assert {change.field for change in update.diff_against(update.prev_record).changes} == {
        "city",
        "notes",
    }
    assert bilim.history.count() == 1, "an unchanged partner gets no new version"
    added = Institution.objects.get(name="Toraigyrov University")
    assert added.history.get().history_user == staff
    assert Institution.objects.count() == 3


def test_a_file_of_agreements_updates_them_by_partner_and_number(django_app, staff, turiba, bilim):
    existing = AgreementFactory(
        partner=turiba,
        number="T-2021/1",
        kind="agreement",
        valid_from=date(2021, 6, 1),
        valid_until=date(2026, 5, 31),
        notes="",
    )
    untouched = AgreementFactory(partner=bilim, number="1044", kind="memorandum", notes="MoU")
    content = xlsx_bytes(
        [
            ["partner", "kind", "number", "valid_from", "valid_until", "notes"],
            ["turiba.lv", "agreement", "T-2021/1", "2021-06-01", "31.05.2031", "Extended."],
            ["Antalya Bilim University", "Memorandum", "1044", "2021-06-01", "2030-05-31", "MoU"],
            ["Turiba University", "contract", "T-2025/2", "2025-09-01", "", ""],
        ]
    )

    preview = upload_file(django_app, staff, "agreements", "agreements.xlsx", content)

    rows = preview_rows(preview)
    assert rows[2] == {
        "action": "update",
        "changes": {"valid_until": "31.05.2026 → 31.05.2031", "notes": "— → Extended."},
    }
    assert rows[3] == {"action": "unchanged", "changes": {}}
    assert rows[4]["action"] == "new"

    done = preview.forms["import-confirm-form"].submit().follow()

    assert done.request.path == reverse("agreements:agreement_list")
    existing.refresh_from_db()
    assert (existing.valid_until, existing.notes) == (date(2031, 5, 31), "Extended.")
    # Columns left out of the file keep what the register holds.
    assert existing.date_signed == date(2021, 5, 20)
    assert existing.history.latest("history_date").history_user == staff
    assert existing.history.count() == 2
    assert untouched.history.count() == 1
    assert Agreement.objects.get(number="T-2025/2").kind == Agreement.Kind.CONTRACT
    assert Agreement.objects.count() == 3
    history = django_app.get(existing.get_absolute_url(), user=staff).html
    first_entry = " ".join(history.select(".history-changes tbody tr")[0].get_text().split())
    assert "Aigerim Sadykova" in first_entry
    assert "imported" in first_entry
    assert "Valid until: 31 May 2026 → 31 May 2031" in first_entry
    assert "Internal notes: — → Extended." in first_entry


def test_a_column_left_out_of_the_file_keeps_the_stored_values(django_app, staff, turiba):
    content = csv_bytes([["name", "country", "city"], ["Turiba University", "LV", "Riga"]])

    preview = upload_file(django_app, staff, "institutions", "partners.csv", content)

    assert preview_rows(preview) == {2: {"action": "unchanged", "changes": {}}}
    headers = [" ".join(th.get_text().split()) for th in preview.html.select("#import-preview th")]
    assert "website kept" in headers
    assert "import-confirm-form" not in preview.forms
    assert "there is nothing to import" in preview.html.select_one("#import-nothing").get_text()


def test_an_empty_cell_in_a_column_of_the_file_empties_the_field(django_app, staff, turiba):
    content = csv_bytes(
        [["name", "country", "city", "website"], ["Turiba University", "LV", "Riga", ""]]
    )

    preview = upload_file(django_app, staff, "institutions", "partners.csv", content)
    assert preview_rows(preview)[2]["changes"] == {"website": "https://www.turiba.lv → —"}
    preview.forms["import-confirm-form"].submit()

    turiba.refresh_from_db()
    assert (turiba.website, turiba.code) == ("", "turiba.lv")


def test_two_rows_for_the_same_partner_are_refused(django_app, staff, turiba):
    content = csv_bytes(
        [
            ["name", "country", "city", "code"],
            ["Turiba University", "LV", "Riga", "turiba.lv"],
            ["Turiba University", "Latvia", "Jurmala", ""],
        ]
    )

    preview = upload_file(django_app, staff, "institutions", "partners.csv", content)

    errors = " ".join(preview.html.select_one("#import-errors").get_text().split())
    assert "Row 3: the same institution is already in row 2" in errors
    assert "import-confirm-form" not in preview.forms
    turiba.refresh_from_db()
    assert turiba.city == "Riga"


def test_an_update_that_breaks_a_rule_is_named_at_its_row(django_app, staff, turiba):
    AgreementFactory(partner=turiba, number="T-1", valid_from=date(2021, 6, 1))
    content = csv_bytes(
        [
            ["partner", "kind", "number", "valid_from", "valid_until"],
            ["turiba.lv", "agreement", "T-1", "2021-06-01", "2020-01-01"],
        ]
    )

    preview = upload_file(django_app, staff, "agreements", "agreements.csv", content)

    errors = " ".join(preview.html.select_one("#import-errors").get_text().split())
    assert "Row 2: Valid until must be on or after valid from." in errors


def test_the_register_changed_since_the_preview_so_nothing_is_imported(django_app, staff, turiba):
    content = csv_bytes(
        [
            INSTITUTION_HEADER,
            ["Turiba University", "", "LV", "Riga", "", "turiba.lv", ""],
            ["RISEBA University", "", "LV", "Riga", "", "", ""],
        ]
    )
    preview = upload_file(django_app, staff, "institutions", "partners.csv", content)
    assert preview_rows(preview)[3]["action"] == "new"
    # Someone adds the partner the file was about to add.
    InstitutionFactory(name="RISEBA University", country="LV", city="Riga")

    response = preview.forms["import-confirm-form"].submit().follow()

    assert response.request.path == IMPORT_URL
    assert any("Nothing was imported" in message for message in messages(response))
    turiba.refresh_from_db()
    assert turiba.website == "https://www.turiba.lv"
    assert turiba.history.count() == 1


def test_an_export_imported_back_unchanged_changes_nothing(django_app, staff, turiba, bilim):
    AgreementFactory(partner=turiba, number="T-1", signatories="Rector A.\nRector B.")
    exported = django_app.get(reverse("agreements:agreement_export", args=["xlsx"]), user=staff)

    preview = upload_file(django_app, staff, "agreements", "agreements.xlsx", exported.body)

    assert [row["action"] for row in preview_rows(preview).values()] == ["unchanged"]
    assert "import-confirm-form" not in preview.forms


def test_a_file_of_partners_finds_a_partner_by_its_erasmus_code_and_sets_it(
    django_app, staff, turiba, bilim
):
    Institution.objects.filter(pk=turiba.pk).update(erasmus_code="LV RIGA27")
    content = csv_bytes(
        [
            ["name", "country", "city", "erasmus_code", "notes"],
            # Another name and no SCHAC code: found by its Erasmus code, whatever its spacing.
            ["Biznesa augstskola Turība", "LV", "Riga", "lv  riga27", "Since 2019."],
            ["Antalya Bilim University", "TR", "Antalya", "tr antalya05", ""],
        ]
    )

    preview = upload_file(django_app, staff, "institutions", "partners.csv", content)

    rows = preview_rows(preview)
    assert rows[2]["action"] == "update"
    assert rows[3] == {"action": "update", "changes": {"erasmus_code": "— → TR ANTALYA05"}}
    preview.forms["import-confirm-form"].submit().follow()
    bilim.refresh_from_db()
    turiba.refresh_from_db()
    assert (bilim.erasmus_code, turiba.erasmus_code) == ("TR ANTALYA05", "LV RIGA27")
    assert Institution.objects.count() == 2
