"""The history of grading scales, conversion tables and credit systems: every change made through
their edit pages is recorded with who, when and why, and shown on the record's page.

These records decide students' grades and credits, so each change must be traceable: a grade's
value, a row of a table added or removed, a credit system's factor.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories
from transcripts import selectors, services
from transcripts.models import ConversionRow, CreditSystem, Grade, GradingScale

pytestmark = pytest.mark.django_db

LATVIA = "Latvia — 10-point scale"


@pytest.fixture
def registrar(db):
    return factories.registrar_user(
        username="registrar-ospanov", first_name="Ramazan", last_name="Ospanov"
    )


def scale_rows(form) -> dict[str, int]:
    total = int(form["grades-TOTAL_FORMS"].value)
    return {form[f"grades-{i}-label"].value: i for i in range(total)}


def history_text(page) -> str:
    table = page.html.select_one("table.history-changes")
    return " ".join(table.get_text(" ").split())


def home(label: str) -> Grade:
    return Grade.objects.get(scale__is_home=True, label=label)


def edit_table(django_app, user, table, reason: str = "", **grades):
    """Saves the table's page with host grades (by label) mapped to home grades (or "")."""
    page = django_app.get(reverse("transcripts:table_edit", args=[table.pk]), user=user)
    form = page.forms["table-form"]
    for label, home_label in grades.items():
        grade = table.scale.grades.get(label=label)
        form[f"grade_{grade.pk}"] = str(home(home_label).pk) if home_label else ""
    if reason:
        form["change_reason"] = reason
    return form.submit()


# Grading scales


def test_a_grade_changed_on_the_scale_page_is_shown_with_who_when_and_why(django_app, registrar):
    latvia = GradingScale.objects.get(name=LATVIA)
    form = django_app.get(
        reverse("transcripts:scale_edit", args=[latvia.pk]), user=registrar
    ).forms["scale-form"]
    form[f"grades-{scale_rows(form)['4']}-numeric_value"] = "4.5"
    form["change_reason"] = "Ministry order 12 of 2026"

    response = form.submit()

    assert response.status_code == 302, response.text
    page = response.follow()
    text = history_text(page)
    assert "Ramazan Ospanov" in text
    assert "Grade 4 :" in text
    assert "Numeric value : 4 → 4.5" in text
    assert "Ministry order 12 of 2026" in text
    [entry] = [e for e in page.context["history"] if e["record"].history_type == "~"]
    assert entry["record"].history_user == registrar
    assert entry["record"].history_change_reason == "Ministry order 12 of 2026"


def test_a_grade_added_then_removed_is_listed_both_times(django_app, staff):
    latvia = GradingScale.objects.get(name=LATVIA)
    url = reverse("transcripts:scale_edit", args=[latvia.pk])
    form = django_app.get(url, user=staff).forms["scale-form"]
    new = int(form["grades-TOTAL_FORMS"].value) - 1
    form[f"grades-{new}-label"] = "0"
    form[f"grades-{new}-description_en"] = "no grade (fail)"
    form[f"grades-{new}-passing"] = False
    assert form.submit().status_code == 302
    form = django_app.get(url, user=staff).forms["scale-form"]
    form[f"grades-{scale_rows(form)['0']}-DELETE"] = True
    assert form.submit().status_code == 302

    page = django_app.get(latvia.get_absolute_url(), user=staff)

    kinds = [
        (e["subject"], e["record"].history_type) for e in page.context["history"] if e["subject"]
    ]
    assert kinds[:2] == [("0", "-"), ("0", "+")]
    text = history_text(page)
    assert "Grade 0 : Removed" in text
    assert "Grade 0 : Added" in text


def test_saving_a_scale_unchanged_adds_nothing_to_its_history(django_app, staff):
    latvia = GradingScale.objects.get(name=LATVIA)
    before = (latvia.history.count(), Grade.history.filter(scale_id=latvia.pk).count())

    page = django_app.get(reverse("transcripts:scale_edit", args=[latvia.pk]), user=staff)
    response = page.forms["scale-form"].submit()

    assert response.status_code == 302, response.text
    after = (latvia.history.count(), Grade.history.filter(scale_id=latvia.pk).count())
    assert after == before


