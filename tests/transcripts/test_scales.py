"""The shipped grading scales, their conversion tables, the credit systems and their pages.

The expected conversions below are written from docs/grading-sources.md, not read from the
migration: the "usual correspondence" in ECTS letters becomes the home letter of the same name,
and E, which the home scale does not have, becomes D, our lowest pass.
"""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from tests.factories import InstitutionFactory
from transcripts import selectors, services
from transcripts.models import (
    ConversionRow,
    ConversionTable,
    CreditSystem,
    Grade,
    GradingScale,
    PartnerGrading,
)

PASS_FAIL = None  # a pass/fail result: no home grade
# The table page and its save, whatever the number of rows: our grades are read once for all the
# rows' selects, and the save writes the rows together.
QUERIES_OF_THE_TABLE_PAGE = 8
QUERIES_OF_THE_TABLE_SAVE = 25

HOME = {
    # label: (GPA points, percent band, passing)
    "A": ("4.00", (95, 100), True),
    "A-": ("3.67", (90, 94), True),
    "B+": ("3.33", (85, 89), True),
    "B": ("3.00", (80, 84), True),
    "B-": ("2.67", (75, 79), True),
    "C+": ("2.33", (70, 74), True),
    "C": ("2.00", (65, 69), True),
    "C-": ("1.67", (60, 64), True),
    "D+": ("1.33", (55, 59), True),
    "D": ("1.00", (50, 54), True),
    "FX": ("0.50", (25, 49), False),
    "F": ("0.00", (0, 24), False),
}

# Every grade of every shipped scale, best first, and the home grade it becomes.
SHIPPED = {
    "Latvia — 10-point scale": (
        "LV",
        {
            "10": "A",
            "9": "A",
            "8": "B",
            "7": "C",
            "6": "D",
            "5": "D",  # E
            "4": "D",  # E, the lowest pass
            "3": "F",  # the highest fail
            "2": "F",
            "1": "F",
        },
    ),
    "Turkey — AA–FF letter scale": (
        "TR",
        {
            "AA": "A",
            "BA": "B+",
            "BB": "B",
            "CB": "C+",
            "CC": "C",
            "DC": "D+",
            "DD": "D",  # conditional pass, the lowest
            "FD": "FX",
            "FF": "F",
        },
    ),
    "Russia — 5-point scale": (
        "RU",
        {
            "5": "A",
            "4": "B",
            "3": "D",
            "2": "F",
            "зачтено": PASS_FAIL,
            "не зачтено": PASS_FAIL,
        },
    ),
    "Poland — 2–5 scale": (
        "PL",
        {
            "5": "A",
            "4.5": "B",
            "4": "C",
            "3.5": "D",
            "3": "D",  # E
            "2": "F",
            "zal.": PASS_FAIL,
            "nzal.": PASS_FAIL,
        },
    ),
    "Bulgaria — 2–6 scale": ("BG", {"6": "A", "5": "B", "4": "C", "3": "D", "2": "F"}),
    "Belarus — 10-point scale": (
        "BY",
        {
            "10": "A",
            "9": "A",
            "8": "B",
            "7": "C",
            "6": "D",
            "5": "D",
            "4": "D",
            "3": "F",
            "2": "F",
            "1": "F",
            "зачтено": PASS_FAIL,
            "не зачтено": PASS_FAIL,
        },
    ),
    "Ukraine — 100-point scale with ECTS letters": (
        "UA",
        {"A": "A", "B": "B", "C": "C", "D": "D", "E": "D", "FX": "FX", "F": "F"},
    ),
    "Kyrgyzstan — 5-point scale": ("KG", {"5": "A", "4": "B", "3": "D", "2": "F"}),
    "Uzbekistan — 5-point scale": ("UZ", {"5": "A", "4": "B", "3": "D", "2": "F"}),
    "Tajikistan — 5-point scale": ("TJ", {"5": "A", "4": "B", "3": "D", "2": "F"}),
    "Cyprus — 0–10 scale": (
        "CY",
        {"10": "A", "8": "B", "7": "C", "6": "D", "5": "D", "0": "F"},
    ),
    "ECTS grading scale": (
        "",
        {"A": "A", "B": "B", "C": "C", "D": "D", "E": "D", "FX": "FX", "F": "F"},
    ),
}

