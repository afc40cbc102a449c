import pytest

from agreements.forms import (
    AcademicPeriodForm,
    AgreementForm,
    CooperationConditionForm,
    InstitutionForm,
)
from tests.factories import (
    PDF_BYTES,
    PNG_BYTES,
    AgreementFactory,
    CooperationConditionFactory,
    HomeInstitutionFactory,
    InstitutionFactory,
    upload,
)

pytestmark = pytest.mark.django_db


def agreement_data(partner, **changes) -> dict:
    data = {
        "partner": partner.pk,
        "kind": "agreement",
        "number": "AM-2024-01",
        "date_signed": "2024-01-15",
        "signatories": "Rector\nPartner rector",
        "valid_from": "2024-02-01",
        "valid_until": "2029-01-31",
        "notes": "",
    }
    data.update(changes)
    return data


def test_agreement_form_accepts_a_complete_agreement():
    form = AgreementForm(agreement_data(InstitutionFactory()))

    assert form.is_valid(), form.errors


def test_agreement_form_accepts_an_open_ended_agreement():
    form = AgreementForm(agreement_data(InstitutionFactory(), valid_until=""))

    assert form.is_valid(), form.errors
    assert form.cleaned_data["valid_until"] is None


def test_valid_until_before_valid_from_is_an_error_at_valid_until():
    form = AgreementForm(
        agreement_data(InstitutionFactory(), valid_from="2024-02-01", valid_until="2024-01-31")
    )

    assert not form.is_valid()
    assert form.errors["valid_until"] == [
        "Valid until (31.01.2024) is before valid from (01.02.2024). Check both dates."
    ]


def test_a_duplicate_number_for_the_same_partner_is_refused_by_the_form():
    existing = AgreementFactory(number="AM-2024-01")

    form = AgreementForm(agreement_data(existing.partner, number="AM-2024-01"))

    assert not form.is_valid()
    assert any("already has an agreement with this number" in e for e in form.non_field_errors())


def test_the_same_number_for_another_partner_is_accepted_by_the_form():
    AgreementFactory(number="AM-2024-01")

    form = AgreementForm(agreement_data(InstitutionFactory(), number="AM-2024-01"))

    assert form.is_valid(), form.errors


def test_editing_an_agreement_keeps_its_own_number():
    existing = AgreementFactory(number="AM-2024-01")

    form = AgreementForm(agreement_data(existing.partner, number="AM-2024-01"), instance=existing)

    assert form.is_valid(), form.errors


def test_our_own_university_is_not_offered_as_a_partner():
    home = HomeInstitutionFactory()
    partner = InstitutionFactory()

    form = AgreementForm()

    assert list(form.fields["partner"].queryset) == [partner]
    assert not AgreementForm(agreement_data(home)).is_valid()


def test_a_pdf_signed_copy_is_accepted():
    form = AgreementForm(
        agreement_data(InstitutionFactory()), {"signed_copy": upload("scan.pdf", PDF_BYTES)}
    )

    assert form.is_valid(), form.errors


def test_a_pdf_is_recognised_by_its_content_whatever_its_name_and_type():
    form = AgreementForm(
        agreement_data(InstitutionFactory()),
        {"signed_copy": upload("scan.png", PDF_BYTES, content_type="image/png")},
    )

    assert form.is_valid(), form.errors


def test_a_png_renamed_to_pdf_is_refused():
    form = AgreementForm(
        agreement_data(InstitutionFactory()), {"signed_copy": upload("scan.pdf", PNG_BYTES)}
    )

    assert not form.is_valid()
    assert "not a PDF file" in form.errors["signed_copy"][0]


def test_a_text_file_renamed_to_pdf_is_refused():
    form = AgreementForm(
        agreement_data(InstitutionFactory()),
        {"signed_copy": upload("scan.pdf", b"Signed by both rectors, honestly.\n")},
    )

    assert not form.is_valid()
    assert "not a PDF file" in form.errors["signed_copy"][0]


def test_a_pdf_over_the_size_limit_is_refused(settings):
    settings.MAX_UPLOAD_SIZE = 64
    too_big = PDF_BYTES + b"0" * 64

    form = AgreementForm(
        agreement_data(InstitutionFactory()), {"signed_copy": upload("scan.pdf", too_big)}
    )

    assert not form.is_valid()
    assert "the limit is 64" in form.errors["signed_copy"][0]


def test_a_pdf_exactly_at_the_size_limit_is_accepted(settings):
    settings.MAX_UPLOAD_SIZE = len(PDF_BYTES)

    form = AgreementForm(
        agreement_data(InstitutionFactory()), {"signed_copy": upload("scan.pdf", PDF_BYTES)}
    )

    assert form.is_valid(), form.errors


def test_institution_form_refuses_an_unknown_country():
    form = InstitutionForm(
        {"name_en": "Atlantis University", "country": "XX", "city_en": "Atlantis"}
    )

    assert not form.is_valid()
    assert list(form.errors) == ["country"]


def test_institution_form_refuses_a_code_another_institution_has():
    InstitutionFactory(code="turiba.lv")

    form = InstitutionForm(
        {"name_en": "Another", "country": "LV", "city_en": "Riga", "code": "turiba.lv"}
    )

    assert not form.is_valid()
    assert "Another institution already has this code." in str(form.errors)


def test_institution_form_cannot_mark_an_institution_as_our_own():
    form = InstitutionForm(
        {"name_en": "Sneaky", "country": "KZ", "city_en": "Almaty", "is_home": "on"}
    )

    assert form.is_valid(), form.errors
    assert form.save().is_home is False


def test_condition_form_stores_ticked_study_levels_as_a_list():
    form = CooperationConditionForm(
        {
            "direction": "outgoing",
            "mobility_type": "study",
            "months_per_year": "5",
            "study_levels": ["bachelor", "master"],
            "subject_areas": "1015",
        }
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["study_levels"] == "bachelor,master"


def test_condition_form_ticks_the_stored_study_levels_when_editing():
    condition = CooperationConditionFactory(study_levels="master,doctoral")

    form = CooperationConditionForm(instance=condition)

    assert form.initial["study_levels"] == ["master", "doctoral"]


def test_condition_form_refuses_an_unknown_study_level():
    form = CooperationConditionForm(
        {"direction": "outgoing", "mobility_type": "study", "study_levels": ["postdoc"]}
    )

    assert not form.is_valid()
    assert "study_levels" in form.errors


def test_condition_form_refuses_subject_areas_that_are_not_isced_codes():
    form = CooperationConditionForm(
        {"direction": "outgoing", "mobility_type": "study", "subject_areas": "tourism"}
    )

    assert not form.is_valid()
    assert "ISCED-F codes" in form.errors["subject_areas"][0]


def test_period_form_refuses_years_that_do_not_follow_each_other():
    form = AcademicPeriodForm(
        {
            "academic_year": "2022-2024",
            "term": "autumn",
            "starts_on": "2022-09-01",
            "ends_on": "2023-01-31",
        }
    )

    assert not form.is_valid()
    assert "academic_year" in form.errors
