import copy
import re
from datetime import date, timedelta
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone
from webtest import Upload

from agreements.models import (
    AcademicPeriod,
    Agreement,
    Contact,
    CooperationCondition,
    EducationalProgram,
    Institution,
)
from tests.autocomplete import set_value
from tests.factories import (
    PDF_BYTES,
    PNG_BYTES,
    AgreementFactory,
    ContactFactory,
    CooperationConditionFactory,
    HomeInstitutionFactory,
    InstitutionFactory,
    upload,
)

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def alerts(response) -> list[str]:
    """The messages the page shows, as their text."""
    return [" ".join(alert.get_text().split()) for alert in response.html.select(".alert")]


def fill(form, fields: dict, prefix: str = "") -> None:
    """Types each value into the field of that name (a list ticks those checkboxes)."""
    for name, value in fields.items():
        set_value(form, f"{prefix}{name}", value)


def add_row(form, prefix: str) -> int:
    """What the page's "Add a row" button does (static/js/app.js): copies the formset's empty row,
    numbered next, and counts it in TOTAL_FORMS. Returns the new row's index."""
    index = int(form[f"{prefix}-TOTAL_FORMS"].value)
    template = f"{prefix}-__prefix__-"
    for name, field in list(form.field_order):
        if name and name.startswith(template):
            row_field = copy.copy(field)
            row_field.name = name.replace("__prefix__", str(index))
            if hasattr(field, "options"):
                row_field.options = list(field.options)
            form.fields.setdefault(row_field.name, []).append(row_field)
            form.field_order.append((row_field.name, row_field))
    form[f"{prefix}-TOTAL_FORMS"].force_value(str(index + 1))
    return index


def row_of(form, prefix: str, record) -> int:
    """The index of the row the page renders for a saved record."""
    total = int(form[f"{prefix}-TOTAL_FORMS"].value)
    return next(i for i in range(total) if form[f"{prefix}-{i}-id"].value == str(record.pk))


def institution_form(django_app, user, institution=None):
    if institution is None:
        url = reverse("agreements:institution_create")
    else:
        url = reverse("agreements:institution_edit", args=[institution.pk])
    return django_app.get(url, user=user).forms["institution-form"]


def agreement_form(django_app, user, agreement=None):
    if agreement is None:
        url = reverse("agreements:agreement_create")
    else:
        url = reverse("agreements:agreement_edit", args=[agreement.pk])
    return django_app.get(url, user=user).forms["agreement-form"]


def fill_agreement(form, partner, **fields) -> None:
    fill(form, {"partner": str(partner.pk), **AGREEMENT, **fields})


INSTITUTION = {
    "name_en": "Turiba University",
    "name_local": "Biznesa augstskola Turība",
    "country": "LV",
    "city_en": "Riga",
    "website": "https://www.turiba.lv",
    "code": "turiba.lv",
    "notes": "Strong in tourism.",
}
AGREEMENT = {
    "kind": "memorandum",
    "number": "MoU-2024/3",
    "date_signed": "2024-01-15",
    "signatories": "Rector A.\nRector B.",
    "valid_from": "2024-02-01",
    "valid_until": "2029-01-31",
    "notes": "Renewal talks in 2028.",
}
STUDY_OUT = {
    "direction": "outgoing",
    "mobility_type": "study",
    "places_per_year": "3",
    "months_per_year": "5",
    "subject_areas": "1015, 1013",
    "study_levels": ["bachelor", "master"],
    "language": "English",
    "language_level": "B2",
}
TEACHING_IN = {
    "direction": "incoming",
    "mobility_type": "teaching",
    "places_per_year": "1",
    "days_per_year": "5",
}
PDF_TYPE = "application/pdf"


# Institutions


def test_staff_creates_an_institution_with_its_contact_persons(django_app, staff):
    form = institution_form(django_app, staff)
    fill(form, INSTITUTION)
    contact = {"name": "Ilze Berzina", "position": "Erasmus coordinator", "email": "ilze@turiba.lv"}
    fill(form, contact, "contacts-0-")
    row = add_row(form, "contacts")
    fill(form, {"name": "Janis Ozols", "phone": "+371 6776 2200"}, f"contacts-{row}-")
    add_row(form, "contacts")  # a row added and left empty

    response = form.submit()

    assert response.status_code == 302, response.text
    detail = response.follow()
    institution = Institution.objects.get(name="Turiba University")
    assert detail.request.path == institution.get_absolute_url()
    assert institution.country.code == "LV"
    assert institution.code == "turiba.lv"
    assert institution.is_home is False
    assert sorted(institution.contacts.values_list("name", "email", "phone")) == [
        ("Ilze Berzina", "ilze@turiba.lv", ""),
        ("Janis Ozols", "", "+371 6776 2200"),
    ]
    assert "Turiba University was saved." in alerts(detail)
    assert institution.history.get().history_user == staff