# The top grade, the lowest pass and the highest fail of each graded scale.
BOUNDARIES = {
    "Latvia — 10-point scale": ("10", "4", "3"),
    "Turkey — AA–FF letter scale": ("AA", "DD", "FD"),
    "Russia — 5-point scale": ("5", "3", "2"),
    "Poland — 2–5 scale": ("5", "3", "2"),
    "Bulgaria — 2–6 scale": ("6", "3", "2"),
    "Belarus — 10-point scale": ("10", "4", "3"),
    "Ukraine — 100-point scale with ECTS letters": ("A", "E", "FX"),
    "Kyrgyzstan — 5-point scale": ("5", "3", "2"),
    "Uzbekistan — 5-point scale": ("5", "3", "2"),
    "Tajikistan — 5-point scale": ("5", "3", "2"),
    "Cyprus — 0–10 scale": ("10", "5", "0"),
    "ECTS grading scale": ("A", "E", "FX"),
}


def grade(scale_name: str, label: str) -> Grade:
    return Grade.objects.select_related("scale").get(scale__name=scale_name, label=label)


@pytest.fixture(autouse=True)
def _english():
    # The messages are checked in English, whatever language an earlier test left active.
    with translation.override("en"):
        yield


@pytest.fixture
def partner(db):
    return InstitutionFactory(name="Turiba University", country="LV", city="Riga")


# The shipped data


@pytest.mark.django_db
def test_the_home_scale_is_the_kazakhstani_letter_scale_of_grading_md():
    home = selectors.home_scale()

    grades = list(home.grades.all())

    assert home.name == "Kazakhstan — letter scale"
    assert home.country.code == "KZ"
    assert [g.label for g in grades] == list(HOME)
    for g in grades:
        points, (low, high), passing = HOME[g.label]
        assert g.gpa_points == Decimal(points), g.label
        assert (g.percent_min, g.percent_max) == (Decimal(low), Decimal(high)), g.label
        assert g.passing is passing, g.label
        assert not g.pass_fail_only
    assert "re-sit" in home.grades.get(label="FX").description


@pytest.mark.django_db
def test_every_scale_of_grading_md_is_shipped_with_its_grades_in_order():
    shipped = {
        scale.name: [g.label for g in scale.grades.all()]
        for scale in GradingScale.objects.filter(is_home=False)
    }

    assert shipped == {name: list(grades) for name, (_country, grades) in SHIPPED.items()}
    for name, (country, _grades) in SHIPPED.items():
        assert GradingScale.objects.get(name=name).country == country


@pytest.mark.django_db
@pytest.mark.parametrize("scale_name", list(SHIPPED))
def test_every_grade_of_a_shipped_scale_converts_as_grading_md_says(scale_name, partner):
    _country, expected = SHIPPED[scale_name]

    converted = {}
    for g in GradingScale.objects.get(name=scale_name).grades.all():
        home_grade, source = selectors.convert(g, partner=partner)
        converted[g.label] = home_grade.label if home_grade else PASS_FAIL
        if home_grade is None:
            assert g.pass_fail_only
            assert source == ""
        else:
            assert source
            assert home_grade.scale.is_home
            # A passing grade stays passing at home, a failing one fails.
            assert home_grade.passing is g.passing, g.label

    assert converted == expected


