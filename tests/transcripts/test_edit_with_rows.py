"""Edit pages with rows in transcripts, saved through the form each page renders (django-webtest):
a grading scale and its grades, a conversion table's rows, a transcript's lines, a credit system,
a partner's own grading. Each is saved unchanged (nothing duplicated, no error), then with a row
changed, one added and one removed."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import InstitutionFactory
from tests.transcripts import recognition_data as data
from transcripts import selectors
from transcripts.models import (
    ConversionTable,
    CreditSystem,
    Grade,
    GradingScale,
    PartnerGrading,
)

pytestmark = pytest.mark.django_db


def scale_rows(form, prefix="grades") -> dict[str, int]:
    """The row index of each grade on the page, by its label."""
    total = int(form[f"{prefix}-TOTAL_FORMS"].value)
    return {form[f"{prefix}-{i}-label"].value: i for i in range(total)}


# Grading scales


@pytest.mark.parametrize("role", ["staff", "registrar"])
def test_a_grading_scale_saved_unchanged_keeps_its_grades(django_app, role, request):
    user = request.getfixturevalue(role)
    latvia = GradingScale.objects.get(name="Latvia — 10-point scale")
    before = list(latvia.grades.values_list("pk", "label", "position", "passing"))

    page = django_app.get(reverse("transcripts:scale_edit", args=[latvia.pk]), user=user)
    response = page.forms["scale-form"].submit()

    assert response.status_code == 302, response.text
    assert response.follow().status_code == 200
    assert list(latvia.grades.values_list("pk", "label", "position", "passing")) == before
    assert Grade.objects.filter(scale=latvia).count() == len(before)


def test_staff_change_add_and_remove_grades_of_a_scale(django_app, staff):
    scale = GradingScale.objects.create(name="Georgia — 100-point scale", country="GE")
    for position, (label, passing) in enumerate(
        [("A", True), ("B", True), ("C", True), ("F", False)], start=1
    ):
        Grade.objects.create(scale=scale, label=label, position=position, passing=passing)
    c_grade = scale.grades.get(label="C")

    page = django_app.get(reverse("transcripts:scale_edit", args=[scale.pk]), user=staff)
    form = page.forms["scale-form"]
    rows = scale_rows(form)
    form[f"grades-{rows['B']}-description_en"] = "very good"
    form[f"grades-{rows['B']}-percent_min"] = "81"
    form[f"grades-{rows['B']}-percent_max"] = "90"
    form[f"grades-{rows['C']}-DELETE"] = True
    new = rows[""]  # the page's empty row for a new grade
    form[f"grades-{new}-label"] = "E"
    form[f"grades-{new}-position"] = "4"
    form[f"grades-{new}-description_en"] = "sufficient"
    response = form.submit()

    assert response.status_code == 302, response.text
    assert list(scale.grades.values_list("label", "position")) == [
        ("A", 1),
        ("B", 2),
        ("E", 3),
        ("F", 4),
    ]
    b_grade = scale.grades.get(label="B")
    assert (b_grade.description, b_grade.percent_min) == ("very good", Decimal(81))
    assert not Grade.objects.filter(pk=c_grade.pk).exists()
    assert scale.grades.get(label="E").passing is True


def test_a_grade_label_used_twice_is_refused_and_nothing_changes(django_app, staff):
    latvia = GradingScale.objects.get(name="Latvia — 10-point scale")
    before = list(latvia.grades.values_list("pk", "label"))

    page = django_app.get(reverse("transcripts:scale_edit", args=[latvia.pk]), user=staff)
    form = page.forms["scale-form"]
    form[f"grades-{len(before)}-label"] = "10"
    response = form.submit()

    assert response.status_code == 200
    assert "already exists" in response.text or "more than once" in response.text
    assert list(latvia.grades.values_list("pk", "label")) == before


# Conversion tables


@pytest.mark.parametrize("role", ["staff", "registrar"])
def test_a_conversion_table_saved_unchanged_keeps_its_rows(django_app, role, request):
    user = request.getfixturevalue(role)
    table = ConversionTable.objects.get(scale__name="Bulgaria — 2–6 scale", partner=None)
    before = sorted(table.rows.values_list("pk", "grade_id", "home_grade_id"))

    page = django_app.get(reverse("transcripts:table_edit", args=[table.pk]), user=user)
    response = page.forms["table-form"].submit()

    assert response.status_code == 302, response.text
    assert sorted(table.rows.values_list("pk", "grade_id", "home_grade_id")) == before


def test_the_registrar_changes_adds_and_removes_rows_of_a_table(django_app, registrar):
    table = ConversionTable.objects.get(scale__name="Latvia — 10-point scale", partner=None)
    grades = {grade.label: grade for grade in table.scale.grades.all()}
    home = {grade.label: grade.pk for grade in selectors.home_scale().grades.all()}
    # A failing grade may be left out: its row is "removed", then "added" back.
    rows_before = table.rows.count()

    page = django_app.get(reverse("transcripts:table_edit", args=[table.pk]), user=registrar)
    form = page.forms["table-form"]
    form[f"grade_{grades['9'].pk}"] = str(home["A-"])
    form[f"grade_{grades['1'].pk}"] = ""
    form["source"] = "Agreed with the registrar in 2024"
    response = form.submit()

    assert response.status_code == 302, response.text
    table.refresh_from_db()
    assert table.source == "Agreed with the registrar in 2024"
    assert table.rows.count() == rows_before - 1
    assert table.rows.get(grade=grades["9"]).home_grade.label == "A-"
    assert not table.rows.filter(grade=grades["1"]).exists()

    page = django_app.get(reverse("transcripts:table_edit", args=[table.pk]), user=registrar)
    form = page.forms["table-form"]
    form[f"grade_{grades['1'].pk}"] = str(home["F"])
    response = form.submit()

    assert response.status_code == 302, response.text
    assert table.rows.count() == rows_before
    assert table.rows.get(grade=grades["1"]).home_grade.label == "F"


def test_a_table_leaving_a_passing_grade_without_a_home_grade_is_refused(django_app, staff):
    table = ConversionTable.objects.get(scale__name="Bulgaria — 2–6 scale", partner=None)
    three = table.scale.grades.get(label="3")
    before = sorted(table.rows.values_list("grade_id", "home_grade_id"))

    page = django_app.get(reverse("transcripts:table_edit", args=[table.pk]), user=staff)
    form = page.forms["table-form"]
    form[f"grade_{three.pk}"] = ""
    response = form.submit()

    assert response.status_code == 200
    assert "The passing grade 3 has no home grade" in response.text
    assert sorted(table.rows.values_list("grade_id", "home_grade_id")) == before


def test_a_partners_own_table_is_added_from_the_general_one(django_app, staff):
    latvia = GradingScale.objects.get(name="Latvia — 10-point scale")
    general = latvia.conversion_tables.get(partner=None)
    partner = InstitutionFactory(name="RISEBA", country="LV", city="Riga")

    url = reverse("transcripts:table_create", args=[latvia.pk]) + f"?partner={partner.pk}"
    response = django_app.get(url, user=staff).forms["table-form"].submit()

    assert response.status_code == 302, response.text
    own = ConversionTable.objects.get(scale=latvia, partner=partner)
    assert own.rows.count() == general.rows.count()


# Credit systems and partners' grading


@pytest.mark.parametrize("role", ["staff", "registrar"])
def test_a_credit_system_is_saved_unchanged_and_changed(django_app, role, request):
    user = request.getfixturevalue(role)
    us = CreditSystem.objects.get(name="US credit hours")
    count = CreditSystem.objects.count()
    url = reverse("transcripts:credit_system_edit", args=[us.pk])

    response = django_app.get(url, user=user).forms["credit-system-form"].submit()
    assert response.status_code == 302, response.text
    us.refresh_from_db()
    assert us.factor == Decimal("1.5")

    form = django_app.get(url, user=user).forms["credit-system-form"]
    form["factor"] = "2"
    response = form.submit()

    assert response.status_code == 302, response.text
    us.refresh_from_db()
    assert us.factor == Decimal(2)
    assert CreditSystem.objects.count() == count


def test_a_new_credit_system_is_added(django_app, registrar):
    count = CreditSystem.objects.count()
    form = django_app.get(reverse("transcripts:credit_system_create"), user=registrar).forms[
        "credit-system-form"
    ]
    form["name_en"] = "UK CATS"
    form["factor"] = "0.5"
    response = form.submit()

    assert response.status_code == 302, response.text
    assert CreditSystem.objects.count() == count + 1
    assert CreditSystem.objects.get(name="UK CATS").factor == Decimal("0.5")


def test_a_partner_gets_its_own_grading_saves_it_unchanged_and_goes_back(django_app, staff):
    partner = InstitutionFactory(country="CY", city="Famagusta")
    turkey = GradingScale.objects.get(name="Turkey — AA–FF letter scale")
    url = reverse("transcripts:partner_grading_edit", args=[partner.pk])

    form = django_app.get(url, user=staff).forms["partner-grading-form"]
    form["scale"] = str(turkey.pk)
    assert form.submit().status_code == 302
    assert PartnerGrading.objects.get(partner=partner).scale == turkey

    response = django_app.get(url, user=staff).forms["partner-grading-form"].submit()
    assert response.status_code == 302, response.text
    assert PartnerGrading.objects.filter(partner=partner).count() == 1

    response = django_app.get(url, user=staff).forms["partner-grading-clear-form"].submit()
    assert response.status_code == 302
    assert not PartnerGrading.objects.filter(partner=partner).exists()
    partner = type(partner).objects.get(pk=partner.pk)
    assert selectors.scale_for(partner).name == "Cyprus — 0–10 scale"


# Transcript lines


@pytest.fixture
def recorded(registrar):
    return data.recorded(data.outgoing_mobility(), registrar)


def line_rows(form) -> dict[str, int]:
    total = int(form["lines-TOTAL_FORMS"].value)
    return {form[f"lines-{i}-host_title"].value: i for i in range(total)}


def test_transcript_lines_saved_unchanged_stay_as_they_are(django_app, registrar, recorded):
    before = list(
        recorded.lines.values_list(
            "host_title", "host_credits", "host_grade__label", "home_credits"
        )
    )

    page = django_app.get(reverse("transcripts:edit", args=[recorded.pk]), user=registrar)
    response = page.forms["transcript-form"].submit()

    assert response.status_code == 302, response.text
    assert response.follow().status_code == 200
    after = list(
        recorded.lines.values_list(
            "host_title", "host_credits", "host_grade__label", "home_credits"
        )
    )
    assert after == before
    assert recorded.lines.count() == 5


def test_the_registrar_changes_adds_and_removes_transcript_lines(django_app, registrar, recorded):
    url = reverse("transcripts:edit", args=[recorded.pk])

    # A line added in the blank row after the lines, another one changed.
    form = django_app.get(url, user=registrar).forms["transcript-form"]
    rows = line_rows(form)
    assert len(rows) == 6 and rows[""] == 5
    form[f"lines-{rows['Tourism Marketing']}-grade"] = "10"
    form["lines-5-host_code"] = "TUR199"
    form["lines-5-host_title"] = "Extra Course"
    form["lines-5-host_credits"] = "2"
    form["lines-5-grade"] = "8"
    form["lines-5-home_title"] = "Elective"
    form["header-host_number"] = "TU-2024/5"
    response = form.submit()

    assert response.status_code == 302, response.text
    assert recorded.lines.count() == 6
    marketing = recorded.lines.get(host_title="Tourism Marketing")
    assert (marketing.host_grade.label, marketing.home_grade.label) == ("10", "A")
    extra = recorded.lines.get(host_title="Extra Course")
    assert (extra.host_credits, extra.home_grade.label, extra.home_credits) == (
        Decimal(2),
        "B",
        Decimal(2),
    )
    recorded.refresh_from_db()
    assert recorded.host_number == "TU-2024/5"

    # The extra line removed again.
    form = django_app.get(url, user=registrar).forms["transcript-form"]
    form[f"lines-{line_rows(form)['Extra Course']}-DELETE"] = True
    response = form.submit()

    assert response.status_code == 302, response.text
    assert recorded.lines.count() == 5
    assert not recorded.lines.filter(host_title="Extra Course").exists()


def test_removing_a_line_of_the_curriculum_is_refused_and_nothing_changes(
    django_app, registrar, recorded
):
    form = django_app.get(reverse("transcripts:edit", args=[recorded.pk]), user=registrar).forms[
        "transcript-form"
    ]
    form[f"lines-{line_rows(form)['Hotel Management']}-DELETE"] = True
    response = form.submit()

    assert response.status_code == 200
    assert "discipline TUR102 Hotel Management has no line" in response.text
    assert recorded.lines.count() == 5
