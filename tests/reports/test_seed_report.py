"""The demo's report states what the university's own account of its mobility states
(docs/mobility-office-practice.md)."""

import pytest
from django.utils import translation

from reports.periods import ReportPeriod
from reports.report import build_report
from tests.seed import SEED_CITIES

SPRING_2023 = ReportPeriod(scope="term", year="2022-2023", term="spring")
YEAR_2022 = ReportPeriod(scope="calendar", calendar_year=2022)
SEED_COUNTRIES = {
    "Russia",
    "Bulgaria",
    "Turkey",
    "Latvia",
    "Poland",
    "Belarus",
    "Ukraine",
    "Kyrgyzstan",
    "Uzbekistan",
    "Tajikistan",
    "Cyprus",
}


def listed_after(text: str, opening: str) -> set[str]:
    """The comma-separated names that follow an opening, up to the sentence's end."""
    rest = text.split(opening, 1)[1]
    return {name.strip() for name in rest.split(".\n")[0].rstrip(".").split(",")}


def test_spring_2022_2023_report_states_the_seeds_figures(demo):
    report = build_report(SPRING_2023)
    text = report.text

    # Partners in 11 countries, 22 Kazakhstani universities in 11 cities.
    assert listed_after(text, "institutions in the following countries: ") == SEED_COUNTRIES
    assert "cooperation with 22 Kazakhstani universities in the following cities: " in text
    assert listed_after(text, "universities in the following cities: ") == SEED_CITIES
    # Two students in Turkey, at Antalya Bilim University, named, in their two programs.
    assert (
        "2 students are on foreign academic mobility at Antalya Bilim University (Turkey): "
        "Omarova E., Takambayeva M." in text
    )
    assert "Educational programs: “Restaurant and hotel business”, “Tourism”." in text
    # Eight domestic: 5 + 1 + 1 + 1, with the cities the account names.
    assert "8 students are on academic mobility at Kazakhstani universities: " in text
    for part in [
        "5 students at Almaty Technological University (Almaty)",
        "1 student at Kazakh-American Free University (Ust-Kamenogorsk)",
        "1 student at Karaganda University of Kazpotrebsoyuz (Karaganda)",
        "1 student at Toraigyrov University (Pavlodar)",
    ]:
        assert part in text
    # 43 incoming from Almaty, Uralsk and Ust-Kamenogorsk.
    assert "43 students from the cities of " in text
    cities = text.split("43 students from the cities of ", 1)[1].split(" came to our")[0]
    assert {city.strip() for city in cities.split(",")} == {"Almaty", "Uralsk", "Ust-Kamenogorsk"}


def test_spring_2022_2023_tables_hold_the_same_numbers_as_the_text(demo):
    report = build_report(SPRING_2023)
    overview = {str(row[0].value): row[-1].value for row in report.tables["overview"].rows}
    partners = {str(row[0].value): row[3].value for row in report.tables["partners"].rows}

    assert overview == {
        "Outgoing · domestic": 8,
        "Outgoing · foreign": 2,
        "Incoming · domestic": 43,
        "Incoming · foreign": 0,
    }
    assert partners["Antalya Bilim University"] == 2
    assert partners["Almaty Technological University"] == 5
    assert report.totals.domestic == 22
    assert len(report.totals.domestic_cities) == 11
    assert len(report.totals.foreign_countries) == 11


def test_2022_report_names_the_three_students_who_completed_at_turiba(demo):
    text = build_report(YEAR_2022).text

    assert (
        "In 2022, 3 students completed foreign academic mobility at Turiba University (Latvia): "
        "Kabanova S., Karibaeva N., Zhakupova G." in text
    )
    assert (
        "Educational programs: “International Tourism”, “Restaurant and hotel business”, "
        "“Tourism”." in text
    )
    assert "Antalya" not in text


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", ["2 студента", "8 студентов", "5 студентов", "1 студент ", "43 студента"]),
        ("kk", ["2 студент", "8 студент", "5 студент", "1 студент", "43 студент"]),
    ],
)
def test_the_report_counts_in_russian_and_kazakh_with_their_plural_forms(demo, language, expected):
    with translation.override(language):
        text = build_report(SPRING_2023).text

    for phrase in expected:
        assert phrase in text, phrase
    # The students as in their identity cards, in Cyrillic.
    assert "Омарова Э., Такамбаева М." in text
    assert "Omarova" not in text
    # The office's names in the reader's language: universities, cities and programs.
    names = {
        "ru": ["Университет Анталья Билим", "Усть-Каменогорск", "Туризм"],
        "kk": ["Анталья Билим университеті", "Өскемен", "Туризм"],
    }[language]
    for name in names:
        assert name in text, name
    for english in ["Antalya Bilim University", "Ust-Kamenogorsk"]:
        assert english not in text, english