@pytest.mark.django_db
@pytest.mark.parametrize("scale_name", list(BOUNDARIES))
def test_the_boundaries_of_each_scale(scale_name, partner):
    top, lowest_pass, highest_fail = BOUNDARIES[scale_name]
    grades = list(GradingScale.objects.get(name=scale_name).grades.all())

    passing = [g.label for g in grades if g.passing and not g.pass_fail_only]
    failing = [g.label for g in grades if not g.passing and not g.pass_fail_only]

    assert grades[0].label == top
    assert passing[-1] == lowest_pass
    assert failing[0] == highest_fail
    top_home, _ = selectors.convert(grade(scale_name, top), partner=partner)
    low_home, _ = selectors.convert(grade(scale_name, lowest_pass), partner=partner)
    fail_home, _ = selectors.convert(grade(scale_name, highest_fail), partner=partner)
    assert top_home.label == "A"
    assert low_home.passing and low_home.label in ("D", "D+")
    assert not fail_home.passing


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("scale_name", "label", "passing"),
    [
        ("Russia — 5-point scale", "зачтено", True),
        ("Russia — 5-point scale", "не зачтено", False),
        ("Belarus — 10-point scale", "зачтено", True),
        ("Belarus — 10-point scale", "не зачтено", False),
        ("Poland — 2–5 scale", "zal.", True),
    ],
)
def test_a_pass_fail_result_converts_to_no_grade(scale_name, label, passing, partner):
    result = grade(scale_name, label)

    home_grade, source = selectors.convert(result, partner=partner)

    assert result.pass_fail_only and result.passing is passing
    assert home_grade is None
    # No table is involved: the page says "pass/fail" in the reader's language.
    assert source == ""
    assert not ConversionRow.objects.filter(grade=result).exists()


@pytest.mark.django_db
def test_a_home_grade_is_recognised_as_it_is(partner):
    b_plus = selectors.home_scale().grades.get(label="B+")

    assert selectors.convert(b_plus, partner=partner)[0] == b_plus


@pytest.mark.django_db
def test_percent_bands_are_shipped_where_grading_md_gives_them():
    def bands(scale_name):
        return {
            g.label: (int(g.percent_min), int(g.percent_max))
            for g in GradingScale.objects.get(name=scale_name).grades.all()
            if g.percent_min is not None
        }

    assert bands("Turkey — AA–FF letter scale") == {
        "AA": (94, 100),
        "BA": (87, 93),
        "BB": (80, 86),
        "CB": (73, 79),
        "CC": (65, 72),
        "DC": (58, 64),
        "DD": (50, 57),
        "FD": (45, 49),
        "FF": (0, 44),
    }
    assert bands("Ukraine — 100-point scale with ECTS letters") == {
        "A": (90, 100),
        "B": (82, 89),
        "C": (74, 81),
        "D": (64, 73),
        "E": (60, 63),
        "FX": (35, 59),
        "F": (1, 34),
    }
    assert bands("Kyrgyzstan — 5-point scale") == {
        "5": (86, 100),
        "4": (76, 85),
        "3": (60, 75),
        "2": (0, 59),
    }
    assert bands("Uzbekistan — 5-point scale")["3"] == (55, 70)
    assert bands("Cyprus — 0–10 scale")["5"] == (50, 55)


@pytest.mark.django_db
def test_every_shipped_table_names_its_source():
    tables = ConversionTable.objects.filter(partner=None)

    assert tables.count() == len(SHIPPED)
    assert all(table.source for table in tables)
    assert "D" in tables.get(scale__name="Latvia — 10-point scale").source


@pytest.mark.django_db
def test_the_shipping_migration_can_run_again_without_duplicating_or_overwriting():
    migration = importlib.import_module("transcripts.migrations.0003_shipped_scales")
    latvia_four = grade("Latvia — 10-point scale", "4")
    latvia_four.description = "edited by staff"
    latvia_four.save()
    counts = [
        model.objects.count()
        for model in (GradingScale, Grade, ConversionTable, ConversionRow, CreditSystem)
    ]

    migration.ship(django_apps, None)

    assert counts == [
        model.objects.count()
        for model in (GradingScale, Grade, ConversionTable, ConversionRow, CreditSystem)
    ]
    latvia_four.refresh_from_db()
    assert latvia_four.description == "edited by staff"


# Credit systems


@pytest.mark.django_db
def test_credit_systems_are_shipped_with_their_factors():
    factors = dict(CreditSystem.objects.values_list("name", "factor"))

    assert factors == {
        "ECTS": Decimal(1),
        "Kazakhstani credits": Decimal(1),
        "US credit hours": Decimal("1.5"),
    }
    assert "2018" in CreditSystem.objects.get(name="Kazakhstani credits").description
    assert "registrar" in CreditSystem.objects.get(name="US credit hours").description