def test_moving_a_grade_changes_its_order_without_an_empty_history_entry(django_app, staff):
    latvia = GradingScale.objects.get(name=LATVIA)
    before = Grade.history.filter(scale_id=latvia.pk).count()
    form = django_app.get(reverse("transcripts:scale_edit", args=[latvia.pk]), user=staff).forms[
        "scale-form"
    ]
    form[f"grades-{scale_rows(form)['1']}-position"] = "1"

    assert form.submit().status_code == 302

    assert latvia.grades.order_by("position").first().label == "1"
    assert Grade.history.filter(scale_id=latvia.pk).count() == before


def test_a_shipped_scale_starts_its_history_with_a_baseline(staff_client):
    latvia = GradingScale.objects.get(name=LATVIA)

    page = staff_client.get(latvia.get_absolute_url())

    [entry] = page.context["history"]
    assert entry["record"].history_change_reason == "history-start"
    assert "as it was when its history began" in page.content.decode()
    # Every grade has its baseline too, so its first change is shown against it.
    assert set(Grade.history.filter(history_change_reason="history-start").values_list("id")) == {
        (pk,) for pk in Grade.objects.values_list("pk", flat=True)
    }


@pytest.mark.parametrize("changes", [1, 25])
def test_the_scale_page_reads_its_history_in_a_fixed_number_of_queries(
    changes, staff, staff_client, django_assert_max_num_queries
):
    latvia = GradingScale.objects.get(name=LATVIA)
    for number in range(changes):
        grades = list(latvia.grades.order_by("position"))
        grades[0].description = f"izcili, version {number}"
        services.scale_save(scale=latvia, grades=grades, by=staff, reason=f"change {number}")

    with django_assert_max_num_queries(12):
        response = staff_client.get(latvia.get_absolute_url())

    assert response.status_code == 200
    assert len(response.context["history"]) == changes + 1


# Conversion tables


def test_a_conversion_row_changed_added_and_removed_is_shown_on_the_table_page(
    django_app, registrar
):
    table = GradingScale.objects.get(name=LATVIA).conversion_tables.get(partner=None)

    assert (
        edit_table(django_app, registrar, table, reason="Rule of 2026", **{"1": ""}).status_code
        == 302
    )
    assert edit_table(django_app, registrar, table, **{"1": "F", "8": "B-"}).status_code == 302

    page = django_app.get(table.get_absolute_url(), user=registrar)
    rows = [(e["subject"], e["record"].history_type) for e in page.context["history"]]
    # The second save changed one row and added one; the first removed one.
    assert set(rows[:2]) == {("8 → B-", "~"), ("1 → F", "+")}
    assert rows[2] == ("1 → F", "-")
    text = history_text(page)
    assert "Conversion row 1 → F : Removed Rule of 2026" in text
    assert "Conversion row 1 → F : Added" in text
    assert "Home grade : B → B-" in text
    assert text.count("Ramazan Ospanov") == 3
    assert ConversionRow.history.filter(table_id=table.pk, history_type="-").get().history_user == (
        registrar
    )


def test_saving_a_table_unchanged_adds_nothing_to_its_history(django_app, registrar):
    table = GradingScale.objects.get(name=LATVIA).conversion_tables.get(partner=None)
    before = (table.history.count(), ConversionRow.history.filter(table_id=table.pk).count())

    assert edit_table(django_app, registrar, table).status_code == 302

    after = (table.history.count(), ConversionRow.history.filter(table_id=table.pk).count())
    assert after == before


@pytest.mark.parametrize("changes", [1, 20])
def test_the_table_page_reads_its_history_in_a_fixed_number_of_queries(
    changes, django_app, registrar, django_assert_max_num_queries
):
    table = GradingScale.objects.get(name=LATVIA).conversion_tables.get(partner=None)
    for number in range(changes):
        assert (
            edit_table(
                django_app, registrar, table, **{"8": "B-" if number % 2 == 0 else "B"}
            ).status_code
            == 302
        )
    reader = Client()
    reader.force_login(registrar)

    with django_assert_max_num_queries(12):
        response = reader.get(table.get_absolute_url())

    assert response.status_code == 200
    assert len([e for e in response.context["history"] if e["subject"]]) == changes


