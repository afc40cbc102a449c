"""Every page of the register with a POST form: the role that may save it sees the form and saves
it as rendered; the roles that may not see no form or button, and are refused if they post."""

import pytest
from django.urls import reverse

from agreements.models import AcademicPeriod, Agreement, EducationalProgram, Institution
from tests.factories import (
    AcademicPeriodFactory,
    AgreementFactory,
    CooperationConditionFactory,
    EducationalProgramFactory,
    InstitutionFactory,
)

pytestmark = pytest.mark.django_db

# The forms of the register's pages, by the id each <form> carries.
REGISTER_FORMS = {
    "institution-form",
    "institution-delete-form",
    "agreement-form",
    "agreement-archive-form",
    "agreement-restore-form",
    "import-form",
    "import-confirm-form",
    "reference-form",
}


def register_forms(page) -> set[str]:
    return set(page.forms) & REGISTER_FORMS


def links_to(page, *names_and_args) -> list[str]:
    hrefs = {a.get("href", "").split("?")[0] for a in page.html.select("a")}
    return [
        reverse(name, args=args)
        for name, *args in names_and_args
        if reverse(name, args=args) in hrefs
    ]


@pytest.fixture
def register():
    partner = InstitutionFactory(name="Turiba University", country="LV", city="Riga")
    agreement = CooperationConditionFactory(agreement__partner=partner).agreement
    archived = AgreementFactory(partner=partner, archived_at="2025-01-01T00:00Z")
    return {
        "partner": partner,
        "agreement": agreement,
        "archived": archived,
        "period": AcademicPeriodFactory(),
        "program": EducationalProgramFactory(),
    }


# Staff: each form is shown and saves.


def test_staff_adds_a_partner_through_the_form(django_app, staff):
    form = django_app.get(reverse("agreements:institution_create"), user=staff).forms[
        "institution-form"
    ]
    form["name_en"] = "RISEBA University"
    form["country"] = "LV"
    form["city_en"] = "Riga"
    form["contacts-0-name"] = "Anna Liepa"

    form.submit().follow()

    riseba = Institution.objects.get(name="RISEBA University")
    assert list(riseba.contacts.values_list("name", flat=True)) == ["Anna Liepa"]
    assert riseba.history.get().history_user == staff


def test_staff_deletes_a_partner_without_agreements_through_its_button(django_app, staff):
    mistake = InstitutionFactory(name="Entered By Mistake University")
    page = django_app.get(mistake.get_absolute_url(), user=staff)

    page.forms["institution-delete-form"].submit().follow()

    assert not Institution.objects.filter(pk=mistake.pk).exists()


def test_staff_adds_an_agreement_through_the_form(django_app, staff, register):
    url = reverse("agreements:agreement_create") + f"?partner={register['partner'].pk}"
    form = django_app.get(url, user=staff).forms["agreement-form"]
    form["number"] = "T-2026/1"
    form["valid_from"] = "2026-09-01"
    form["conditions-0-direction"] = "incoming"
    form["conditions-0-mobility_type"] = "study"

    form.submit().follow()

    agreement = Agreement.objects.get(number="T-2026/1")
    assert agreement.partner == register["partner"]
    assert agreement.conditions.count() == 1


def test_staff_archives_then_restores_an_agreement_through_its_buttons(django_app, staff, register):
    agreement = register["agreement"]
    page = django_app.get(agreement.get_absolute_url(), user=staff)
    assert register_forms(page) == {"agreement-archive-form"}
    assert links_to(page, ("agreements:agreement_edit", agreement.pk))

    archived_page = page.forms["agreement-archive-form"].submit().follow()

    agreement.refresh_from_db()
    assert agreement.is_archived
    assert register_forms(archived_page) == {"agreement-restore-form"}
    assert not links_to(archived_page, ("agreements:agreement_edit", agreement.pk))
    assert "Restore it to edit it again." in archived_page.html.select_one("#read-only-reason").text

    archived_page.forms["agreement-restore-form"].submit().follow()

    agreement.refresh_from_db()
    assert not agreement.is_archived
    assert [r.history_change_reason for r in agreement.history.order_by("history_date")][1:] == [
        "archived",
        "restored",
    ]


def test_staff_adds_an_academic_period_and_a_program_through_their_forms(django_app, staff):
    form = django_app.get(reverse("agreements:period_create"), user=staff).forms["reference-form"]
    form["academic_year"] = "2026-2027"
    form["term"] = "autumn"
    form["starts_on"] = "2026-09-01"
    form["ends_on"] = "2027-01-31"
    form.submit().follow()

    form = django_app.get(reverse("agreements:program_create"), user=staff).forms["reference-form"]
    form["name_en"] = "Restaurant and hotel business"
    form["code"] = "6B11102"
    form.submit().follow()

    assert AcademicPeriod.objects.filter(academic_year="2026-2027", term="autumn").exists()
    assert EducationalProgram.objects.get(code="6B11102").history.get().history_user == staff