@pytest.mark.django_db
def test_credit_factor_of_a_kazakhstani_and_a_foreign_partner(staff):
    domestic = InstitutionFactory(country="KZ", city="Almaty")
    foreign = InstitutionFactory(country="TR", city="Antalya")
    american = InstitutionFactory(country="US", city="Boston")
    services.partner_grading_save(
        grading=PartnerGrading(
            partner=american,
            scale=GradingScale.objects.get(name="ECTS grading scale"),
            credit_system=CreditSystem.objects.get(name="US credit hours"),
        ),
        by=staff,
    )

    assert selectors.credit_system_for(domestic).name == "Kazakhstani credits"
    assert selectors.credit_system_for(domestic).factor == Decimal(1)
    assert selectors.credit_system_for(foreign).name == "ECTS"
    assert selectors.credit_system_for(foreign).factor == Decimal(1)
    assert selectors.credit_system_for(american).factor == Decimal("1.5")
    assert selectors.scale_for(domestic).is_home
    assert selectors.scale_for(foreign).name == "Turkey — AA–FF letter scale"


# Conversion tables


def latvian_rows(**changes) -> list[ConversionRow]:
    """The rows of the shipped Latvian table, with some home letters changed or (None) left out."""
    home = {g.label: g for g in selectors.home_scale().grades.all()}
    mapping = {**SHIPPED["Latvia — 10-point scale"][1], **changes}
    return [
        ConversionRow(grade=grade("Latvia — 10-point scale", label), home_grade=home[letter])
        for label, letter in mapping.items()
        if letter is not None
    ]


@pytest.mark.django_db
def test_a_table_leaving_a_passing_grade_unmapped_is_refused_with_the_grade_named(partner, staff):
    latvia = GradingScale.objects.get(name="Latvia — 10-point scale")
    table = ConversionTable(scale=latvia, partner=partner, name="Turiba's table")

    with pytest.raises(ValidationError) as refused:
        services.conversion_table_save(table=table, rows=latvian_rows(**{"4": None}), by=staff)

    assert "4" in " ".join(refused.value.messages)
    assert "passing grade" in " ".join(refused.value.messages)
    assert not ConversionTable.objects.filter(partner=partner).exists()
    assert not ConversionRow.objects.filter(table__partner=partner).exists()


@pytest.mark.django_db
def test_editing_the_general_table_to_drop_a_passing_grade_changes_nothing(staff):
    general = ConversionTable.objects.get(scale__name="Latvia — 10-point scale", partner=None)
    before = list(general.rows.values_list("grade__label", "home_grade__label").order_by("pk"))

    with pytest.raises(ValidationError, match="10, 9"):
        services.conversion_table_save(
            table=general, rows=latvian_rows(**{"10": None, "9": None, "8": "A"}), by=staff
        )

    assert before == list(
        general.rows.values_list("grade__label", "home_grade__label").order_by("pk")
    )


@pytest.mark.django_db
def test_a_failing_grade_may_be_left_out_but_not_made_a_pass(partner, staff):
    latvia = GradingScale.objects.get(name="Latvia — 10-point scale")
    table = ConversionTable(scale=latvia, partner=partner, name="Turiba's table")

    with pytest.raises(ValidationError, match="3 is a failing grade"):
        services.conversion_table_save(table=table, rows=latvian_rows(**{"3": "D"}), by=staff)
    with pytest.raises(ValidationError, match="4 is a passing grade"):
        services.conversion_table_save(table=table, rows=latvian_rows(**{"4": "FX"}), by=staff)
    services.conversion_table_save(table=table, rows=latvian_rows(**{"1": None}), by=staff)

    assert table.rows.count() == 9


