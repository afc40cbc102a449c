"""A student applies for a mobility in a real browser, and the office takes it to the order.

The student applies in an open round, fills the questionnaire and two curriculum lines, uploads
the four scans and submits; staff start the review, return the transcript with a reason and
return the application; the student sees why, uploads the transcript again and resubmits; staff
accept the documents, approve and issue the order, whose generated PDF then waits to be signed.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from applications.models import Application, ApplicationRound, RoundPlace
from tests import factories
from tests.browser.autocomplete import choose
from tests.browser.conftest import TIMEOUT_MS

pytestmark = pytest.mark.browser

PASSWORD = "demo-pass-123"  # every UserFactory user's password
PARTNER = "Turiba University"
RETURN_REASON = "The transcript scan is unreadable: scan it again at 300 dpi."
RETURN_COMMENT = "Please upload a readable transcript."
DOCUMENTS = ["application", "transcript", "curriculum", "questionnaire"]


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def main_button(page: Page, name: str):
    return page.locator("main").get_by_role("button", name=name, exact=True)


def document_row(page: Page, kind: str):
    return page.locator(f"#documents tr[data-kind='{kind}']")


def state_badge(page: Page):
    return page.locator("main h1 [data-state]")


def upload_document(page: Page, kind: str, path) -> None:
    row = document_row(page, kind)
    row.locator("input[type=file]").set_input_files(path)
    row.get_by_role("button", name="Upload").click()
    expect(page.locator("main .alert-success")).to_contain_text("was uploaded")
    expect(document_row(page, kind).locator("[data-document-state]")).to_have_attribute(
        "data-document-state", "uploaded"
    )


def apply(page: Page, base: str, agreement, program) -> None:
    page.goto(f"{base}/applications/mine/")
    page.locator("main").get_by_role("link", name="Apply").click()
    expect(page.get_by_role("heading", name="Apply for a mobility")).to_be_visible()
    # The name as in the identity card beside the passport's, prefilled from the account.
    expect(page.locator("#id_last_name")).to_have_value("Zhakupova")
    page.locator("#id_last_name_cyrillic").fill("Жақыпова")
    page.locator("#id_first_name_cyrillic").fill("Әйгерім")
    page.locator("#id_patronymic").fill("Серікқызы")
    page.locator("#id_agreement").select_option(str(agreement.pk))
    choose(page, "id_program", program.code, program.code)
    page.locator("#id_year_of_study").fill("2")
    page.locator("#id_language_of_instruction").fill("English")
    main_button(page, "Create my application").click()
    expect(page).to_have_url(re.compile(r"/applications/\d+/$"))
    expect(state_badge(page)).to_have_attribute("data-state", "draft")


def fill_questionnaire(page: Page) -> None:
    page.locator("main").get_by_role("link", name="Fill the questionnaire").click()
    valid_until = timezone.localdate() + timedelta(days=1000)
    page.locator("#id_date_of_birth").fill("2003-04-05")
    page.locator("#id_citizenship").select_option("KZ")
    page.locator("#id_iin").fill("030405600125")
    page.locator("#id_address").fill("Almaty, Abay avenue 10")
    page.locator("#id_id_document_number").fill("N12345678")
    page.locator("#id_id_document_valid_until").fill(valid_until.isoformat())
    page.locator("#id_languages").fill("English B2")
    page.locator("#id_emergency_contact_name").fill("Gulnara Seitova")
    page.locator("#id_emergency_contact_phone").fill("+7 701 555 0000")
    page.locator("#id_motivation").fill("To study hospitality management in Riga.")
    main_button(page, "Save").click()
    expect(page.locator("main .alert-success")).to_contain_text("The questionnaire is saved")


def fill_curriculum(page: Page) -> None:
    page.locator("main").get_by_role("link", name="The individual curriculum").click()
    expect(page.get_by_role("heading", name="Individual curriculum")).to_be_visible()
    rows = [
        ("HM101", "Hotel management", "15", "Hotel business", "15"),
        ("TM202", "Tourism marketing", "15", "Marketing in tourism", "15"),
    ]
    for index, (code, title, credits, home, home_credits) in enumerate(rows):
        if index:
            main_button(page, "Add a discipline").click()
        page.locator(f"#id_lines-{index}-host_code").fill(code)
        page.locator(f"#id_lines-{index}-host_title").fill(title)
        page.locator(f"#id_lines-{index}-host_credits").fill(credits)
        page.locator(f"#id_lines-{index}-term").fill("spring")
        page.locator(f"#id_lines-{index}-home_title").fill(home)
        page.locator(f"#id_lines-{index}-home_credits").fill(home_credits)
    main_button(page, "Save the curriculum").click()
    expect(page.locator("main .alert-success")).to_contain_text("The curriculum is saved")
    expect(page.locator("#curriculum-lines tbody tr")).to_have_count(2)
    expect(page.locator("#total-host")).to_have_text("30.0")
    expect(page.locator("#total-home")).to_have_text("30.0")


def take_step(page: Page, action: str, label: str, comment: str = "") -> None:
    form = page.locator(f"main form[data-step='{action}']")
    if comment:
        form.locator("textarea[name=comment]").fill(comment)
    form.get_by_role("button", name=label).click()


def test_a_student_applies_and_the_office_returns_approves_and_issues_the_order(
    page: Page, browser, live_server, transactional_db, django_db_serialized_rollback, tmp_path
):
    # Serialized rollback brings back the roles (groups made by a data migration) that an
    # earlier transactional test may have flushed away.
    student = factories.UserFactory(
        username="browser-student", first_name="Aigerim", last_name="Zhakupova"
    )
    staff = factories.staff_user(username="browser-office", first_name="Dana", last_name="Aliyeva")
    partner = factories.InstitutionFactory(name=PARTNER, country="LV", city="Riga")
    agreement = factories.covering_agreement(partner=partner)
    program = factories.EducationalProgramFactory(name="Tourism", code="6B11101")
    today = timezone.localdate()
    round_ = ApplicationRound.objects.create(
        title="Spring semester abroad",
        period=factories.AcademicPeriodFactory(),
        opens_on=today - timedelta(days=2),
        closes_on=today + timedelta(days=14),
    )
    RoundPlace.objects.create(round=round_, agreement=agreement, places=2)
    scan = tmp_path / "signed-scan.pdf"
    scan.write_bytes(factories.PDF_BYTES)
    base = live_server.url

    # The student applies, fills the forms, uploads the four scans and submits.
    log_in(page, base, student.username)
    apply(page, base, agreement, program)
    detail_url = page.url
    fill_questionnaire(page)
    fill_curriculum(page)
    page.goto(detail_url)
    for kind in DOCUMENTS:
        upload_document(page, kind, scan)
    take_step(page, "submit", "Submit the application")
    expect(state_badge(page)).to_have_attribute("data-state", "submitted")

    application = Application.objects.get()
    assert application.participant == student
    assert application.partner.name == PARTNER

    # Staff start the review, return the transcript with a reason and return the application.
    office = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    try:
        staff_page = office.new_page()
        staff_page.set_default_timeout(TIMEOUT_MS)
        log_in(staff_page, base, staff.username)
        staff_page.goto(f"{base}/applications/queue/")
        staff_page.locator("main").get_by_role("link", name=application.reference).click()
        expect(staff_page.locator("main h1")).to_contain_text("Zhakupova")
        take_step(staff_page, "start_review", "Start the review")
        expect(state_badge(staff_page)).to_have_attribute("data-state", "under_review")

        transcript = document_row(staff_page, "transcript")
        transcript.locator("input[name=reason]").fill(RETURN_REASON)
        transcript.get_by_role("button", name="Return", exact=True).click()
        expect(
            document_row(staff_page, "transcript").locator("[data-document-state]")
        ).to_have_attribute("data-document-state", "returned")
        take_step(staff_page, "return", "Return for changes", comment=RETURN_COMMENT)
        expect(state_badge(staff_page)).to_have_attribute("data-state", "returned")

        # The student sees why, uploads the transcript again and resubmits.
        page.goto(detail_url)
        expect(state_badge(page)).to_have_attribute("data-state", "returned")
        expect(document_row(page, "transcript")).to_contain_text(RETURN_REASON)
        expect(page.locator("#history")).to_contain_text(RETURN_COMMENT)
        upload_document(page, "transcript", scan)
        take_step(page, "resubmit", "Submit again")
        expect(state_badge(page)).to_have_attribute("data-state", "resubmitted")

        # Staff accept the documents, approve, and issue the order with the PDF the system
        # fills in.
        staff_page.reload()
        take_step(staff_page, "start_review", "Start the review")
        expect(state_badge(staff_page)).to_have_attribute("data-state", "under_review")
        for kind in DOCUMENTS:
            document_row(staff_page, kind).get_by_role("button", name="Accept").click()
            expect(
                document_row(staff_page, kind).locator("[data-document-state]")
            ).to_have_attribute("data-document-state", "accepted")
        take_step(staff_page, "approve", "Approve")
        expect(state_badge(staff_page)).to_have_attribute("data-state", "approved")
        order_form = staff_page.locator("#order-form")
        order_form.locator("#id_number").fill("145-AM")
        order_form.locator("#id_issued_on").fill("2023-01-20")
        order_form.get_by_role("button", name="Issue the order").click()
        expect(staff_page.locator("main .alert-success")).to_contain_text("The order is issued")
        expect(state_badge(staff_page)).to_have_attribute("data-state", "order_issued")
        # The generated order waits for its signed scan; it is offered to download and sign.
        expect(
            document_row(staff_page, "order").locator("[data-document-state]")
        ).to_have_attribute("data-document-state", "missing")
        expect(
            document_row(staff_page, "order").get_by_role(
                "link", name="Download the order to sign (PDF)"
            )
        ).to_be_visible()
        expect(staff_page.locator("main")).to_contain_text("No. 145-AM")
    finally:
        office.close()

    # The student sees the order too.
    page.goto(detail_url)
    expect(state_badge(page)).to_have_attribute("data-state", "order_issued")

    application.refresh_from_db()
    assert application.state == "order_issued"
    assert application.order_number == "145-AM"
    documents = {document.kind: document for document in application.documents.all()}
    assert documents["transcript"].versions.count() == 2
    assert {documents[kind].state for kind in DOCUMENTS} == {"accepted"}
    assert documents["order"].state == "missing"
    assert not documents["order"].versions.exists()
    assert [line.host_title for line in application.curriculum_versions.get().lines.all()] == [
        "Hotel management",
        "Tourism marketing",
    ]
    assert application.questionnaire.id_document_number == "N12345678"
    assert list(
        application.events.exclude(to_state="")
        .order_by("at", "pk")
        .values_list("to_state", flat=True)
    ) == [
        "draft",
        "submitted",
        "under_review",
        "returned",
        "resubmitted",
        "under_review",
        "approved",
        "order_issued",
    ]
