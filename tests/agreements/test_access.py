"""Who may open which page: every page of the register, for every role."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from agreements import services
from agreements.models import Agreement, Institution
from agreements.spreadsheets import INSTITUTION_COLUMNS
from agreements.views import IMPORT_SESSION_KEY
from tests.factories import (
    PDF_BYTES,
    AcademicPeriodFactory,
    AgreementFactory,
    ContactFactory,
    EducationalProgramFactory,
    InstitutionFactory,
    upload,
)


@pytest.fixture
def register(db, staff):
    partner = InstitutionFactory(name="Turiba University", code="turiba.lv")
    ContactFactory(institution=partner)
    partner.city = "Jelgava"
    services.institution_save(institution=partner, by=staff)
    agreement = AgreementFactory(partner=partner, signed_copy=upload("scan.pdf", PDF_BYTES))
    agreement.notes = "Renewed"
    services.agreement_save(agreement=agreement, by=staff)
    return {
        "institution": partner.pk,
        "institution_version": partner.history.earliest("history_date").history_id,
        "agreement": agreement.pk,
        "agreement_version": agreement.history.earliest("history_date").history_id,
        "period": AcademicPeriodFactory().pk,
        "program": EducationalProgramFactory().pk,
    }


def url(name: str, register: dict) -> str:
    args = {
        "institution_export": ["csv"],
        "agreement_export": ["xlsx"],
        "institution_detail": [register["institution"]],
        "institution_edit": [register["institution"]],
        "institution_delete": [register["institution"]],
        "institution_version": [register["institution"], register["institution_version"]],
        "agreement_detail": [register["agreement"]],
        "agreement_edit": [register["agreement"]],
        "agreement_archive": [register["agreement"]],
        "agreement_restore": [register["agreement"]],
        "agreement_signed_copy": [register["agreement"]],
        "agreement_version": [register["agreement"], register["agreement_version"]],
        "agreement_version_signed_copy": [register["agreement"], register["agreement_version"]],
        "period_edit": [register["period"]],
        "program_edit": [register["program"]],
    }.get(name, [])
    return reverse(f"agreements:{name}", args=args)


# Pages that every role of the office may read: staff and registrar.
READ_PAGES = [
    "institution_list",
    "institution_export",
    "institution_detail",
    "institution_version",
    "agreement_list",
    "agreement_export",
    "agreement_detail",
    "agreement_version",
    "agreement_signed_copy",
    "agreement_version_signed_copy",
    "period_list",
    "program_list",
]
# Pages that change the register: staff only.
WRITE_PAGES = [
    "institution_create",
    "institution_edit",
    "agreement_create",
    "agreement_edit",
    "import",
    "period_create",
    "period_edit",
    "program_create",
    "program_edit",
]
# Actions: POST only.
ACTIONS = ["institution_delete", "agreement_archive", "agreement_restore"]


def answers(client, names: list[str], register: dict, *, method: str = "get") -> dict:
    """The status code of each page, by name, so that a failure names every page at fault."""
    return {name: getattr(client, method)(url(name, register)).status_code for name in names}


def every(names: list[str], status: int) -> dict:
    return dict.fromkeys(names, status)


def assert_register_unchanged(register: dict) -> None:
    assert Institution.objects.filter(pk=register["institution"]).exists()
    assert Agreement.objects.get(pk=register["agreement"]).archived_at is None


def test_anonymous_visitor_is_sent_to_the_login_page_from_every_page(register, anonymous_client):
    locations = {
        name: anonymous_client.get(url(name, register)).get("Location")
        for name in READ_PAGES + WRITE_PAGES
    }

    assert locations == {
        name: f"/accounts/login/?next={quote(url(name, register))}"
        for name in READ_PAGES + WRITE_PAGES
    }


def test_anonymous_post_is_sent_to_the_login_page_and_changes_nothing(register, anonymous_client):
    names = ACTIONS + ["import"]
    locations = {name: anonymous_client.post(url(name, register)).get("Location") for name in names}

    assert locations == {
        name: f"/accounts/login/?next={quote(url(name, register))}" for name in names
    }
    assert_register_unchanged(register)


def test_student_cannot_open_any_page_of_the_register(register, student_client):
    names = READ_PAGES + WRITE_PAGES

    assert answers(student_client, names, register) == every(names, 403)


def test_student_cannot_delete_archive_or_restore(register, student_client):
    assert answers(student_client, ACTIONS, register, method="post") == every(ACTIONS, 403)
    assert_register_unchanged(register)


def test_registrar_can_read_every_list_detail_and_export(register, registrar_client):
    assert answers(registrar_client, READ_PAGES, register) == every(READ_PAGES, 200)


def test_registrar_cannot_open_the_pages_that_change_the_register(register, registrar_client):
    assert answers(registrar_client, WRITE_PAGES, register) == every(WRITE_PAGES, 403)


def test_registrar_cannot_delete_archive_or_restore(register, registrar_client):
    assert answers(registrar_client, ACTIONS, register, method="post") == every(ACTIONS, 403)
    assert_register_unchanged(register)


def test_staff_can_open_every_page_of_the_register(register, staff_client):
    names = READ_PAGES + WRITE_PAGES

    assert answers(staff_client, names, register) == every(names, 200)


def test_actions_refuse_a_plain_get(register, staff_client):
    assert answers(staff_client, ACTIONS, register) == every(ACTIONS, 405)
    assert_register_unchanged(register)


def test_staff_can_archive_then_restore(register, staff_client):
    staff_client.post(url("agreement_archive", register))
    assert Agreement.objects.get(pk=register["agreement"]).archived_at is not None

    staff_client.post(url("agreement_restore", register))
    assert Agreement.objects.get(pk=register["agreement"]).archived_at is None


@pytest.mark.parametrize("client_name", ["student_client", "registrar_client"])
def test_only_staff_can_upload_a_spreadsheet(client_name, request, db):
    client = request.getfixturevalue(client_name)
    csv = upload("partners.csv", b"name,country,city\nTuriba University,LV,Riga\n", "text/csv")

    response = client.post(reverse("agreements:import"), {"what": "institutions", "file": csv})

    assert response.status_code == 403
    assert not Institution.objects.exists()


@pytest.mark.parametrize("client_name", ["student_client", "registrar_client"])
def test_confirming_an_import_without_the_right_writes_nothing(client_name, request, db):
    client = request.getfixturevalue(client_name)
    # Even with a checked import waiting in the session, the right is checked again.
    session = client.session
    session[IMPORT_SESSION_KEY] = {
        "token": "t0ken",
        "what": "institutions",
        "rows": [
            dict.fromkeys(INSTITUTION_COLUMNS, "")
            | {"name_en": "Turiba University", "country": "LV", "city_en": "Riga"}
        ],
    }
    session.save()

    response = client.post(reverse("agreements:import_confirm"), {"token": "t0ken"})

    assert response.status_code == 403
    assert not Institution.objects.exists()


def test_anonymous_visitor_cannot_download_an_import_template(anonymous_client, db):
    response = anonymous_client.get(
        reverse("agreements:import_template", args=["agreements", "csv"])
    )

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# Pages outside the register


@pytest.mark.parametrize(
    "path", ["/", "/partners/", "/healthz", "/accounts/login/", "/accounts/signup/"]
)
def test_public_pages_are_open_to_anonymous_visitors(path, anonymous_client, db):
    assert anonymous_client.get(path).status_code == 200


def test_dashboard_needs_a_login(anonymous_client, db):
    response = anonymous_client.get("/dashboard/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/dashboard/"


def test_student_dashboard_shows_no_register_figures(student_client, register):
    response = student_client.get("/dashboard/")

    assert response.status_code == 200
    assert "totals" not in response.context
    assert "expiring" not in response.context


@pytest.mark.parametrize("client_name", ["staff_client", "registrar_client"])
def test_office_dashboard_shows_the_register_figures(client_name, request, register):
    client = request.getfixturevalue(client_name)

    response = client.get("/dashboard/")

    assert response.status_code == 200
    assert response.context["totals"]["foreign"] == 1
    assert response.context["totals"]["in_force"] == 1


ADMIN_MODELS = [
    "institution",
    "contact",
    "agreement",
    "cooperationcondition",
    "academicperiod",
    "educationalprogram",
]


@pytest.mark.parametrize("model", ADMIN_MODELS)
def test_superuser_can_open_every_model_in_the_admin(model, superuser_client, register):
    response = superuser_client.get(reverse(f"admin:agreements_{model}_changelist"))

    assert response.status_code == 200


@pytest.mark.parametrize("client_name", ["staff_client", "registrar_client", "student_client"])
def test_office_roles_are_not_let_into_the_admin(client_name, request, db):
    client = request.getfixturevalue(client_name)

    response = client.get(reverse("admin:agreements_institution_changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
