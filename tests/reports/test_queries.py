"""The report counts in the database: its queries do not grow with the number of mobilities."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import AcademicPeriod
from reports.periods import SCOPE_TERM, ReportPeriod
from reports.report import TABLE_ORDER, build_report, build_table
from tests.factories import (
    AcademicPeriodFactory,
    AgreementFactory,
    ApplicationFactory,
    EducationalProgramFactory,
    InstitutionFactory,
)
from tests.reports import data

QUERY = "scope=term&year=2022-2023&term=spring"
STATES = ["approved", "order_issued", "agreement_signed", "in_mobility", "completed", "withdrawn"]


@pytest.fixture(params=[1, 8], ids=["few", "many"])
def register(request, db):
    """The hand-built set, plus `param` times more partners, programs and mobilities."""
    data.build()
    spring = AcademicPeriodFactory(academic_year="2022-2023", term=AcademicPeriod.Term.SPRING)
    for n in range(request.param * 6):
        partner = InstitutionFactory(country=["LV", "TR", "KZ", "PL"][n % 4], city=f"City {n}")
        agreement = AgreementFactory(partner=partner)
        program = EducationalProgramFactory(name=f"Program {n}")
        for state in STATES:
            ApplicationFactory(
                agreement=agreement,
                partner=partner,
                period=spring,
                program=program,
                state=state,
                direction="incoming" if n % 2 else "outgoing",
            )
    return request.param


def test_report_page_runs_the_same_queries_whatever_the_number_of_mobilities(
    register, staff_client, django_assert_max_num_queries
):
    # One of them reads the office's default document languages for the print buttons.
    with django_assert_max_num_queries(20):
        response = staff_client.get(f"/reports/?{QUERY}")

    assert response.status_code == 200
    assert response.context["report"].tables["overview"].total[-1].value == 6 + register * 30


def test_report_exports_run_the_same_queries_whatever_the_number_of_mobilities(
    register, staff_client, django_assert_max_num_queries
):
    for url in [
        "/reports/report.xlsx",
        "/reports/text/",
        "/reports/text.docx",
        "/reports/tables/partners.csv",
    ]:
        with django_assert_max_num_queries(18):
            assert staff_client.get(f"{url}?{QUERY}").status_code == 200


def test_list_behind_a_figure_runs_the_same_queries_whatever_its_length(
    register, staff_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = staff_client.get(f"/reports/mobilities/?{QUERY}&direction=outgoing")

    assert response.status_code == 200
    assert response.context["page"].paginator.count > register * 10


def test_a_table_built_by_itself_is_the_same_table_as_in_the_whole_report(register, db):
    period = ReportPeriod(scope=SCOPE_TERM, year="2022-2023", term=AcademicPeriod.Term.SPRING)
    report = build_report(period)

    for key in TABLE_ORDER:
        assert build_table(period, key).plain_rows() == report.tables[key].plain_rows()
    assert build_table(period, "nothing") is None


def test_a_single_table_download_runs_fewer_queries_than_the_whole_report(register, staff_client):
    with CaptureQueriesContext(connection) as whole:
        assert staff_client.get(f"/reports/report.xlsx?{QUERY}").status_code == 200
    for key in ["agreements", "partners", "trend"]:
        with CaptureQueriesContext(connection) as one:
            assert staff_client.get(f"/reports/tables/{key}.csv?{QUERY}").status_code == 200

        assert len(one) <= len(whole) - 4


def test_the_list_behind_each_overview_row_holds_as_many_mobilities_as_the_row_counts(
    register, staff_client
):
    overview = staff_client.get(f"/reports/?{QUERY}").context["report"].tables["overview"]

    for row in overview.rows:
        response = staff_client.get(row[-1].url)
        assert response.context["page"].paginator.count == row[-1].value


def test_the_workbook_does_not_write_the_text_nor_read_participants_names(register, staff_client):
    with CaptureQueriesContext(connection) as workbook:
        assert staff_client.get(f"/reports/report.xlsx?{QUERY}").status_code == 200
    with CaptureQueriesContext(connection) as page:
        assert staff_client.get(f"/reports/?{QUERY}").status_code == 200

    def reads_names(queries) -> bool:
        return any('"last_name_cyrillic"' in query["sql"] for query in queries)

    assert reads_names(page.captured_queries)
    assert not reads_names(workbook.captured_queries)
