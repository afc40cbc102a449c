import pytest
from django.urls import reverse

from agreements import selectors, services
from tests.factories import AgreementFactory, ContactFactory, InstitutionFactory

pytestmark = pytest.mark.django_db

LONG_NOTES = (
    "Met the rector in Riga in May 2021.\n"
    "They ask for two places in tourism every spring and one teacher each year; "
    "the memorandum is to be renewed before it expires, with English at B2 for students."
)


def edit_institution(django_app, user, institution, **changes):
    """Saves the institution's edit page with the given fields changed."""
    page = django_app.get(reverse("agreements:institution_edit", args=[institution.pk]), user=user)
    form = page.forms["institution-form"]
    for name, value in changes.items():
        form[name] = value
    return form.submit()


def edit_agreement(django_app, user, agreement, **changes):
    """Saves the agreement's edit page with the given fields changed."""
    page = django_app.get(reverse("agreements:agreement_edit", args=[agreement.pk]), user=user)
    form = page.forms["agreement-form"]
    for name, value in changes.items():
        form[name] = value
    return form.submit()


def test_editing_an_institution_records_who_changed_what(django_app, staff):
    institution = InstitutionFactory(name="Turiba University", city="Riga")

    response = edit_institution(django_app, staff, institution, city_en="Jurmala")

    assert response.status_code == 302, response.text
    latest = institution.history.latest("history_date")
    assert latest.history_user == staff
    [entry, created] = selectors.history_entries(institution)
    assert created["changes"] == []
    assert entry["author"] == "Aigerim Sadykova"
    assert [(c["field"], c["old"], c["new"]) for c in entry["changes"]] == [
        ("city", "Riga", "Jurmala")
    ]


def test_institution_page_shows_its_history(django_app, staff, staff_client):
    institution = InstitutionFactory(name="Turiba University", city="Riga")
    assert edit_institution(django_app, staff, institution, city_en="Jurmala").status_code == 302

    response = staff_client.get(institution.get_absolute_url())

    content = response.content.decode()
    assert "Aigerim Sadykova" in content
    assert '<del class="text-body-secondary">Riga</del> → Jurmala' in content
    assert len(response.context["history"]) == 2


def test_saving_an_unchanged_institution_lists_no_changed_field(django_app, staff):
    institution = InstitutionFactory()

    response = edit_institution(django_app, staff, institution)

    assert response.status_code == 302, response.text
    latest = selectors.history_entries(institution)[0]
    assert latest["changes"] == []


def test_an_earlier_institution_version_shows_every_field_in_full(django_app, staff, staff_client):
    institution = InstitutionFactory(
        name="Turiba University", country="LV", city="Riga", notes=LONG_NOTES
    )
    first = institution.history.get()
    edited = edit_institution(django_app, staff, institution, notes="Short now.", city_en="Jurmala")
    assert edited.status_code == 302, edited.text

    response = staff_client.get(
        reverse("agreements:institution_version", args=[institution.pk, first.history_id])
    )

    assert response.status_code == 200
    fields = {str(label): value for label, value in response.context["fields"]}
    assert fields["internal notes"] == LONG_NOTES
    assert fields["city (English)"] == "Riga"
    assert fields["city (Russian)"] == "—"
    assert fields["country"] == "Latvia"
    content = response.content.decode()
    assert "the memorandum is to be renewed before it expires, with English at B2" in content
    assert "Short now." not in content


def test_contact_changes_are_recorded_with_their_author(django_app, staff):
    institution = InstitutionFactory()
    contact = ContactFactory(institution=institution, name="Ilze Berzina", phone="1")
    page = django_app.get(reverse("agreements:institution_edit", args=[institution.pk]), user=staff)
    form = page.forms["institution-form"]
    assert form["contacts-0-id"].value == str(contact.pk)
    form["contacts-0-phone"] = "2"

    response = form.submit()

    assert response.status_code == 302, response.text
    latest = contact.history.latest("history_date")
    assert latest.phone == "2"
    assert latest.history_user == staff


def test_editing_an_agreement_records_who_changed_what(django_app, staff):
    agreement = AgreementFactory(number="T-1", kind="agreement", notes="")

    response = edit_agreement(
        django_app, staff, agreement, kind="memorandum", valid_until="2031-12-31"
    )

    assert response.status_code == 302, response.text
    [entry, _created] = selectors.history_entries(agreement)
    assert entry["record"].history_user == staff
    changes = {str(c["field"]): (str(c["old"]), str(c["new"])) for c in entry["changes"]}
    assert set(changes) == {"kind", "valid until"}
    assert changes["kind"] == ("agreement", "memorandum")
    old_until, new_until = changes["valid until"]
    assert "2030" in old_until
    assert "2031" in new_until


def test_agreement_page_shows_its_history_with_the_archive_reason(staff_client, staff):
    agreement = AgreementFactory(number="T-1")
    services.agreement_archive(agreement=agreement, by=staff)

    response = staff_client.get(agreement.get_absolute_url())

    content = response.content.decode()
    assert "archived" in [e["record"].history_change_reason for e in response.context["history"]]
    assert '<span class="badge text-bg-light">archived</span>' in content
    assert "Aigerim Sadykova" in content


def test_an_earlier_agreement_version_shows_the_earlier_values(django_app, staff, staff_client):
    agreement = AgreementFactory(number="T-1", notes=LONG_NOTES, signatories="Rector A.")
    first = agreement.history.get()
    edited = edit_agreement(django_app, staff, agreement, notes="Replaced", signatories="Rector B.")
    assert edited.status_code == 302, edited.text

    response = staff_client.get(
        reverse("agreements:agreement_version", args=[agreement.pk, first.history_id])
    )

    assert response.status_code == 200
    fields = {str(label): value for label, value in response.context["fields"]}
    assert fields["internal notes"] == LONG_NOTES
    assert fields["signatories"] == "Rector A."
    assert str(fields["partner"]) == agreement.partner.name
    assert fields["kind"] == "agreement"
    assert "Replaced" not in response.content.decode()


def test_a_version_of_another_record_is_not_found(staff_client):
    mine = InstitutionFactory()
    other = InstitutionFactory()
    other_version = other.history.get()

    response = staff_client.get(
        reverse("agreements:institution_version", args=[mine.pk, other_version.history_id])
    )

    assert response.status_code == 404


def test_changes_made_outside_a_request_are_shown_as_made_by_the_system():
    institution = InstitutionFactory()

    [entry] = selectors.history_entries(institution)

    assert entry["author"] == "the system"
