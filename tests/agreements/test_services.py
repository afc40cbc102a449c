from datetime import date

import pytest
from django.core.exceptions import ValidationError

from agreements import services
from agreements.models import (
    Agreement,
    Contact,
    CooperationCondition,
    Institution,
)
from tests.factories import (
    PDF_BYTES,
    AgreementFactory,
    ContactFactory,
    HomeInstitutionFactory,
    InstitutionFactory,
    upload,
)

pytestmark = pytest.mark.django_db


def test_saving_an_institution_with_contacts_records_who_saved_it(staff):
    institution = Institution(name="Turiba University", country="LV", city="Riga")
    contact = Contact(name="Ilze Berzina", email="ilze@turiba.example.lv")

    services.institution_save(institution=institution, contacts=[contact], by=staff)

    stored = Institution.objects.get(name="Turiba University")
    assert list(stored.contacts.values_list("name", flat=True)) == ["Ilze Berzina"]
    assert stored.history.get().history_user == staff
    assert Contact.history.get().history_user == staff


def test_saving_an_institution_validates_it_first(staff):
    institution = Institution(name="Nowhere University", country="XX", city="Nowhere")

    with pytest.raises(ValidationError) as error:
        services.institution_save(institution=institution, by=staff)

    assert "country" in error.value.message_dict
    assert not Institution.objects.exists()


def test_removing_a_contact_deletes_it_and_keeps_the_others(staff):
    institution = InstitutionFactory()
    kept = ContactFactory(institution=institution, name="Kept Person")
    removed = ContactFactory(institution=institution, name="Removed Person")

    services.institution_save(institution=institution, removed_contacts=[removed], by=staff)

    assert list(institution.contacts.all()) == [kept]
    assert Contact.history.filter(history_type="-").get().history_user == staff


def test_deleting_an_institution_with_agreements_is_refused(staff):
    partner = InstitutionFactory(name="Antalya Bilim University", country="TR", city="Antalya")
    AgreementFactory(partner=partner)

    with pytest.raises(ValidationError) as error:
        services.institution_delete(institution=partner, by=staff)

    assert "Antalya Bilim University has 1 agreement(s)" in error.value.messages[0]
    assert Institution.objects.filter(pk=partner.pk).exists()


def test_deleting_an_institution_whose_only_agreement_is_archived_is_refused(staff):
    partner = InstitutionFactory()
    services.agreement_archive(agreement=AgreementFactory(partner=partner), by=staff)

    with pytest.raises(ValidationError):
        services.institution_delete(institution=partner, by=staff)

    assert Institution.objects.filter(pk=partner.pk).exists()


def test_deleting_an_institution_without_agreements_removes_it_and_its_contacts(staff):
    partner = InstitutionFactory()
    ContactFactory(institution=partner)

    services.institution_delete(institution=partner, by=staff)

    assert not Institution.objects.filter(pk=partner.pk).exists()
    assert not Contact.objects.exists()
    assert Institution.history.filter(history_type="-").get().history_user == staff


def test_our_own_university_cannot_be_deleted(staff):
    home = HomeInstitutionFactory()

    with pytest.raises(ValidationError, match="Our own university"):
        services.institution_delete(institution=home, by=staff)

    assert Institution.objects.filter(pk=home.pk).exists()


def test_saving_an_agreement_with_conditions_writes_both(staff):
    partner = InstitutionFactory()
    agreement = Agreement(partner=partner, number="AM-1", valid_from=date(2024, 1, 1))
    study = CooperationCondition(direction="outgoing", mobility_type="study", places_per_year=2)
    teaching = CooperationCondition(direction="incoming", mobility_type="teaching", days_per_year=5)

    services.agreement_save(agreement=agreement, conditions=[study, teaching], by=staff)

    stored = Agreement.objects.get(number="AM-1")
    assert sorted(stored.conditions.values_list("direction", "mobility_type")) == [
        ("incoming", "teaching"),
        ("outgoing", "study"),
    ]
    assert stored.history.get().history_user == staff


def test_two_conditions_with_the_same_direction_and_type_are_refused_and_nothing_is_saved(staff):
    agreement = Agreement(partner=InstitutionFactory(), number="AM-1", valid_from=date(2024, 1, 1))
    conditions = [
        CooperationCondition(direction="outgoing", mobility_type="study"),
        CooperationCondition(direction="outgoing", mobility_type="study", places_per_year=4),
    ]

    with pytest.raises(ValidationError, match="same direction and mobility type"):
        services.agreement_save(agreement=agreement, conditions=conditions, by=staff)

    assert not Agreement.objects.exists()
    assert not CooperationCondition.objects.exists()


