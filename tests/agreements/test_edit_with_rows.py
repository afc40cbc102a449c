"""Edit pages with rows, saved through the form the page renders (django-webtest)."""

from django.urls import reverse

from agreements.models import CooperationCondition
from tests import factories


def test_staff_saves_an_agreement_with_conditions_unchanged(django_app, staff):
    condition = factories.CooperationConditionFactory()
    agreement = condition.agreement

    page = django_app.get(reverse("agreements:agreement_edit", args=[agreement.pk]), user=staff)
    response = page.forms["agreement-form"].submit()

    assert response.status_code == 302, response.text
    assert list(agreement.conditions.values_list("pk", flat=True)) == [condition.pk]


def test_staff_changes_adds_and_removes_conditions_of_an_agreement(django_app, staff):
    kept = factories.CooperationConditionFactory(places_per_year=3)
    agreement = kept.agreement
    removed = factories.CooperationConditionFactory(
        agreement=agreement, direction="incoming", mobility_type="study"
    )

    page = django_app.get(reverse("agreements:agreement_edit", args=[agreement.pk]), user=staff)
    form = page.forms["agreement-form"]
    rows = {form[f"conditions-{i}-id"].value: i for i in range(2)}
    form[f"conditions-{rows[str(kept.pk)]}-places_per_year"] = "5"
    form[f"conditions-{rows[str(removed.pk)]}-DELETE"] = True
    form["conditions-2-direction"] = "outgoing"
    form["conditions-2-mobility_type"] = "teaching"
    form["conditions-2-days_per_year"] = "10"
    response = form.submit()

    assert response.status_code == 302, response.text
    kept.refresh_from_db()
    assert kept.places_per_year == 5
    assert not CooperationCondition.objects.filter(pk=removed.pk).exists()
    assert agreement.conditions.filter(mobility_type="teaching").count() == 1


# Each edit page of the register, saved unchanged and changed through the form it renders; the
# history records every real change with its author and nothing for what was left as it was.


def edit_page(django_app, user, name, pk, form_id):
    page = django_app.get(reverse(f"agreements:{name}", args=[pk]), user=user)
    return page.forms[form_id]


def test_saving_an_agreement_unchanged_records_nothing_in_the_history(django_app, staff):
    condition = factories.CooperationConditionFactory(
        agreement__signatories="Rector of Turiba\nRector of our university"
    )
    agreement = condition.agreement
    second = factories.CooperationConditionFactory(
        agreement=agreement, direction="incoming", mobility_type="teaching", months_per_year=None
    )
    form = edit_page(django_app, staff, "agreement_edit", agreement.pk, "agreement-form")
    # A browser sends a text area's line breaks as CR LF.
    form["signatories"] = "Rector of Turiba\r\nRector of our university"

    response = form.submit()

    assert response.status_code == 302, response.text
    assert agreement.conditions.count() == 2
    assert agreement.history.count() == 1
    assert condition.history.count() == 1
    assert second.history.count() == 1
    agreement.refresh_from_db()
    assert agreement.signatories == "Rector of Turiba\nRector of our university"


def test_changed_added_and_removed_conditions_are_in_the_agreement_history(django_app, staff):
    kept = factories.CooperationConditionFactory(places_per_year=3)
    agreement = kept.agreement
    removed = factories.CooperationConditionFactory(
        agreement=agreement, direction="incoming", mobility_type="study"
    )
    form = edit_page(django_app, staff, "agreement_edit", agreement.pk, "agreement-form")
    rows = {form[f"conditions-{i}-id"].value: i for i in range(2)}
    form[f"conditions-{rows[str(kept.pk)]}-places_per_year"] = "5"
    form[f"conditions-{rows[str(removed.pk)]}-DELETE"] = True
    form["conditions-2-direction"] = "outgoing"
    form["conditions-2-mobility_type"] = "teaching"
    form["conditions-2-days_per_year"] = "10"

    detail = form.submit().follow()

    assert agreement.conditions.count() == 2
    assert agreement.history.count() == 1, "the agreement itself did not change"
    changed = kept.history.latest("history_date")
    assert (changed.history_type, changed.history_user) == ("~", staff)
    assert removed.history.latest("history_date").history_type == "-"
    added = agreement.conditions.get(mobility_type="teaching")
    assert added.history.get().history_user == staff
    rows_in_history = detail.html.select(
        ".history-changes td[data-row-kind='cooperationcondition']"
    )
    texts = [" ".join(cell.get_text().split()) for cell in rows_in_history]
    assert (
        "Cooperation condition outgoing · student study: Places per academic year: 3 → 5" in texts
    )
    assert "Cooperation condition incoming · student study: Removed" in texts
    assert "Cooperation condition outgoing · staff teaching: Added" in texts


