"""Incoming participants registered from a CSV or XLSX file: every row or none."""

import csv
import io
import time
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook
from webtest import Upload

from applications import services
from applications.incoming import (
    INCOMING_COLUMNS,
    INCOMING_REQUIRED,
    build_incoming,
    check_incoming_rows,
    incoming_rows,
)
from applications.models import (
    Application,
    ApplicationEvent,
    ApplicationState,
    Document,
    DocumentKind,
)
from core.spreadsheets import read_rows, to_csv, to_xlsx
from tests.agreements.test_import_files import far_cell, xlsx_from_xml
from tests.factories import (
    AcademicPeriodFactory,
    AgreementFactory,
    CooperationConditionFactory,
    EducationalProgramFactory,
    InstitutionFactory,
    upload,
)

pytestmark = pytest.mark.django_db

HEADER = INCOMING_COLUMNS


def csv_file(rows: list[list[str]], name: str = "incoming.csv"):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return upload(name, buffer.getvalue().encode("utf-8"), "text/csv")


def xlsx_file(rows: list[list], name: str = "incoming.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return upload(name, buffer.getvalue(), "application/octet-stream")


def read(file) -> list[dict]:
    return read_rows(file, columns=INCOMING_COLUMNS, required=INCOMING_REQUIRED)


def incoming_agreement(partner, *, places=10, **dates):
    agreement = AgreementFactory(partner=partner, **dates)
    CooperationConditionFactory(
        agreement=agreement, direction="incoming", mobility_type="study", places_per_year=places
    )
    return agreement


@pytest.fixture
def world():
    kafu = InstitutionFactory(
        name="Kazakh-American Free University",
        country="KZ",
        city="Ust-Kamenogorsk",
        code="kafu.edu.kz",
    )
    wku = InstitutionFactory(
        name="Makhambet Utemisov West Kazakhstan University",
        country="KZ",
        city="Uralsk",
        code="wku.edu.kz",
    )
    narxoz = InstitutionFactory(name="Narxoz University", country="KZ", city="Almaty")
    outgoing_only = CooperationConditionFactory(
        agreement=AgreementFactory(partner=wku), direction="outgoing", mobility_type="study"
    )
    return {
        "kafu": kafu,
        "wku": wku,
        "narxoz": narxoz,
        "kafu_agreement": incoming_agreement(kafu),
        "wku_outgoing": outgoing_only.agreement,
        # Ends in the middle of the spring term of 2022-2023.
        "narxoz_agreement": incoming_agreement(
            narxoz, valid_from=date(2019, 9, 1), valid_until=date(2023, 3, 31)
        ),
        "spring": AcademicPeriodFactory(academic_year="2022-2023", term="spring"),
        "autumn": AcademicPeriodFactory(academic_year="2022-2023", term="autumn"),
        "hotel": EducationalProgramFactory(code="6B11101", name="Restaurant and hotel business"),
        "tourism": EducationalProgramFactory(code="6B11102", name="Tourism"),
        "tourism_master": EducationalProgramFactory(code="7M11101", name="Tourism", level="master"),
    }


GOOD = [
    HEADER,
    [
        "Nurlanova",
        "Aigerim",
        "a.nurlanova@kafu.example",
        "+7 705 000 11 22",
        "kafu.edu.kz",
        "6B11101",
        "2022-2023",
        "spring",
        "student",
        "Нұрланова",
        "Әйгерім",
        "",
    ],
    [
        "Sadykov",
        "Daniyar",
        "",
        "",
        "Kazakh-American Free University",
        "Restaurant and hotel business",
        "2022-2023",
        "Spring",
        "",
        "",
        "",
        "",
    ],
]


# Good files


def test_a_good_csv_registers_every_incoming_participant_with_the_document_checklist(world, staff):
    rows = read(csv_file(GOOD))

    assert check_incoming_rows(rows).errors == []
    created = services.incoming_import(rows=rows, by=staff)

    assert len(created) == 2
    first = Application.objects.get(last_name="Nurlanova")
    assert first.direction == "incoming"
    assert first.participant is None
    assert first.partner == world["kafu"]
    assert first.agreement == world["kafu_agreement"]
    assert first.period == world["spring"]
    assert first.program == world["hotel"]
    assert first.participant_kind == "student"
    assert first.email == "a.nurlanova@kafu.example"
    assert first.phone == "+7 705 000 11 22"
    assert first.state == ApplicationState.DRAFT
    assert first.created_by == staff
    assert sorted(first.documents.values_list("kind", flat=True)) == sorted(
        DocumentKind.required_for("student")
    )
    assert ApplicationEvent.objects.filter(application=first, action="create").exists()
    second = Application.objects.get(last_name="Sadykov")
    assert second.program == world["hotel"]
    assert second.participant_kind == "student"


def test_a_good_xlsx_with_cyrillic_names_and_russian_terms_is_imported(world, staff):
    rows = read(
        xlsx_file(
            [
                HEADER,
                [
                    "Zhumabayeva",
                    "Assel",
                    None,
                    None,
                    "KAFU.EDU.KZ",
                    "6b11102",
                    "2022-2023",
                    "Весенний семестр",
                    "Student",
                    "Жұмабаева",
                    "Әсел",
                    "Серікқызы",
                ],
                [None] * len(HEADER),
                [
                    "Omarov",
                    "Yerlan",
                    "erlan@wku.example",
                    87050001122,
                    "Kazakh-American Free University",
                    None,
                    "2022-2023",
                    "spring",
                    None,
                    "Омаров",
                    "Ерлан",
                    None,
                ],
            ]
        )
    )

    assert [row["_row"] for row in rows] == [2, 4]
    assert rows[1]["phone"] == "87050001122"
    assert check_incoming_rows(rows).errors == []
    services.incoming_import(rows=rows, by=staff)

    cyrillic = Application.objects.get(last_name_cyrillic="Жұмабаева")
    assert (cyrillic.first_name_cyrillic, cyrillic.patronymic) == ("Әсел", "Серікқызы")
    assert cyrillic.last_name == "Zhumabayeva"
    assert cyrillic.program == world["tourism"]
    assert cyrillic.period == world["spring"]
    assert Application.objects.get(last_name_cyrillic="Омаров").program is None


def test_export_writes_the_import_columns_and_reads_back_the_same_rows(world, staff):
    services.incoming_import(rows=read(csv_file(GOOD)), by=staff)
    applications = Application.objects.for_list().order_by("last_name")

    exported = list(incoming_rows(applications))
    for content, name in [
        (to_csv(INCOMING_COLUMNS, exported), "export.csv"),
        (to_xlsx(INCOMING_COLUMNS, exported, title="Incoming"), "export.xlsx"),
    ]:
        rows = read(upload(name, content, "application/octet-stream"))
        assert [[row[column] for column in INCOMING_COLUMNS] for row in rows] == exported
    assert exported[0] == [
        "Nurlanova",
        "Aigerim",
        "a.nurlanova@kafu.example",
        "+7 705 000 11 22",
        "kafu.edu.kz",
        "6B11101",
        "2022-2023",
        "spring",
        "student",
        "Нұрланова",
        "Әйгерім",
        "",
    ]
    # Coming back unchanged, every row is a person already registered.
    checked = check_incoming_rows(read(upload("export.csv", to_csv(HEADER, exported))))
    assert len(checked.errors) == 2
    assert all("already registered" in message for _row, message in checked.errors)


def test_build_incoming_returns_an_unsaved_application(world):
    application = build_incoming(dict(zip(HEADER, GOOD[1], strict=True)))

    assert application.pk is None
    assert application.direction == "incoming"
    assert application.participant is None
    assert application.agreement == world["kafu_agreement"]
    assert Application.objects.count() == 0
    with pytest.raises(ValidationError):
        build_incoming({"last_name": "Nobody", "first_name": "Here"})


# Bad rows


def row(**changes) -> list[str]:
    values = dict(zip(HEADER, GOOD[1], strict=True))
    values.update(changes)
    return [values[column] for column in HEADER]


def test_every_bad_row_is_named_with_its_reason(world, staff):
    registered = services.incoming_import(
        rows=[dict(zip(HEADER, row(last_name="Registered", first_name="Already"), strict=True))],
        by=staff,
    )[0]
    rows = read(
        csv_file(
            [
                HEADER,
                row(),  # 2: good
                row(last_name="", first_name="", home_institution="", academic_year="", term=""),
                row(last_name="A", home_institution="Unknown University"),  # 4
                row(last_name="B", program="Culinary Arts"),  # 5
                row(last_name="C", program="Tourism"),  # 6: a bachelor and a master program
                row(last_name="D", academic_year="2030-2031"),  # 7: no such period
                row(last_name="E", academic_year="2022/23"),  # 8
                row(last_name="F", term="winter"),  # 9
                row(last_name="G", participant_kind="alumnus"),  # 10
                row(last_name="H", home_institution="wku.edu.kz"),  # 11: outgoing only
                row(last_name="I", home_institution="Narxoz University"),  # 12: ends mid-term
                row(last_name="J", participant_kind="teacher"),  # 13: study only
                row(),  # 14: the same as row 2
                row(last_name="registered ", first_name="ALREADY"),  # 15
                row(last_name="K", email="not-an-address"),  # 16
            ]
        )
    )

    checked = check_incoming_rows(rows)

    assert not checked.is_valid
    by_row: dict[int, list[str]] = {}
    for number, message in checked.errors:
        by_row.setdefault(number, []).append(message)
    assert 2 not in by_row
    assert by_row[3] == [
        "last_name is empty",
        "first_name is empty",
        "home_institution is empty",
        "academic_year is empty",
        "term is empty",
    ]
    assert by_row[4] == [
        "no partner named 'Unknown University'; import or add the institution first"
    ]
    assert by_row[5] == ["no educational program with the code or name 'Culinary Arts'"]
    assert by_row[6] == [
        "more than one educational program is named 'Tourism'; use its code (6B11102, 7M11101)"
    ]
    assert by_row[7] == ["no academic period 2030-2031, spring; add it first"]
    assert by_row[8] == ["academic year '2022/23': write it as two years, for example 2022-2023"]
    assert by_row[9] == ["unknown term 'winter'; write autumn, spring or full_year"]
    assert by_row[10] == [
        "unknown participant kind 'alumnus'; write student, teacher or researcher"
    ]
    no_agreement = (
        "no agreement with {} is in force for the whole of 2022-2023, spring and covers incoming {}"
    )
    assert by_row[11] == [
        no_agreement.format("Makhambet Utemisov West Kazakhstan University", "student study")
    ]
    assert by_row[12] == [no_agreement.format("Narxoz University", "student study")]
    assert by_row[13] == [no_agreement.format("Kazakh-American Free University", "staff teaching")]
    assert by_row[14] == ["the same person, home institution and period are already in row 2"]
    assert by_row[15] == [
        "registered ALREADY from Kazakh-American Free University is already registered for "
        f"2022-2023, spring (application {registered.reference})"
    ]
    assert by_row[16] == ["email: Enter a valid email address."]
    assert set(by_row) == set(range(3, 17))


def test_a_withdrawn_application_does_not_stop_registering_the_person_again(world, staff):
    rows = read(csv_file(GOOD[:2]))
    first = services.incoming_import(rows=rows, by=staff)[0]
    services.application_withdraw(application=first, by=staff, comment="Did not come.")

    assert check_incoming_rows(rows).is_valid


def test_nothing_is_written_when_one_row_is_bad(world, staff, media_files):
    rows = read(csv_file([*GOOD, row(last_name="Z", home_institution="Unknown University")]))

    with pytest.raises(ValidationError) as raised:
        services.incoming_import(rows=rows, by=staff)

    assert raised.value.messages == [
        "Row 4: no partner named 'Unknown University'; import or add the institution first"
    ]
    assert Application.objects.count() == 0
    assert Document.objects.count() == 0
    assert ApplicationEvent.objects.count() == 0
    assert media_files() == []


def test_the_import_checks_again_and_refuses_a_person_registered_since_the_preview(world, staff):
    rows = read(csv_file(GOOD))
    assert check_incoming_rows(rows).is_valid
    services.incoming_import(rows=rows[:1], by=staff)

    with pytest.raises(ValidationError, match="already registered"):
        services.incoming_import(rows=rows, by=staff)

    assert Application.objects.count() == 1


# The import page, with the files Excel writes and the files it must refuse

INCOMING_IMPORT_URL = "/applications/incoming/import/"


def send_file(django_app, user, name: str, content: bytes, *, encoding: str = ""):
    """Uploads a file through the incoming import page's form, as the page renders it."""
    form = django_app.get(INCOMING_IMPORT_URL, user=user).forms["incoming-import-form"]
    form["encoding"] = encoding
    form["file"] = Upload(name, content, "application/octet-stream")
    return form.submit()


def file_error(response) -> str:
    assert "checked" not in response.context, "the file was read, not refused"
    [error] = response.context["form"].errors["file"]
    return error.replace("\xa0", " ")


def text_bytes(rows: list[list[str]], *, delimiter: str, encoding: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


def test_a_windows_1251_file_from_a_russian_excel_registers_the_names_as_previewed(
    django_app, world, staff
):
    blank = {"email": "", "phone": "", "patronymic": ""}
    rows = [
        HEADER,
        row(
            last_name="Ivanova",
            last_name_cyrillic="Иванова",
            first_name="Mariya",
            first_name_cyrillic="Мария",
            **blank,
        ),
        # A cell holding the file's delimiter, in Cyrillic.
        row(
            last_name="Petrov",
            last_name_cyrillic="Петров",
            first_name="Sergey",
            first_name_cyrillic="Сергей",
            **{**blank, "phone": "8 705; доб. 12"},
        ),
    ]

    preview = send_file(
        django_app, staff, "incoming.csv", text_bytes(rows, delimiter=";", encoding="cp1251")
    )

    assert preview.html.select_one("#import-encoding")["data-encoding"] == "cp1251"
    table = preview.html.select_one("#incoming-preview").get_text()
    assert "Иванова" in table
    assert "8 705; доб. 12" in table
    preview.forms["incoming-import-confirm-form"].submit().follow()

    names = Application.objects.values_list("last_name_cyrillic", "first_name_cyrillic", "phone")
    assert sorted(names) == [("Иванова", "Мария", ""), ("Петров", "Сергей", "8 705; доб. 12")]


def test_kazakh_names_come_through_an_excel_unicode_text_file(django_app, world, staff):
    rows = [
        HEADER,
        row(
            last_name="Zhumabayeva",
            last_name_cyrillic="Жұмабаева",
            first_name="Assel",
            first_name_cyrillic="Әсел",
            email="",
            phone="",
        ),
    ]
    content = text_bytes(rows, delimiter="\t", encoding="utf-16")

    preview = send_file(django_app, staff, "incoming.txt", content)
    preview.forms["incoming-import-confirm-form"].submit().follow()

    assert Application.objects.get().first_name_cyrillic == "Әсел"
    assert Application.objects.get().last_name_cyrillic == "Жұмабаева"


def test_a_workbook_declaring_every_cell_of_a_sheet_is_refused(django_app, world, staff):
    bomb = xlsx_from_xml(GOOD[:2], dimension="A1:XFD1048576", more_rows=far_cell(1048576))

    started = time.perf_counter()
    response = send_file(django_app, staff, "incoming.xlsx", bomb)

    assert "goes on below row 50,000" in file_error(response)
    assert time.perf_counter() - started < 5
    assert not Application.objects.exists()


def test_the_incoming_import_refuses_files_over_its_limits(django_app, world, staff, settings):
    settings.IMPORT_MAX_ROWS = 1
    too_many = send_file(django_app, staff, "incoming.csv", csv_bytes_of(GOOD))
    settings.IMPORT_MAX_SIZE = 100
    too_big = send_file(django_app, staff, "incoming.csv", csv_bytes_of(GOOD[:2]))

    assert "more than 1 rows; import at most 1 at a time" in file_error(too_many)
    assert "the import reads files up to 100 bytes" in file_error(too_big)
    assert not Application.objects.exists()


def test_a_cell_too_long_is_refused_naming_its_row_and_column(django_app, world, staff):
    content = csv_bytes_of([*GOOD, row(last_name="Long", phone="7" * 200_000)])

    response = send_file(django_app, staff, "incoming.csv", content)

    assert file_error(response).startswith(
        "Row 4, column phone: the cell holds 200,000 characters; a cell holds at most 32,767."
    )


def csv_bytes_of(rows: list[list[str]]) -> bytes:
    return text_bytes(rows, delimiter=",", encoding="utf-8")


def test_only_the_latest_preview_can_be_confirmed_and_only_once(django_app, world, staff):
    earlier = send_file(django_app, staff, "incoming.csv", csv_bytes_of(GOOD[:2]))
    later = send_file(django_app, staff, "incoming.csv", csv_bytes_of(GOOD))

    stale = earlier.forms["incoming-import-confirm-form"].submit().follow()
    later.forms["incoming-import-confirm-form"].submit().follow()
    again = later.forms["incoming-import-confirm-form"].submit().follow()

    assert "expired or was already done" in stale.text
    assert "expired or was already done" in again.text
    assert Application.objects.count() == len(GOOD) - 1