def test_institution_with_an_unknown_country_is_refused_at_the_field(django_app, staff):
    form = institution_form(django_app, staff)
    fill(form, INSTITUTION)
    form["contacts-0-name"] = "Someone"
    # The country list offers no "XX"; forced, to prove the server refuses it too.
    form["country"].force_value("XX")

    response = form.submit()

    assert response.status_code == 200
    assert "country" in response.context["form"].errors
    assert not Institution.objects.exists()
    assert not Contact.objects.exists()


def test_a_contact_with_a_bad_email_is_refused_and_nothing_is_saved(django_app, staff):
    form = institution_form(django_app, staff)
    fill(form, INSTITUTION)
    fill(form, {"name": "Ilze Berzina", "email": "not an address"}, "contacts-0-")

    response = form.submit()

    assert response.status_code == 200
    assert "email" in response.context["formset"].forms[0].errors
    assert not Institution.objects.exists()


def test_staff_edits_an_institution_changes_one_contact_and_removes_another(django_app, staff):
    institution = InstitutionFactory(name="Turiba University", city="Riga")
    kept = ContactFactory(institution=institution, name="Ilze Berzina")
    removed = ContactFactory(institution=institution, name="Janis Ozols")
    form = institution_form(django_app, staff, institution)
    fill(form, {"code": "", "city_en": "Jurmala"})
    form[f"contacts-{row_of(form, 'contacts', kept)}-position"] = "Head of office"
    form[f"contacts-{row_of(form, 'contacts', removed)}-DELETE"] = True
    fill(form, {"name": "Anna Liepa", "email": "anna@turiba.lv"}, "contacts-2-")

    response = form.submit()

    assert response.status_code == 302, response.text
    institution.refresh_from_db()
    assert institution.city == "Jurmala"
    assert institution.code == ""
    assert sorted(institution.contacts.values_list("name", "position")) == [
        ("Anna Liepa", ""),
        ("Ilze Berzina", "Head of office"),
    ]
    assert not Contact.objects.filter(pk=removed.pk).exists()