def test_staff_sees_every_way_to_change_the_register(django_app, staff, register):
    partner, period = register["partner"], register["period"]

    institution = django_app.get(partner.get_absolute_url(), user=staff)
    institutions = django_app.get(reverse("agreements:institution_list"), user=staff)
    periods = django_app.get(reverse("agreements:period_list"), user=staff)

    assert links_to(institution, ("agreements:institution_edit", partner.pk))
    assert institution.html.select_one("#read-only-reason") is None
    assert links_to(institutions, ("agreements:import",), ("agreements:institution_create",)) == [
        reverse("agreements:import"),
        reverse("agreements:institution_create"),
    ]
    assert links_to(periods, ("agreements:period_create",), ("agreements:period_edit", period.pk))


# The registrar reads the register: no form, no button, and a post is refused.


def test_registrar_reads_an_agreement_without_any_button(django_app, registrar, register):
    for agreement in (register["agreement"], register["archived"]):
        page = django_app.get(agreement.get_absolute_url(), user=registrar)

        assert register_forms(page) == set()
        assert not links_to(page, ("agreements:agreement_edit", agreement.pk))
        reason = page.html.select_one("#read-only-reason").text
        assert "only the mobility office staff change agreements" in reason


def test_registrar_reads_a_partner_without_any_button(django_app, registrar, register):
    partner = register["partner"]

    page = django_app.get(partner.get_absolute_url(), user=registrar)

    assert register_forms(page) == set()
    assert not links_to(
        page,
        ("agreements:institution_edit", partner.pk),
        ("agreements:agreement_create",),
    )
    assert "only the mobility office staff" in page.html.select_one("#read-only-reason").text


def test_registrar_lists_offer_nothing_to_add_edit_or_import(django_app, registrar, register):
    pages = {
        name: django_app.get(reverse(f"agreements:{name}"), user=registrar)
        for name in ["institution_list", "agreement_list", "period_list", "program_list"]
    }

    offered = {
        name: links_to(
            page,
            ("agreements:import",),
            ("agreements:institution_create",),
            ("agreements:agreement_create",),
            ("agreements:period_create",),
            ("agreements:program_create",),
            ("agreements:period_edit", register["period"].pk),
            ("agreements:program_edit", register["program"].pk),
        )
        for name, page in pages.items()
    }
    assert offered == dict.fromkeys(pages, [])
    assert pages["period_list"].html.select_one("#read-only-reason") is not None


def write_urls(register) -> dict[str, str]:
    return {
        "institution_create": reverse("agreements:institution_create"),
        "institution_edit": reverse("agreements:institution_edit", args=[register["partner"].pk]),
        "institution_delete": reverse(
            "agreements:institution_delete", args=[register["partner"].pk]
        ),
        "agreement_create": reverse("agreements:agreement_create"),
        "agreement_edit": reverse("agreements:agreement_edit", args=[register["agreement"].pk]),
        "agreement_archive": reverse(
            "agreements:agreement_archive", args=[register["agreement"].pk]
        ),
        "agreement_restore": reverse(
            "agreements:agreement_restore", args=[register["archived"].pk]
        ),
        "import": reverse("agreements:import"),
        "import_confirm": reverse("agreements:import_confirm"),
        "period_create": reverse("agreements:period_create"),
        "period_edit": reverse("agreements:period_edit", args=[register["period"].pk]),
        "program_create": reverse("agreements:program_create"),
        "program_edit": reverse("agreements:program_edit", args=[register["program"].pk]),
    }


def snapshot():
    return (
        sorted(Institution.objects.values_list("name", "city")),
        sorted(Agreement.objects.values_list("number", "notes", "archived_at")),
        sorted(AcademicPeriod.objects.values_list("academic_year", "term", "ends_on")),
        sorted(EducationalProgram.objects.values_list("code", "name")),
    )


# A post with data that would be valid for staff: refused all the same.
POSTED = {
    "name_en": "Changed",
    "country": "LV",
    "city_en": "Changed",
    "number": "X-1",
    "kind": "agreement",
    "valid_from": "2026-01-01",
    "academic_year": "2030-2031",
    "term": "autumn",
    "starts_on": "2030-09-01",
    "ends_on": "2031-01-31",
    "code": "6B99999",
    "level": "bachelor",
    "contacts-TOTAL_FORMS": "0",
    "contacts-INITIAL_FORMS": "0",
    "conditions-TOTAL_FORMS": "0",
    "conditions-INITIAL_FORMS": "0",
}


@pytest.mark.parametrize("client_name", ["registrar_client", "student_client"])
def test_roles_without_the_right_are_refused_on_every_post(client_name, request, register):
    client = request.getfixturevalue(client_name)
    before = snapshot()

    answers = {
        name: client.post(url, POSTED).status_code for name, url in write_urls(register).items()
    }

    assert answers == dict.fromkeys(answers, 403)
    assert snapshot() == before


def test_anonymous_posts_are_sent_to_the_login_page(anonymous_client, register):
    before = snapshot()

    locations = {
        name: anonymous_client.post(url, POSTED).get("Location", "")
        for name, url in write_urls(register).items()
    }

    assert {
        name: location.startswith("/accounts/login/") for name, location in locations.items()
    } == (dict.fromkeys(locations, True))
    assert snapshot() == before