# Credit systems


def test_a_credit_system_factor_changed_is_shown_on_its_page(django_app, registrar):
    us = CreditSystem.objects.get(name="US credit hours")
    form = django_app.get(
        reverse("transcripts:credit_system_edit", args=[us.pk]), user=registrar
    ).forms["credit-system-form"]
    form["factor"] = "2"
    form["change_reason"] = "Agreed with the partners in May"

    response = form.submit()

    assert response.status_code == 302, response.text
    assert response.location == reverse("transcripts:credit_system_detail", args=[us.pk])
    page = response.follow()
    assert page.html.select_one("#credit-system-factor").get_text(strip=True) == "× 2"
    text = history_text(page)
    assert "Ramazan Ospanov" in text
    assert "Factor to home credits : 1.5 → 2" in text
    assert "Agreed with the partners in May" in text


def test_saving_a_credit_system_unchanged_adds_nothing_to_its_history(django_app, registrar):
    us = CreditSystem.objects.get(name="US credit hours")
    before = us.history.count()

    response = (
        django_app.get(reverse("transcripts:credit_system_edit", args=[us.pk]), user=registrar)
        .forms["credit-system-form"]
        .submit()
    )

    assert response.status_code == 302, response.text
    assert us.history.count() == before


def test_a_new_credit_system_is_recorded_as_created(django_app, registrar):
    form = django_app.get(reverse("transcripts:credit_system_create"), user=registrar).forms[
        "credit-system-form"
    ]
    assert "change_reason" not in form.fields
    form["name_en"] = "UK CATS"
    form["factor"] = "0.5"

    page = form.submit().follow()

    [entry] = page.context["history"]
    assert entry["record"].history_type == "+"
    assert "Created" in history_text(page)


def test_a_student_sees_no_history_of_scales_tables_or_credit_systems(student_client):
    latvia = GradingScale.objects.get(name=LATVIA)
    table = latvia.conversion_tables.get(partner=None)
    us = CreditSystem.objects.get(name="US credit hours")
    for url in (
        latvia.get_absolute_url(),
        table.get_absolute_url(),
        reverse("transcripts:credit_system_detail", args=[us.pk]),
    ):
        response = student_client.get(url)
        assert response.status_code == 403, url
        assert b"history-changes" not in response.content


def test_the_history_selectors_name_rows_of_deleted_grades(staff):
    latvia = GradingScale.objects.get(name=LATVIA)
    table = latvia.conversion_tables.get(partner=None)
    one = latvia.grades.get(label="1")
    services.scale_save(
        scale=latvia, grades=latvia.grades.exclude(pk=one.pk), removed=[one], by=staff
    )

    entries = selectors.table_history(table)

    # The grade is gone and its row went with it; the history still names both.
    assert ("1 → F", "-") in [(e["subject"], e["record"].history_type) for e in entries]


# A partner's own scale and credit system


def test_a_partners_own_grading_given_changed_and_cleared_is_shown_on_its_page(
    django_app, registrar
):
    partner = factories.InstitutionFactory(name="Near East University", country="CY")
    turkey = GradingScale.objects.get(name="Turkey — AA–FF letter scale")
    cyprus = GradingScale.objects.get(name="Cyprus — 0–10 scale")
    url = reverse("transcripts:partner_grading_edit", args=[partner.pk])
    form = django_app.get(url, user=registrar).forms["partner-grading-form"]
    form["scale"] = str(turkey.pk)
    assert form.submit().status_code == 302
    assert (
        django_app.get(url, user=registrar).forms["partner-grading-form"].submit().status_code
        == 302
    )
    form = django_app.get(url, user=registrar).forms["partner-grading-form"]
    form["scale"] = str(cyprus.pk)
    assert form.submit().status_code == 302
    clear = django_app.get(url, user=registrar).forms["partner-grading-clear-form"]
    assert clear.submit().status_code == 302

    page = django_app.get(url, user=registrar)

    assert [e["record"].history_type for e in page.context["history"]] == ["-", "~", "+"]
    text = history_text(page)
    assert "Grading scale : Turkey — AA–FF letter scale → Cyprus — 0–10 scale" in text
    assert "Deleted" in text
    assert text.count("Ramazan Ospanov") == 3