def test_institution_detail_shows_its_agreements_and_contacts(staff_client):
    institution = InstitutionFactory(name="Turiba University")
    ContactFactory(institution=institution, email="ilze@turiba.lv")
    agreement = AgreementFactory(partner=institution, number="T-2021-7")
    CooperationConditionFactory(agreement=agreement)

    response = staff_client.get(institution.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    assert "T-2021-7" in content
    assert "ilze@turiba.lv" in content
    assert "outgoing · student study" in content


def delete_institution(django_app, user, institution):
    page = django_app.get(institution.get_absolute_url(), user=user)
    return page.forms["institution-delete-form"].submit()


def test_deleting_an_institution_with_agreements_is_refused_with_a_message(django_app, staff):
    institution = InstitutionFactory(name="Turiba University")
    AgreementFactory(partner=institution)
    AgreementFactory(partner=institution, archived_at=timezone.now())

    response = delete_institution(django_app, staff, institution).follow()

    assert response.request.path == institution.get_absolute_url()
    assert Institution.objects.filter(pk=institution.pk).exists()
    assert Agreement.objects.filter(partner=institution).count() == 2
    [message] = alerts(response)
    assert "Turiba University has 2 agreement(s)" in message
    assert "cannot be deleted" in message


def test_deleting_an_institution_without_agreements_works(django_app, staff):
    institution = InstitutionFactory(name="Typo University")
    ContactFactory(institution=institution)

    response = delete_institution(django_app, staff, institution).follow()

    assert response.request.path == reverse("agreements:institution_list")
    assert not Institution.objects.filter(pk=institution.pk).exists()
    assert "Typo University was deleted." in alerts(response)


def test_deleting_a_missing_institution_is_not_found(staff_client):
    # No page shows a delete button for an institution that does not exist.
    response = staff_client.post(reverse("agreements:institution_delete", args=[999]))

    assert response.status_code == 404


# Agreements


def test_staff_creates_an_agreement_with_its_cooperation_conditions(django_app, staff):
    partner = InstitutionFactory()
    form = agreement_form(django_app, staff)
    fill_agreement(form, partner)
    fill(form, STUDY_OUT, "conditions-0-")
    row = add_row(form, "conditions")
    fill(form, TEACHING_IN, f"conditions-{row}-")
    add_row(form, "conditions")  # a row added and left empty

    response = form.submit()

    assert response.status_code == 302, response.text
    detail = response.follow()
    agreement = Agreement.objects.get(number="MoU-2024/3")
    assert detail.request.path == agreement.get_absolute_url()
    assert "Agreement MoU-2024/3 was saved." in alerts(detail)
    assert agreement.partner == partner
    assert agreement.kind == Agreement.Kind.MEMORANDUM
    assert agreement.valid_from == date(2024, 2, 1)
    assert agreement.valid_until == date(2029, 1, 31)
    study = agreement.conditions.get(direction="outgoing", mobility_type="study")
    assert study.study_levels == "bachelor,master"
    assert study.places_per_year == 3
    assert study.language_level == "B2"
    teaching = agreement.conditions.get(direction="incoming", mobility_type="teaching")
    assert teaching.days_per_year == 5
    assert teaching.study_levels == ""
    assert agreement.history.get().history_user == staff
    assert agreement.conditions.count() == 2


def test_new_agreement_form_can_start_from_a_partner(staff_client):
    partner = InstitutionFactory()

    response = staff_client.get(reverse("agreements:agreement_create") + f"?partner={partner.pk}")

    assert response.context["form"].initial["partner"] == str(partner.pk)


def test_valid_until_before_valid_from_is_shown_at_the_field_and_nothing_is_saved(
    django_app, staff
):
    partner = InstitutionFactory()
    form = agreement_form(django_app, staff)
    fill_agreement(form, partner, valid_from="2024-02-01", valid_until="2023-02-01")
    fill(form, STUDY_OUT, "conditions-0-")

    response = form.submit()

    assert response.status_code == 200
    assert response.context["form"].errors["valid_until"] == [
        "Valid until (01.02.2023) is before valid from (01.02.2024). Check both dates."
    ]
    assert "Valid until (01.02.2023) is before valid from (01.02.2024)" in response.text
    assert not Agreement.objects.exists()
    assert not CooperationCondition.objects.exists()


def test_a_duplicate_agreement_number_is_shown_and_nothing_is_saved(django_app, staff):
    existing = AgreementFactory(number="MoU-2024/3")
    form = agreement_form(django_app, staff)
    fill_agreement(form, existing.partner, number="MoU-2024/3")
    fill(form, STUDY_OUT, "conditions-0-")

    response = form.submit()

    assert response.status_code == 200
    assert "already has an agreement with this number" in response.text
    assert Agreement.objects.count() == 1
    assert not CooperationCondition.objects.exists()


def test_two_conditions_for_the_same_direction_and_type_are_refused(django_app, staff):
    partner = InstitutionFactory()
    form = agreement_form(django_app, staff)
    fill_agreement(form, partner)
    fill(form, STUDY_OUT, "conditions-0-")
    row = add_row(form, "conditions")
    fill(form, {**STUDY_OUT, "places_per_year": "9"}, f"conditions-{row}-")

    response = form.submit()

    assert response.status_code == 200
    assert not Agreement.objects.exists()
    assert not CooperationCondition.objects.exists()


def test_staff_mobility_in_months_is_refused_at_the_condition(django_app, staff):
    partner = InstitutionFactory()
    form = agreement_form(django_app, staff)
    fill_agreement(form, partner)
    fill(form, {**TEACHING_IN, "months_per_year": "2"}, "conditions-0-")

    response = form.submit()

    assert response.status_code == 200
    assert "months_per_year" in response.context["formset"].forms[0].errors
    assert not Agreement.objects.exists()


def test_staff_edits_an_agreement_and_its_conditions(django_app, staff):
    agreement = AgreementFactory(number="A-1")
    study = CooperationConditionFactory(agreement=agreement, study_levels="bachelor")
    teaching = CooperationConditionFactory(
        agreement=agreement,
        direction="incoming",
        mobility_type="teaching",
        months_per_year=None,
        days_per_year=5,
        study_levels="",
    )
    form = agreement_form(django_app, staff, agreement)
    fill_agreement(form, agreement.partner, number="A-1", valid_until="")
    study_row = f"conditions-{row_of(form, 'conditions', study)}-"
    fill(form, {**STUDY_OUT, "study_levels": ["doctoral"], "places_per_year": "1"}, study_row)
    form[f"conditions-{row_of(form, 'conditions', teaching)}-DELETE"] = True
    fill(
        form,
        {"direction": "outgoing", "mobility_type": "research", "days_per_year": "10"},
        "conditions-2-",
    )

    response = form.submit()

    assert response.status_code == 302, response.text
    agreement.refresh_from_db()
    assert agreement.valid_until is None
    assert sorted(agreement.conditions.values_list("mobility_type", "study_levels")) == [
        ("research", ""),
        ("study", "doctoral"),
    ]
    study.refresh_from_db()
    assert study.places_per_year == 1


def test_edit_form_ticks_the_stored_study_levels(staff_client):
    condition = CooperationConditionFactory(study_levels="master,doctoral")

    response = staff_client.get(reverse("agreements:agreement_edit", args=[condition.agreement_id]))

    ticked = [
        level
        for level in ("bachelor", "master", "doctoral")
        if re.search(
            rf'<input[^>]*name="conditions-0-study_levels"[^>]*value="{level}"[^>]*checked',
            response.content.decode(),
        )
    ]
    assert ticked == ["master", "doctoral"]


def test_archived_agreement_cannot_be_edited_until_restored(staff_client):
    agreement = AgreementFactory(number="A-1", archived_at=timezone.now())

    # An archived agreement's page offers no edit form; a stale or crafted post is refused.
    response = staff_client.post(
        reverse("agreements:agreement_edit", args=[agreement.pk]),
        {"partner": agreement.partner_id, **AGREEMENT, "number": "A-2"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == agreement.get_absolute_url()
    assert "An archived agreement cannot be edited; restore it first." in messages_of(response)
    agreement.refresh_from_db()
    assert agreement.number == "A-1"


def test_archiving_keeps_the_agreement_and_hides_it_from_the_list(django_app, staff, staff_client):
    agreement = AgreementFactory(number="A-1")
    page = django_app.get(agreement.get_absolute_url(), user=staff)

    response = page.forms["agreement-archive-form"].submit().follow()

    agreement.refresh_from_db()
    assert agreement.archived_at is not None
    assert response.request.path == agreement.get_absolute_url()
    assert any("A-1 was archived" in message for message in alerts(response))
    listed = staff_client.get(reverse("agreements:agreement_list"))
    assert agreement.pk not in ids_listed(listed)
    archived = staff_client.get(reverse("agreements:agreement_list"), {"state": "archived"})
    assert ids_listed(archived) == [agreement.pk]


def test_restoring_brings_the_agreement_back_to_the_list(django_app, staff, staff_client):
    agreement = AgreementFactory(number="A-1", archived_at=timezone.now())
    page = django_app.get(agreement.get_absolute_url(), user=staff)

    response = page.forms["agreement-restore-form"].submit().follow()

    agreement.refresh_from_db()
    assert agreement.archived_at is None
    assert "Agreement A-1 was restored." in alerts(response)
    listed = staff_client.get(reverse("agreements:agreement_list"))
    assert ids_listed(listed) == [agreement.pk]


def test_no_page_deletes_an_agreement(staff_client):
    agreement = AgreementFactory()

    # No page has a form for these addresses; a crafted post finds nothing.
    for path in (f"/agreements/{agreement.pk}/delete/", f"/agreements/{agreement.pk}/remove/"):
        assert staff_client.post(path).status_code == 404

    assert Agreement.objects.filter(pk=agreement.pk).exists()


# The signed copy


def new_agreement_with_scan(django_app, user, scan: Upload, conditions: list[dict] = (), **fields):
    """Fills the new agreement page, attaches the scan and saves it."""
    partner = InstitutionFactory()
    form = agreement_form(django_app, user)
    fill_agreement(form, partner, **fields)
    for index, condition in enumerate(conditions):
        fill(form, condition, f"conditions-{index}-")
    form["signed_copy"] = scan
    return form.submit()


def test_a_png_renamed_to_pdf_is_refused_and_nothing_is_stored(django_app, staff, media_files):
    scan = Upload("signed-agreement.pdf", PNG_BYTES, PDF_TYPE)

    response = new_agreement_with_scan(django_app, staff, scan, [STUDY_OUT])

    assert response.status_code == 200
    assert "not a PDF file" in response.context["form"].errors["signed_copy"][0]
    assert not Agreement.objects.exists()
    assert media_files() == []


def test_a_text_file_renamed_to_pdf_is_refused_and_nothing_is_stored(
    django_app, staff, media_files
):
    scan = Upload("signed.pdf", b"%PD not really\n" * 4, PDF_TYPE)

    response = new_agreement_with_scan(django_app, staff, scan)

    assert "not a PDF file" in response.context["form"].errors["signed_copy"][0]
    assert not Agreement.objects.exists()
    assert media_files() == []


def test_a_scan_over_the_size_limit_is_refused_and_nothing_is_stored(
    django_app, staff, media_files, settings
):
    settings.MAX_UPLOAD_SIZE = 100
    scan = Upload("signed.pdf", PDF_BYTES + b"x" * 100, PDF_TYPE)

    response = new_agreement_with_scan(django_app, staff, scan)

    assert response.status_code == 200
    assert "the limit is 100" in response.context["form"].errors["signed_copy"][0]
    assert not Agreement.objects.exists()
    assert media_files() == []


def test_a_refused_replacement_keeps_the_scan_on_file(django_app, staff, media_files):
    agreement = AgreementFactory(number="A-1", signed_copy=upload("first.pdf", PDF_BYTES))
    before = media_files()
    form = agreement_form(django_app, staff, agreement)
    form["number"] = "A-2"
    form["signed_copy"] = Upload("second.pdf", PNG_BYTES, PDF_TYPE)

    response = form.submit()

    assert response.status_code == 200
    agreement.refresh_from_db()
    assert agreement.number == "A-1"
    assert media_files() == before


def test_a_scan_refused_by_a_bad_condition_leaves_no_file(django_app, staff, media_files):
    scan = Upload("signed.pdf", PDF_BYTES, PDF_TYPE)

    response = new_agreement_with_scan(
        django_app, staff, scan, [{**TEACHING_IN, "months_per_year": "2"}]
    )

    assert response.status_code == 200
    assert not Agreement.objects.exists()
    assert media_files() == []


def test_a_valid_pdf_is_stored_under_a_random_name_and_served_by_the_view(
    django_app, staff, staff_client, registrar_client, media_files
):
    scan = Upload("Rector's signed copy.pdf", PDF_BYTES, PDF_TYPE)

    response = new_agreement_with_scan(django_app, staff, scan, number="T/2024-1")

    assert response.status_code == 302, response.text
    agreement = Agreement.objects.get()
    [stored] = media_files()
    assert stored == agreement.signed_copy.name
    assert stored.startswith("agreements/")
    assert stored.endswith(".pdf")
    assert "Rector" not in stored
    assert len(stored.removeprefix("agreements/").removesuffix(".pdf")) == 32
    detail = response.follow().text
    download_url = reverse("agreements:agreement_signed_copy", args=[agreement.pk])
    assert download_url in detail
    assert stored not in detail
    for client in (staff_client, registrar_client):
        response = client.get(download_url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert 'filename="agreement-T-2024-1.pdf"' in response["Content-Disposition"]
        assert b"".join(response.streaming_content) == PDF_BYTES
    for public_path in (f"/media/{stored}", f"/{stored}"):
        assert staff_client.get(public_path).status_code == 404


def test_student_cannot_download_a_signed_copy(student_client, anonymous_client):
    agreement = AgreementFactory(signed_copy=upload("scan.pdf", PDF_BYTES))
    download_url = reverse("agreements:agreement_signed_copy", args=[agreement.pk])

    assert student_client.get(download_url).status_code == 403
    assert anonymous_client.get(download_url).status_code == 302


def test_agreement_without_a_signed_copy_has_nothing_to_download(staff_client):
    agreement = AgreementFactory()

    response = staff_client.get(reverse("agreements:agreement_signed_copy", args=[agreement.pk]))

    assert response.status_code == 404


def test_replacing_the_scan_keeps_the_earlier_one_readable_from_the_history(
    django_app, staff, staff_client
):
    first_pdf = PDF_BYTES + b"% first\n"
    second_pdf = PDF_BYTES + b"% second\n"
    created = new_agreement_with_scan(
        django_app, staff, Upload("first.pdf", first_pdf, PDF_TYPE), number="A-1"
    )
    assert created.status_code == 302, created.text
    agreement = Agreement.objects.get()
    first_version = agreement.history.get()

    form = agreement_form(django_app, staff, agreement)
    form["signed_copy"] = Upload("second.pdf", second_pdf, PDF_TYPE)
    replaced = form.submit()
    assert replaced.status_code == 302, replaced.text

    current = staff_client.get(reverse("agreements:agreement_signed_copy", args=[agreement.pk]))
    earlier = staff_client.get(
        reverse(
            "agreements:agreement_version_signed_copy",
            args=[agreement.pk, first_version.history_id],
        )
    )
    assert b"".join(current.streaming_content) == second_pdf
    assert b"".join(earlier.streaming_content) == first_pdf


def test_editing_without_a_new_scan_keeps_the_old_one(django_app, staff):
    agreement = AgreementFactory(number="A-1", signed_copy=upload("scan.pdf", PDF_BYTES))
    stored = agreement.signed_copy.name
    form = agreement_form(django_app, staff, agreement)
    form["notes"] = "changed"

    response = form.submit()

    assert response.status_code == 302, response.text
    agreement.refresh_from_db()
    assert agreement.notes == "changed"
    assert agreement.signed_copy.name == stored


# Lists, search and filters


@pytest.fixture
def listed():
    turiba = InstitutionFactory(name="Turiba University", country="LV", city="Riga", code="LV1")
    bilim = InstitutionFactory(name="Antalya Bilim University", country="TR", city="Antalya")
    toraigyrov = InstitutionFactory(name="Toraigyrov University", country="KZ", city="Pavlodar")
    atu = InstitutionFactory(name="Almaty Technological University", country="KZ", city="Almaty")
    today = timezone.localdate()
    return {
        "institutions": {"turiba": turiba, "bilim": bilim, "toraigyrov": toraigyrov, "atu": atu},
        "agreements": {
            "turiba": AgreementFactory(
                partner=turiba,
                number="T-1",
                kind="agreement",
                valid_from=today - timedelta(days=700),
                valid_until=today + timedelta(days=10),
            ),
            "bilim": AgreementFactory(
                partner=bilim,
                number="B-1",
                kind="memorandum",
                valid_from=today - timedelta(days=700),
                valid_until=None,
            ),
            "toraigyrov": AgreementFactory(
                partner=toraigyrov,
                number="P-1",
                kind="contract",
                valid_from=today - timedelta(days=900),
                valid_until=today - timedelta(days=1),
            ),
            "atu": AgreementFactory(
                partner=atu,
                number="A-1",
                kind="agreement",
                valid_from=today + timedelta(days=30),
                valid_until=None,
            ),
            "archived": AgreementFactory(
                partner=atu,
                number="A-0",
                kind="agreement",
                valid_from=today - timedelta(days=2000),
                valid_until=today - timedelta(days=1000),
                archived_at=timezone.now(),
            ),
        },
    }


def names_listed(response) -> set[str]:
    return {item.name for item in response.context["page"].object_list}


# The agreements list pages plain values of its rows (agreements.selectors.agreement_list_values).


def numbers_listed(response) -> set[str]:
    return {row["number"] for row in response.context["page"].object_list}


def ids_listed(response) -> list[int]:
    return [row["pk"] for row in response.context["page"].object_list]


def institutions_found(client, queries: list[dict]) -> dict[str, set[str]]:
    url = reverse("agreements:institution_list")
    return {urlencode(query): names_listed(client.get(url, query)) for query in queries}


def agreements_found(client, queries: list[dict]) -> dict[str, set[str]]:
    url = reverse("agreements:agreement_list")
    return {urlencode(query): numbers_listed(client.get(url, query)) for query in queries}


def test_institution_list_without_filters_lists_every_partner(listed, staff_client):
    assert institutions_found(staff_client, [{}]) == {
        "": {
            "Turiba University",
            "Antalya Bilim University",
            "Toraigyrov University",
            "Almaty Technological University",
        }
    }


def test_institution_list_search_finds_by_name_code_and_city(listed, staff_client):
    found = institutions_found(staff_client, [{"q": "turiba"}, {"q": "lv1"}, {"q": "pavlodar"}])

    assert found == {
        "q=turiba": {"Turiba University"},
        "q=lv1": {"Turiba University"},
        "q=pavlodar": {"Toraigyrov University"},
    }


def test_institution_list_filters_by_country_city_and_scope(listed, staff_client):
    found = institutions_found(
        staff_client,
        [
            {"country": "TR"},
            {"city": "almaty"},
            {"scope": "domestic"},
            {"scope": "foreign"},
            {"scope": "domestic", "q": "Technological"},
        ],
    )

    assert found == {
        "country=TR": {"Antalya Bilim University"},
        "city=almaty": {"Almaty Technological University"},
        "scope=domestic": {"Toraigyrov University", "Almaty Technological University"},
        "scope=foreign": {"Turiba University", "Antalya Bilim University"},
        "scope=domestic&q=Technological": {"Almaty Technological University"},
    }


def test_institution_list_leaves_out_our_own_university(listed, staff_client):
    HomeInstitutionFactory()

    response = staff_client.get(reverse("agreements:institution_list"))

    assert "Our University" not in names_listed(response)


def test_institution_list_counts_agreements_in_force_and_not_archived(listed, staff_client):
    response = staff_client.get(reverse("agreements:institution_list"), {"q": "Almaty"})

    [atu] = response.context["page"].object_list
    assert atu.agreement_count == 1


def test_agreement_list_search_finds_by_number_and_partner(listed, staff_client):
    found = agreements_found(staff_client, [{}, {"q": "bilim"}, {"q": "P-1"}])

    assert found == {
        "": {"T-1", "B-1", "P-1", "A-1"},
        "q=bilim": {"B-1"},
        "q=P-1": {"P-1"},
    }


def test_agreement_list_filters_by_country_city_scope_and_kind(listed, staff_client):
    found = agreements_found(
        staff_client,
        [
            {"country": "LV"},
            {"city": "Pavlodar"},
            {"scope": "domestic"},
            {"scope": "foreign"},
            {"kind": "agreement"},
            {"kind": "memorandum"},
            {"scope": "domestic", "kind": "agreement"},
        ],
    )

    assert found == {
        "country=LV": {"T-1"},
        "city=Pavlodar": {"P-1"},
        "scope=domestic": {"P-1", "A-1"},
        "scope=foreign": {"T-1", "B-1"},
        "kind=agreement": {"T-1", "A-1"},
        "kind=memorandum": {"B-1"},
        "scope=domestic&kind=agreement": {"A-1"},
    }


def test_agreement_list_filters_by_state(listed, staff_client):
    states = ["in_force", "expiring", "expired", "not_yet", "archived"]

    found = agreements_found(staff_client, [{"state": state} for state in states])

    assert found == {
        "state=in_force": {"B-1"},
        "state=expiring": {"T-1"},
        "state=expired": {"P-1"},
        "state=not_yet": {"A-1"},
        "state=archived": {"A-0"},
    }


def test_agreement_list_shows_each_state_badge(listed, staff_client):
    response = staff_client.get(reverse("agreements:agreement_list"))

    content = response.content.decode()
    for state in ("in_force", "expiring", "expired", "not_yet"):
        assert f'data-state="{state}"' in content


def test_an_unknown_filter_value_is_shown_as_an_error_not_a_crash(listed, staff_client):
    response = staff_client.get(reverse("agreements:agreement_list"), {"state": "lost"})

    assert response.status_code == 200
    assert "state" in response.context["filter"].form.errors


def test_institution_list_is_paginated(staff_client):
    InstitutionFactory.create_batch(30)

    first = staff_client.get(reverse("agreements:institution_list"))
    second = staff_client.get(reverse("agreements:institution_list"), {"page": 2})

    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5
    assert names_listed(first).isdisjoint(names_listed(second))
    assert "page=2" in first.content.decode()


def test_agreement_list_pages_keep_the_filters(staff_client):
    AgreementFactory.create_batch(27, kind="contract")
    AgreementFactory.create_batch(3, kind="memorandum")

    first = staff_client.get(reverse("agreements:agreement_list"), {"kind": "contract"})
    second = staff_client.get(reverse("agreements:agreement_list"), {"kind": "contract", "page": 2})

    assert first.context["page"].paginator.count == 27
    assert len(second.context["page"].object_list) == 2
    assert {row["kind"] for row in second.context["page"].object_list} == {"contract"}
    assert 'href="?kind=contract&page=2"' in first.content.decode()


def test_a_page_past_the_end_shows_the_last_page(staff_client):
    InstitutionFactory.create_batch(3)

    response = staff_client.get(reverse("agreements:institution_list"), {"page": 99})

    assert response.status_code == 200
    assert response.context["page"].number == 1


def test_dashboard_lists_agreements_expiring_soon(listed, staff_client):
    response = staff_client.get("/dashboard/")

    assert [agreement.number for agreement in response.context["expiring"]] == ["T-1"]
    by_country = {row["partner__country"]: row["total"] for row in response.context["by_country"]}
    assert by_country == {"KZ": 2, "LV": 1, "TR": 1}


# The public page


@pytest.fixture
def public_register():
    HomeInstitutionFactory()
    turiba = InstitutionFactory(
        name="Turiba University",
        country="LV",
        city="Riga",
        notes="Internal: renewal is contested",
    )
    ContactFactory(institution=turiba, email="secret.person@turiba.lv", phone="+371 2222 3333")
    AgreementFactory(partner=turiba, notes="Confidential: budget 5000 EUR")
    # Every other partner listed has an agreement in force too (the factory's runs to 2030).
    for name, country, city in [
        ("RISEBA University", "LV", "Riga"),
        ("Antalya Bilim University", "TR", "Antalya"),
        ("Almaty Technological University", "KZ", "Almaty"),
        ("Kazakh-American Free University", "KZ", "Ust-Kamenogorsk"),
        ("Toraigyrov University", "KZ", "Pavlodar"),
        ("Pavlodar Pedagogical University", "KZ", "Pavlodar"),
    ]:
        AgreementFactory(partner=InstitutionFactory(name=name, country=country, city=city))


def test_public_page_lists_partners_by_country_and_city_with_counts(
    public_register, anonymous_client
):
    response = anonymous_client.get("/partners/")

    assert response.status_code == 200
    foreign = {group["country"].code: group for group in response.context["foreign"]}
    assert {code: group["count"] for code, group in foreign.items()} == {"LV": 2, "TR": 1}
    assert [city for city, _partners in foreign["LV"]["cities"]] == ["Riga"]
    assert response.context["foreign_count"] == 3
    domestic = response.context["domestic"]
    assert domestic["count"] == 4
    assert [(city, len(partners)) for city, partners in domestic["cities"]] == [
        ("Almaty", 1),
        ("Pavlodar", 2),
        ("Ust-Kamenogorsk", 1),
    ]
    content = response.content.decode()
    assert "Toraigyrov University" in content
    assert "Antalya Bilim University" in content
    assert 'data-country="LV"' in content
    assert 'data-city="Pavlodar"' in content


def test_public_page_lists_only_partners_with_an_agreement_in_force_today(anonymous_client):
    today = timezone.localdate()
    in_force = AgreementFactory(
        partner__name="In Force University",
        valid_from=today - timedelta(days=365),
        valid_until=today,
    )
    open_ended = AgreementFactory(
        partner__name="Open-ended University", valid_from=today, valid_until=None
    )
    AgreementFactory(
        partner__name="Expired University",
        valid_from=today - timedelta(days=800),
        valid_until=today - timedelta(days=1),
    )
    AgreementFactory(partner__name="Archived University", archived_at=timezone.now())
    AgreementFactory(
        partner__name="Future University",
        valid_from=today + timedelta(days=1),
        valid_until=today + timedelta(days=900),
    )
    InstitutionFactory(name="No Agreement University")
    # A partner with an expired agreement and one in force is listed once.
    AgreementFactory(
        partner=in_force.partner,
        valid_from=today - timedelta(days=900),
        valid_until=today - timedelta(days=400),
    )

    response = anonymous_client.get("/partners/")

    listed = [
        partner.name
        for group in response.context["foreign"]
        for _city, partners in group["cities"]
        for partner in partners
    ]
    assert sorted(listed) == sorted([in_force.partner.name, open_ended.partner.name])
    content = response.content.decode()
    for name in ["Expired", "Archived", "Future", "No Agreement"]:
        assert f"{name} University" not in content


def test_public_page_does_not_list_our_own_university(public_register, anonymous_client):
    response = anonymous_client.get("/partners/")

    assert "Our University" not in response.content.decode()


def test_public_page_shows_no_contact_details_or_internal_notes(public_register, anonymous_client):
    content = anonymous_client.get("/partners/").content.decode()

    assert "secret.person@turiba.lv" not in content
    assert "+371 2222 3333" not in content
    assert "renewal is contested" not in content
    assert "budget 5000" not in content
    assert "mailto:" not in content


def test_public_page_with_no_partner_says_so(anonymous_client):
    response = anonymous_client.get("/partners/")

    assert response.status_code == 200
    assert response.context["foreign"] == []
    assert response.context["domestic"] is None


# Reference data


def reference_form(django_app, user, name: str, *args):
    page = django_app.get(reverse(f"agreements:{name}", args=args), user=user)
    return page.forms["reference-form"]


AUTUMN_2024 = {
    "academic_year": "2024-2025",
    "term": "autumn",
    "starts_on": "2024-09-01",
    "ends_on": "2025-01-31",
}


def test_staff_adds_an_academic_period(django_app, staff):
    form = reference_form(django_app, staff, "period_create")
    fill(form, AUTUMN_2024)

    response = form.submit()

    assert response.status_code == 302, response.text
    assert AcademicPeriod.objects.get().academic_year == "2024-2025"


def test_a_period_ending_before_it_starts_is_refused(django_app, staff):
    form = reference_form(django_app, staff, "period_create")
    fill(form, {**AUTUMN_2024, "starts_on": "2025-01-31", "ends_on": "2024-09-01"})

    response = form.submit()

    assert response.status_code == 200
    assert "A period must end on or after the day it starts." in response.text
    assert not AcademicPeriod.objects.exists()


def test_staff_adds_and_edits_an_educational_program(django_app, staff):
    form = reference_form(django_app, staff, "program_create")
    fill(form, {"name_en": "Tourism", "code": "6B11101", "level": "bachelor"})
    assert form.submit().status_code == 302
    program = EducationalProgram.objects.get()

    form = reference_form(django_app, staff, "program_edit", program.pk)
    assert (form["name_en"].value, form["code"].value) == ("Tourism", "6B11101")
    fill(form, {"name_en": "International Tourism", "level": "master"})
    assert form.submit().status_code == 302

    program.refresh_from_db()
    assert (program.name, program.level) == ("International Tourism", "master")
    assert program.history.latest("history_date").history_user == staff


def test_a_duplicate_program_code_is_refused(django_app, staff):
    EducationalProgram.objects.create(name="Tourism", code="6B11101")
    form = reference_form(django_app, staff, "program_create")
    fill(form, {"name_en": "Tourism again", "code": "6B11101", "level": "bachelor"})

    response = form.submit()

    assert response.status_code == 200
    assert EducationalProgram.objects.count() == 1


def test_dashboard_counts_every_expiring_agreement_not_only_those_listed(staff_client):
    today = timezone.localdate()
    for _ in range(23):
        AgreementFactory(valid_from=today - timedelta(days=300), valid_until=today + timedelta(10))

    response = staff_client.get("/dashboard/")

    assert response.context["expiring_count"] == 23
    assert len(response.context["expiring"]) == 20