@pytest.mark.django_db
def test_a_row_must_map_a_grade_of_the_scale_to_a_grade_of_ours(partner, staff):
    latvia = GradingScale.objects.get(name="Latvia — 10-point scale")
    table = ConversionTable(scale=latvia, partner=partner, name="Turiba's table")
    rows = latvian_rows()
    rows[0].home_grade = grade("ECTS grading scale", "A")
    foreign = ConversionRow(
        grade=grade("Turkey — AA–FF letter scale", "AA"),
        home_grade=selectors.home_scale().grades.get(label="A"),
    )

    with pytest.raises(ValidationError, match="not a grade of our scale"):
        services.conversion_table_save(table=table, rows=rows, by=staff)
    with pytest.raises(ValidationError, match="AA is not a grade of Latvia"):
        services.conversion_table_save(table=table, rows=[*latvian_rows(), foreign], by=staff)

    assert not ConversionTable.objects.filter(partner=partner).exists()


@pytest.mark.django_db
def test_a_partners_own_table_overrides_the_countrys(partner, staff):
    other = InstitutionFactory(country="LV", city="Riga")
    latvia = GradingScale.objects.get(name="Latvia — 10-point scale")
    own = services.conversion_table_save(
        table=ConversionTable(scale=latvia, partner=partner, name="Turiba's table"),
        rows=latvian_rows(**{"9": "A-", "6": "C-"}),
        by=staff,
    )
    nine = grade("Latvia — 10-point scale", "9")

    assert selectors.convert(nine, partner=partner) == (
        selectors.home_scale().grades.get(label="A-"),
        own.name,
    )
    assert selectors.convert(nine, partner=other)[0].label == "A"
    assert selectors.convert(nine, partner=other)[1] != own.name


@pytest.mark.django_db
def test_a_second_general_table_for_a_scale_is_refused(staff):
    latvia = GradingScale.objects.get(name="Latvia — 10-point scale")

    with pytest.raises(ValidationError, match="already has its general table"):
        services.conversion_table_save(
            table=ConversionTable(scale=latvia, name="Another"), rows=latvian_rows(), by=staff
        )


# Scales


@pytest.mark.django_db
def test_a_new_scale_is_saved_with_its_grades_in_order(staff):
    scale = GradingScale(name="Cyprus — US-style scale", country="CY")
    grades = [
        Grade(label="A", numeric_value=Decimal(4)),
        Grade(label="B", numeric_value=Decimal(3)),
        Grade(label="F", numeric_value=Decimal(0), passing=False),
    ]

    services.scale_save(scale=scale, grades=grades, by=staff)

    assert [(g.label, g.position) for g in scale.grades.all()] == [("A", 1), ("B", 2), ("F", 3)]


@pytest.mark.django_db
def test_a_scale_with_a_label_twice_is_refused(staff):
    scale = GradingScale(name="Broken scale")

    with pytest.raises(ValidationError, match="A appear"):
        services.scale_save(scale=scale, grades=[Grade(label="A"), Grade(label="A")], by=staff)

    assert not GradingScale.objects.filter(name="Broken scale").exists()


@pytest.mark.django_db
def test_a_home_grade_that_tables_use_cannot_be_removed(staff):
    home = selectors.home_scale()
    grades = list(home.grades.all())
    a = grades[0]

    with pytest.raises(ValidationError, match="A cannot be removed"):
        services.scale_save(scale=home, grades=grades[1:], removed=[a], by=staff)

    assert home.grades.filter(label="A").exists()


# Pages


@pytest.fixture
def pages(db):
    latvia = GradingScale.objects.get(name="Latvia — 10-point scale")
    table = latvia.conversion_tables.get(partner=None)
    partner = InstitutionFactory(country="LV", city="Riga")
    return {
        "scale_list": [],
        "scale_create": [],
        "scale_detail": [latvia.pk],
        "scale_edit": [latvia.pk],
        "table_create": [latvia.pk],
        "table_detail": [table.pk],
        "table_edit": [table.pk],
        "credit_system_list": [],
        "credit_system_create": [],
        "credit_system_edit": [CreditSystem.objects.get(name="ECTS").pk],
        "credit_system_detail": [CreditSystem.objects.get(name="ECTS").pk],
        "partner_grading_list": [],
        "partner_grading_edit": [partner.pk],
    }


def test_a_student_is_refused_every_scale_page(pages, student_client):
    for name, args in pages.items():
        response = student_client.get(reverse(f"transcripts:{name}", args=args))
        assert response.status_code == 403, name