def test_changing_the_agreement_and_a_condition_records_both_with_their_author(django_app, staff):
    condition = factories.CooperationConditionFactory(language="English")
    agreement = condition.agreement
    form = edit_page(django_app, staff, "agreement_edit", agreement.pk, "agreement-form")
    form["notes"] = "Renewed in 2025."
    form["conditions-0-language"] = "Latvian"

    form.submit()

    latest = agreement.history.latest("history_date")
    assert (latest.notes, latest.history_user) == ("Renewed in 2025.", staff)
    assert condition.history.latest("history_date").language == "Latvian"
    assert agreement.history.count() == 2
    assert agreement.conditions.count() == 1


def test_saving_an_institution_with_contacts_unchanged_records_nothing(django_app, staff):
    institution = factories.InstitutionFactory(notes="Met in Riga.\nRenew in 2026.")
    first = factories.ContactFactory(institution=institution, name="Ilze Berzina")
    second = factories.ContactFactory(institution=institution, name="Janis Ozols")
    form = edit_page(django_app, staff, "institution_edit", institution.pk, "institution-form")
    form["notes"] = "Met in Riga.\r\nRenew in 2026."

    response = form.submit()

    assert response.status_code == 302, response.text
    assert institution.contacts.count() == 2
    assert institution.history.count() == 1
    assert first.history.count() == 1
    assert second.history.count() == 1


def test_staff_changes_adds_and_removes_contacts_of_an_institution(django_app, staff):
    institution = factories.InstitutionFactory()
    kept = factories.ContactFactory(institution=institution, name="Ilze Berzina", phone="1")
    removed = factories.ContactFactory(institution=institution, name="Janis Ozols")
    form = edit_page(django_app, staff, "institution_edit", institution.pk, "institution-form")
    rows = {form[f"contacts-{i}-id"].value: i for i in range(2)}
    form[f"contacts-{rows[str(kept.pk)]}-phone"] = "+371 2"
    form[f"contacts-{rows[str(removed.pk)]}-DELETE"] = True
    form["contacts-2-name"] = "Anna Liepa"
    form["contacts-2-email"] = "anna.liepa@turiba.example.lv"

    detail = form.submit().follow()

    assert sorted(institution.contacts.values_list("name", flat=True)) == [
        "Anna Liepa",
        "Ilze Berzina",
    ]
    kept.refresh_from_db()
    assert kept.phone == "+371 2"
    assert institution.history.count() == 1, "the institution itself did not change"
    assert kept.history.latest("history_date").history_user == staff
    assert removed.history.latest("history_date").history_type == "-"
    texts = [
        " ".join(cell.get_text().split())
        for cell in detail.html.select(".history-changes td[data-row-kind='contact']")
    ]
    assert "Contact person Ilze Berzina: Phone: 1 → +371 2" in texts
    assert "Contact person Janis Ozols: Removed" in texts
    assert "Contact person Anna Liepa: Added" in texts


def test_changing_an_institution_and_a_contact_records_both(django_app, staff):
    institution = factories.InstitutionFactory(city="Riga")
    contact = factories.ContactFactory(institution=institution, position="Officer")
    form = edit_page(django_app, staff, "institution_edit", institution.pk, "institution-form")
    form["city_en"] = "Jurmala"
    form["contacts-0-position"] = "Head of the office"

    form.submit()

    latest = institution.history.latest("history_date")
    assert (latest.city, latest.history_user) == ("Jurmala", staff)
    assert contact.history.latest("history_date").position == "Head of the office"
    assert institution.contacts.count() == 1


def test_saving_an_academic_period_unchanged_then_changed(django_app, staff):
    period = factories.AcademicPeriodFactory(academic_year="2024-2025", term="autumn")

    unchanged = edit_page(django_app, staff, "period_edit", period.pk, "reference-form").submit()
    assert unchanged.status_code == 302, unchanged.text
    assert period.history.count() == 1

    form = edit_page(django_app, staff, "period_edit", period.pk, "reference-form")
    form["ends_on"] = "2025-01-25"
    form.submit()

    period.refresh_from_db()
    assert period.ends_on.isoformat() == "2025-01-25"
    latest = period.history.latest("history_date")
    assert (latest.history_type, latest.history_user) == ("~", staff)
    assert period.history.count() == 2


def test_saving_an_educational_program_unchanged_then_changed(django_app, staff):
    program = factories.EducationalProgramFactory(name="Tourism", code="6B11101")

    unchanged = edit_page(django_app, staff, "program_edit", program.pk, "reference-form").submit()
    assert unchanged.status_code == 302, unchanged.text
    assert program.history.count() == 1

    form = edit_page(django_app, staff, "program_edit", program.pk, "reference-form")
    form["name_en"] = "International Tourism"
    form["level"] = "master"
    form.submit()

    program.refresh_from_db()
    assert (program.name, program.level) == ("International Tourism", "master")
    assert program.history.latest("history_date").history_user == staff
    assert program.history.count() == 2