def test_a_bad_condition_rolls_back_the_agreement_and_removes_its_stored_scan(staff, media_files):
    agreement = Agreement(
        partner=InstitutionFactory(),
        number="AM-1",
        valid_from=date(2024, 1, 1),
        signed_copy=upload("signed.pdf", PDF_BYTES),
    )
    teaching_in_months = CooperationCondition(
        direction="outgoing", mobility_type="teaching", months_per_year=2
    )

    with pytest.raises(ValidationError):
        services.agreement_save(agreement=agreement, conditions=[teaching_in_months], by=staff)

    assert not Agreement.objects.exists()
    assert media_files() == []


def test_a_failed_edit_keeps_the_scan_already_on_file(staff, media_files):
    agreement = Agreement(
        partner=InstitutionFactory(),
        number="AM-1",
        valid_from=date(2024, 1, 1),
        signed_copy=upload("signed.pdf", PDF_BYTES),
    )
    services.agreement_save(agreement=agreement, by=staff)
    stored_files = media_files()
    bad = CooperationCondition(direction="outgoing", mobility_type="study", days_per_year=3)

    with pytest.raises(ValidationError):
        services.agreement_save(agreement=agreement, conditions=[bad], by=staff)

    assert media_files() == stored_files
    assert len(stored_files) == 1


def test_archiving_keeps_the_agreement_and_records_why(staff):
    agreement = AgreementFactory()

    archived = services.agreement_archive(agreement=agreement, by=staff)

    assert archived.archived_at is not None
    assert Agreement.objects.filter(pk=agreement.pk).exists()
    latest = Agreement.history.filter(id=agreement.pk).latest("history_date")
    assert latest.history_change_reason == "archived"
    assert latest.history_user == staff


def test_archiving_twice_changes_nothing_the_second_time(staff):
    agreement = AgreementFactory()
    first = services.agreement_archive(agreement=agreement, by=staff)
    versions = agreement.history.count()

    second = services.agreement_archive(agreement=agreement, by=staff)

    assert second.archived_at == first.archived_at
    assert agreement.history.count() == versions


def test_restoring_brings_an_archived_agreement_back(staff):
    agreement = services.agreement_archive(agreement=AgreementFactory(), by=staff)

    restored = services.agreement_restore(agreement=agreement, by=staff)

    assert restored.archived_at is None
    assert Agreement.objects.active().filter(pk=agreement.pk).exists()
    assert agreement.history.latest("history_date").history_change_reason == "restored"


def test_institutions_import_writes_every_row(staff):
    rows = [
        {
            "name": "Turiba University",
            "name_local": "Biznesa augstskola Turība",
            "country": "LV",
            "city": "Riga",
            "website": "",
            "code": "turiba.lv",
            "notes": "",
        },
        {
            "name": "Antalya Bilim University",
            "name_local": "",
            "country": "Turkey",
            "city": "Antalya",
            "website": "",
            "code": "",
            "notes": "",
        },
    ]

    counts = services.institutions_import(rows=rows, by=staff)

    assert counts == {"new": 2, "update": 0, "unchanged": 0}
    assert Institution.objects.get(name="Antalya Bilim University").country.code == "TR"
    assert Institution.history.filter(history_change_reason="imported").count() == 2


def test_institutions_import_writes_nothing_when_one_row_is_bad(staff):
    good = {
        "name": "Turiba University",
        "name_local": "",
        "country": "LV",
        "city": "Riga",
        "website": "",
        "code": "",
        "notes": "",
    }
    bad = {**good, "name": "Atlantis University", "country": "Atlantis"}

    with pytest.raises(ValidationError):
        services.institutions_import(rows=[good, bad], by=staff)

    assert not Institution.objects.exists()


def test_agreements_import_finds_partners_by_code_or_name(staff):
    InstitutionFactory(name="Turiba University", code="turiba.lv")
    InstitutionFactory(name="Antalya Bilim University", country="TR", city="Antalya")
    base = {
        "kind": "agreement",
        "date_signed": "",
        "signatories": "",
        "valid_from": "2023-09-01",
        "valid_until": "",
        "notes": "",
    }
    rows = [
        {**base, "partner": "TURIBA.LV", "number": "T-1"},
        {**base, "partner": "Antalya Bilim University", "number": "A-1", "kind": "memorandum"},
    ]

    services.agreements_import(rows=rows, by=staff)

    assert Agreement.objects.get(number="T-1").partner.name == "Turiba University"
    assert Agreement.objects.get(number="A-1").kind == Agreement.Kind.MEMORANDUM