def test_an_anonymous_visitor_is_sent_to_log_in(pages, anonymous_client):
    for name, args in pages.items():
        response = anonymous_client.get(reverse(f"transcripts:{name}", args=args))
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("login")), name


@pytest.mark.parametrize("role", ["staff", "registrar"])
def test_staff_and_registrar_open_every_scale_page(role, pages, request):
    client = request.getfixturevalue(f"{role}_client")
    for name, args in pages.items():
        response = client.get(reverse(f"transcripts:{name}", args=args))
        assert response.status_code == 200, name


def test_the_scale_list_shows_grade_counts_and_tables(staff_client):
    response = staff_client.get(reverse("transcripts:scale_list"))

    content = response.content.decode()
    counts = {scale.name: scale.grade_count for scale in response.context["scales"]}
    assert counts == {
        "Kazakhstan — letter scale": len(HOME),
        **{name: len(grades) for name, (_country, grades) in SHIPPED.items()},
    }
    assert "Latvia — 10-point scale" in content
    assert content.count("general table") == len(SHIPPED)
    assert f'href="{reverse("transcripts:scale_list")}"' in content  # the navbar link


def test_the_table_page_shows_every_grade_its_home_grade_and_points(staff_client):
    table = ConversionTable.objects.get(scale__name="Russia — 5-point scale", partner=None)

    response = staff_client.get(reverse("transcripts:table_detail", args=[table.pk]))

    lines = response.context["lines"]
    assert [(line["grade"].label, line["home"] and line["home"].label) for line in lines] == [
        ("5", "A"),
        ("4", "B"),
        ("3", "D"),
        ("2", "F"),
        ("зачтено", None),
        ("не зачтено", None),
    ]
    assert "4.00" in response.content.decode()


@pytest.mark.parametrize("role", ["staff", "registrar"])
def test_staff_and_registrar_edit_a_table_through_its_page(role, request, db, django_app):
    user = request.getfixturevalue(role)
    table = ConversionTable.objects.get(scale__name="Bulgaria — 2–6 scale", partner=None)
    home = {g.label: g.pk for g in selectors.home_scale().grades.all()}
    mapping = {"6": "A", "5": "B+", "4": "C", "3": "D", "2": "F"}

    form = django_app.get(reverse("transcripts:table_edit", args=[table.pk]), user=user).forms[
        "table-form"
    ]
    form["source"] = "Agreed with the registrar"
    for g in table.scale.grades.all():
        form[f"grade_{g.pk}"] = str(home[mapping[g.label]])
    response = form.submit()

    varna = InstitutionFactory(country="BG", city="Varna")
    five, _source = selectors.convert(grade("Bulgaria — 2–6 scale", "5"), partner=varna)
    assert response.status_code == 302
    assert five.label == "B+"
    assert table.rows.count() == len(mapping)


def test_the_table_form_refuses_an_unmapped_passing_grade_and_names_it(django_app, staff):
    table = ConversionTable.objects.get(scale__name="Bulgaria — 2–6 scale", partner=None)
    home = {g.label: g.pk for g in selectors.home_scale().grades.all()}
    form = django_app.get(reverse("transcripts:table_edit", args=[table.pk]), user=staff).forms[
        "table-form"
    ]
    for g in table.scale.grades.all():
        form[f"grade_{g.pk}"] = "" if g.label == "3" else str(home["F" if g.label == "2" else "A"])

    response = form.submit()

    assert response.status_code == 200
    assert "The passing grade 3 has no home grade" in response.text
    assert table.rows.get(grade__label="6").home_grade.label == "A"
    assert table.rows.get(grade__label="5").home_grade.label == "B"


def test_a_new_partner_table_starts_from_the_general_one(staff_client):
    latvia = GradingScale.objects.get(name="Latvia — 10-point scale")
    partner = InstitutionFactory(name="RISEBA", country="LV", city="Riga")

    response = staff_client.get(
        reverse("transcripts:table_create", args=[latvia.pk]) + f"?partner={partner.pk}"
    )

    form = response.context["form"]
    nine = grade("Latvia — 10-point scale", "9")
    assert form.initial["partner"] == partner.pk
    assert form[f"grade_{nine.pk}"].initial == selectors.home_scale().grades.get(label="A").pk


