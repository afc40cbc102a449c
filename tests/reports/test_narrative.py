import pytest
from django.utils import translation

from reports import narrative
from reports.narrative import NAMES_UP_TO, people, short_name
from reports.periods import ReportPeriod
from reports.report import build_report
from tests.factories import AcademicPeriodFactory, ApplicationFactory, InstitutionFactory
from tests.reports import data

SPRING = ReportPeriod(scope="term", year="2022-2023", term="spring")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["1 student", "2 students", "5 students", "21 students", "111 students"]),
        ("ru", ["1 студент", "2 студента", "5 студентов", "21 студент", "111 студентов"]),
        ("kk", ["1 студент", "2 студент", "5 студент", "21 студент", "111 студент"]),
    ],
)
def test_counts_take_each_languages_plural_form(language, expected):
    with translation.override(language):
        assert [people(n, {"student"}) for n in (1, 2, 5, 21, 111)] == expected


def test_mixed_participants_are_counted_as_participants():
    assert people(3, {"student", "teacher"}) == "3 participants"
    assert people(1, {"teacher"}) == "1 teacher"
    assert people(4, {"researcher"}) == "4 researchers"


def test_participants_are_named_as_the_office_names_them():
    assert short_name("Omarova", "Elvira") == "Omarova E."
    assert short_name("Жақыпова", "Гүлназ") == "Жақыпова Г."
    assert short_name("Takambayeva", "") == "Takambayeva"


@pytest.mark.parametrize(
    ("language", "names"),
    [
        ("ru", "Kalnina I., Омарова Э., Такамбаева М."),
        ("kk", "Kalnina I., Омарова Э., Такамбаева М."),
        ("en", "Kalnina I., Omarova E., Takambayeva M."),
    ],
)
def test_participants_are_named_in_the_readers_script_falling_back_to_the_other(
    db, language, names
):
    partner = InstitutionFactory(name="Antalya Bilim University", country="TR", city="Antalya")
    period = AcademicPeriodFactory(academic_year="2022-2023", term="spring")
    for last, first, last_cyrillic, first_cyrillic in [
        ("Omarova", "Elmira", "Омарова", "Эльмира"),
        ("Takambayeva", "Madina", "Такамбаева", "Мадина"),
        # No Cyrillic name: the passport's stands in.
        ("Kalnina", "Ilze", "", ""),
    ]:
        data.mobility(
            partner,
            period,
            state="in_mobility",
            last_name=last,
            first_name=first,
            last_name_cyrillic=last_cyrillic,
            first_name_cyrillic=first_cyrillic,
            patronymic="Серикқызы" if last == "Omarova" else "",
        )

    with translation.override(language):
        text = build_report(SPRING).text

    assert f": {names} " in text


def test_text_tells_each_stage_in_its_own_words(db):
    data.build()

    text = build_report(SPRING).text

    assert "1 student completed foreign academic mobility at Turiba University (Latvia): " in text
    assert "1 student is on foreign academic mobility at Turiba University (Latvia): " in text
    assert "1 teacher is to go on foreign academic mobility to Antalya Bilim University" in text
    assert "1 student is to go on academic mobility to a Kazakhstani university: " in text
    assert "2 participants from the cities of Almaty, Uralsk came to our university" in text
    assert (
        "10 credits studied abroad were recognized here "
        "(participants back from academic mobility: 1)" in text
    )


def test_large_groups_are_counted_without_listing_every_name(db):
    partner = InstitutionFactory(name="Big Partner", country="PL", city="Warsaw")
    period = AcademicPeriodFactory()
    for _n in range(NAMES_UP_TO + 1):
        ApplicationFactory(
            agreement__partner=partner, partner=partner, period=period, state="in_mobility"
        )

    text = build_report(SPRING).text

    assert f"{NAMES_UP_TO + 1} students are on foreign academic mobility at Big Partner" in text
    assert "Big Partner (Poland)." in text


def test_a_partners_small_group_is_named_beside_its_large_group_at_another_stage(db):
    partner = InstitutionFactory(name="Big Partner", country="PL", city="Warsaw")
    period = AcademicPeriodFactory()
    for _n in range(NAMES_UP_TO + 1):
        ApplicationFactory(
            agreement__partner=partner,
            partner=partner,
            period=period,
            state="in_mobility",
            last_name="Many",
        )
    for last_name in ("Akhmetova", "Bekova"):
        ApplicationFactory(
            agreement__partner=partner,
            partner=partner,
            period=period,
            state="completed",
            last_name=last_name,
            first_name="Aigerim",
        )

    with translation.override("en"):
        text = build_report(SPRING).text

    assert "2 students completed foreign academic mobility at Big Partner (Poland): " in text
    assert "Akhmetova A." in text and "Bekova A." in text
    assert "Many" not in text


def test_a_period_without_mobilities_says_so(db):
    text = build_report(ReportPeriod(scope="calendar", calendar_year=2001)).text

    assert "In 2001, no mobility was planned, under way or completed." in text


@pytest.mark.parametrize(
    ("period", "when"),
    [
        (SPRING, "In the spring term of the 2022-2023 academic year"),
        (
            ReportPeriod(scope="term", year="2022-2023", term="autumn"),
            "In the autumn term of the 2022-2023 academic year",
        ),
        (ReportPeriod(scope="year", year="2022-2023"), "In the 2022-2023 academic year"),
        (ReportPeriod(scope="calendar", calendar_year=2022), "In 2022"),
        (
            ReportPeriod(scope="range", year="2020-2021", year_to="2022-2023"),
            "In the academic years 2020-2021 to 2022-2023",
        ),
    ],
)
def test_each_period_opens_its_sentences_in_its_own_words(period, when):
    assert period.when == when


def test_text_is_plain_paragraphs_for_copying():
    paragraphs = [narrative.Paragraph("Title", heading=True), narrative.Paragraph("Body.")]

    assert narrative.as_text(paragraphs) == "Title\n\nBody.\n"
