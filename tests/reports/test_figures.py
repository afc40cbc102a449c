import re
from decimal import Decimal

from reports import selectors
from reports.periods import ReportPeriod
from reports.report import build_report

SPRING = ReportPeriod(scope="term", year="2022-2023", term="spring")
AUTUMN = ReportPeriod(scope="term", year="2022-2023", term="autumn")
YEAR = ReportPeriod(scope="year", year="2022-2023")
CALENDAR_2022 = ReportPeriod(scope="calendar", calendar_year=2022)
RANGE = ReportPeriod(scope="range", year="2021-2022", year_to="2022-2023")


def rows_by_label(table) -> dict[str, list]:
    return {str(row[0].value): [cell.value for cell in row[1:]] for row in table.rows}


def test_spring_term_counts_its_own_and_the_full_year_mobilities_by_direction_and_stage(
    mobilities,
):
    table = selectors.overview(SPRING)

    assert rows_by_label(table) == {
        # planned, in mobility, completed, total
        "Outgoing · domestic": [1, 0, 0, 1],
        "Outgoing · foreign": [1, 1, 1, 3],
        "Incoming · domestic": [0, 1, 1, 2],
        "Incoming · foreign": [0, 0, 0, 0],
    }
    assert [cell.value for cell in table.total[1:]] == [2, 2, 2, 6]


def test_withdrawn_rejected_and_undecided_applications_are_never_counted(mobilities):
    counted = set(selectors.mobilities(YEAR).values_list("pk", flat=True))

    assert counted.isdisjoint({application.pk for application in mobilities.never.values()})
    assert len(counted) == 7


def test_each_period_scope_takes_the_periods_it_covers(mobilities):
    def total(period):
        return selectors.overview(period).total[-1].value

    assert total(SPRING) == 6
    # Autumn: the Riga autumn mobility and the two that last the whole year.
    assert total(AUTUMN) == 3
    assert total(YEAR) == 7
    # 2022: the spring of 2021-2022, the autumn of 2022-2023 and the full year 2022-2023.
    assert total(CALENDAR_2022) == 4
    assert total(RANGE) == 8


def test_incoming_and_outgoing_at_the_same_partner_are_counted_apart(mobilities):
    partners = selectors.by_partner(SPRING)

    assert rows_by_label(partners)["Almaty Technological University"] == [
        "Almaty",
        "Kazakhstan",
        1,
        1,
        2,
    ]
    assert rows_by_label(selectors.by_country(SPRING)) == {
        "Kazakhstan": [1, 2, 3],
        "Latvia": [2, 0, 2],
        "Turkey": [1, 0, 1],
    }
    assert rows_by_label(selectors.by_city(SPRING))["Uralsk"] == ["Kazakhstan", 0, 1, 1]


def test_participant_kinds_and_programs_are_counted_by_direction(mobilities):
    assert rows_by_label(selectors.by_participant_kind(SPRING)) == {
        "Student": [3, 1, 4],
        "Teacher": [1, 0, 1],
        "Researcher": [0, 1, 1],
    }
    programs = rows_by_label(selectors.by_program(SPRING))
    assert programs["Tourism"] == [2, 1, 3]
    assert programs["Restaurant and hotel business"] == [1, 0, 1]
    assert programs["No program recorded"] == [1, 1, 2]


def test_credits_count_only_approved_transcripts(mobilities):
    credits = rows_by_label(selectors.credits_recognized(SPRING))

    assert credits["Outgoing · foreign"] == [1, 2, Decimal("10")]
    assert credits["Incoming · domestic"] == [0, 0, Decimal("0")]


def test_agreements_in_force_during_the_period_by_country_and_kind(mobilities, settings):
    from tests.factories import AgreementFactory

    settings.AGREEMENT_EXPIRING_DAYS = 30
    riga = mobilities.riga
    AgreementFactory(partner=riga, kind="memorandum", valid_until="2023-07-15")  # ends soon after
    AgreementFactory(partner=riga, kind="contract", valid_until="2022-12-31")  # over before
    AgreementFactory(partner=riga, kind="contract", valid_from="2023-09-01")  # not yet
    archived = AgreementFactory(partner=riga, kind="contract")
    archived.archived_at = "2023-01-01T00:00:00Z"
    archived.save()

    table = selectors.agreements_by_country(SPRING)

    # agreement, contract, memorandum, in force, ending by 30 July 2023
    assert rows_by_label(table)["Latvia"] == [1, 0, 1, 2, 1]
    assert table.columns[-1] == "Ending by 30.07.2023"


def test_partner_totals_count_universities_cities_and_countries(mobilities):
    totals = selectors.partner_totals(SPRING)

    assert totals.domestic == 2
    assert sorted(totals.domestic_cities) == ["Almaty", "Uralsk"]
    assert totals.foreign == 2
    assert sorted(totals.foreign_countries) == ["Latvia", "Turkey"]


def test_trend_compares_whole_academic_years(mobilities):
    trend = rows_by_label(selectors.trend(SPRING))

    assert list(trend) == ["2018-2019", "2019-2020", "2020-2021", "2021-2022", "2022-2023"]
    # outgoing domestic, outgoing foreign, incoming domestic, incoming foreign, total
    assert trend["2021-2022"] == [0, 1, 0, 0, 1]
    assert trend["2022-2023"] == [1, 4, 2, 0, 7]
    assert list(rows_by_label(selectors.trend(RANGE))) == ["2021-2022", "2022-2023"]


def test_every_figure_links_to_a_list_of_exactly_the_mobilities_behind_it(mobilities, staff_client):
    report = build_report(SPRING)
    checked = 0
    for table in report.tables.values():
        for row in [*table.rows, *(table.total and [table.total] or [])]:
            for cell in row:
                if not cell.url:
                    continue
                page = staff_client.get(cell.url).content.decode()
                shown = re.search(r'id="mobility-count">(\d+) mobilit', page)
                assert shown, cell.url
                assert int(shown.group(1)) == cell.value, (table.key, cell.url)
                checked += 1
    assert checked > 100