def test_a_scale_is_created_with_its_grades_through_its_page(django_app, registrar):
    page = django_app.get(reverse("transcripts:scale_create"), user=registrar)
    form = page.forms["scale-form"]
    form["name_en"] = "Georgia — 100-point scale"
    form["country"] = "GE"
    form["grades-0-position"] = "2"
    form["grades-0-label"] = "B"
    response = form.submit()  # one empty row a time, as the page without its script offers
    assert response.status_code == 302, response.text
    scale = GradingScale.objects.get(name="Georgia — 100-point scale")

    form = django_app.get(reverse("transcripts:scale_edit", args=[scale.pk]), user=registrar).forms[
        "scale-form"
    ]
    form["grades-1-position"] = "1"
    form["grades-1-label"] = "A"
    assert form.submit().status_code == 302
    form = django_app.get(reverse("transcripts:scale_edit", args=[scale.pk]), user=registrar).forms[
        "scale-form"
    ]
    form["grades-2-label"] = "F"
    form["grades-2-passing"] = False
    assert form.submit().status_code == 302

    assert [(g.label, g.passing) for g in scale.grades.all()] == [
        ("A", True),
        ("B", True),
        ("F", False),
    ]


def test_a_partner_gets_its_own_scale_and_credit_system_and_back(django_app, staff):
    partner = InstitutionFactory(country="CY", city="Famagusta")
    turkey = GradingScale.objects.get(name="Turkey — AA–FF letter scale")
    ects = CreditSystem.objects.get(name="ECTS")
    url = reverse("transcripts:partner_grading_edit", args=[partner.pk])

    form = django_app.get(url, user=staff).forms["partner-grading-form"]
    form["scale"] = str(turkey.pk)
    form["credit_system"] = str(ects.pk)
    response = form.submit()

    assert response.status_code == 302
    partner.refresh_from_db()
    assert selectors.scale_for(partner) == turkey
    django_app.get(url, user=staff).forms["partner-grading-clear-form"].submit()
    partner = type(partner).objects.get(pk=partner.pk)
    assert selectors.scale_for(partner).name == "Cyprus — 0–10 scale"


def test_the_credit_system_factor_is_edited_through_its_page(django_app, registrar):
    us = CreditSystem.objects.get(name="US credit hours")

    form = django_app.get(
        reverse("transcripts:credit_system_edit", args=[us.pk]), user=registrar
    ).forms["credit-system-form"]
    form["factor"] = "2"
    response = form.submit()

    us.refresh_from_db()
    assert response.status_code == 302
    assert us.factor == Decimal(2)


def scale_with_a_table(grades: int) -> ConversionTable:
    """A made-up scale of `grades` passing grades, all converted to our A."""
    scale = GradingScale.objects.create(name=f"Test — {grades} grades", country="GE")
    table = ConversionTable.objects.create(scale=scale, name=f"{grades} grades", source="Test")
    home_a = selectors.home_scale().grades.get(label="A")
    for position in range(grades):
        row_grade = Grade.objects.create(scale=scale, position=position, label=f"G{position}")
        table.rows.create(grade=row_grade, home_grade=home_a)
    return table


@pytest.mark.parametrize("grades", [3, 20])
def test_the_table_page_reads_our_grades_once_however_many_rows(
    grades, django_app, staff, django_assert_max_num_queries
):
    table = scale_with_a_table(grades)
    url = reverse("transcripts:table_edit", args=[table.pk])
    django_app.get(url, user=staff)  # the session and the language, once

    with django_assert_max_num_queries(QUERIES_OF_THE_TABLE_PAGE):
        page = django_app.get(url, user=staff)
    form = page.forms["table-form"]
    assert len([name for name in form.fields if name and name.startswith("grade_")]) == grades
    with django_assert_max_num_queries(QUERIES_OF_THE_TABLE_SAVE):
        response = form.submit()

    assert response.status_code == 302
    assert table.rows.filter(home_grade__label="A").count() == grades
