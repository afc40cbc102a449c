"""Staff take a mobility from review to completion in a real browser; a student fixes a returned
document.

Staff start the review, accept the four documents, approve, issue the rector's order from the list
of approved applications, upload its signed scan on the order's page, record the three signatures
on their pages, upload the signed tripartite agreement, start the mobility and complete it. A
student whose document was returned uploads it again, while the application is under review, and
after the whole application was returned (then resubmits).
"""

import pytest
from playwright.sync_api import Page, expect

from applications import services
from tests import factories
from tests.applications.test_documents import submitted_application, under_review_application
from tests.browser.conftest import TIMEOUT_MS
from tests.browser.test_application_flow import (
    DOCUMENTS,
    document_row,
    log_in,
    main_button,
    state_badge,
    take_step,
)

pytestmark = pytest.mark.browser

RETURN_REASON = "The transcript is not stamped by the dean's office."


def document_state(page: Page, kind: str):
    return document_row(page, kind).locator("[data-document-state]")


def upload(page: Page, kind: str, path) -> None:
    row = document_row(page, kind)
    row.locator("input[type=file]").set_input_files(path)
    row.get_by_role("button", name="Upload").click()
    expect(page.locator("main .alert-success")).to_contain_text("was uploaded")
    expect(document_state(page, kind)).to_have_attribute("data-document-state", "uploaded")


def accept(page: Page, kind: str) -> None:
    document_row(page, kind).get_by_role("button", name="Accept").click()
    expect(document_state(page, kind)).to_have_attribute("data-document-state", "accepted")


def main_link(page: Page, name: str):
    return page.locator("main").get_by_role("link", name=name)


def record_signature(page: Page, party: str) -> None:
    page.locator(f"#signatures tr[data-party='{party}']").get_by_role("link", name="Record").click()
    page.locator("#id_status").select_option("signed")
    page.locator("#id_method").select_option("paper")
    page.locator("#id_signed_on").fill("2023-01-25")
    main_button(page, "Save").click()
    expect(page.locator("main .alert-success")).to_contain_text("The signature is recorded")


@pytest.fixture
def people(transactional_db, django_db_serialized_rollback):
    # Serialized rollback brings back the roles an earlier transactional test may have flushed.
    student = factories.UserFactory(
        username="browser-student", first_name="Elmira", last_name="Omarova"
    )
    staff = factories.staff_user(username="browser-office", first_name="Dana", last_name="Aliyeva")
    return student, staff


@pytest.fixture
def scan(tmp_path):
    path = tmp_path / "signed-scan.pdf"
    path.write_bytes(factories.PDF_BYTES)
    return path


def test_staff_take_a_mobility_from_review_to_completion(page: Page, live_server, people, scan):
    student, staff = people
    application = submitted_application(student)
    base = live_server.url

    log_in(page, base, staff.username)
    page.goto(f"{base}/applications/queue/")
    page.locator("main").get_by_role("link", name=application.reference).click()
    take_step(page, "start_review", "Start the review")
    expect(state_badge(page)).to_have_attribute("data-state", "under_review")
    # Approval waits for the documents, and says so.
    expect(page.locator("[data-blocked=approve]")).to_contain_text("not accepted yet")
    for kind in DOCUMENTS:
        accept(page, kind)
    take_step(page, "approve", "Approve")
    expect(state_badge(page)).to_have_attribute("data-state", "approved")

    # The rector's order, issued from the list of approved applications: tick the participant,
    # give the number, date and language; the order's page then takes its signed scan.
    page.goto(f"{base}/applications/queue/")
    main_link(page, "Issue a rector's order for approved applications").click()
    order_form = page.locator("#group-order-form")
    order_form.get_by_label(application.full_name).check()
    order_form.locator("#id_number").fill("AM-009/2023")
    order_form.locator("#id_issued_on").fill("2023-01-20")
    order_form.locator("#id_language").select_option("ru")
    order_form.get_by_role("button", name="Issue the order").click()
    expect(page.locator("main .alert-success")).to_contain_text("Order No. AM-009/2023 is issued")
    expect(page.locator("#order-print select[name=lang]")).to_have_value("ru")
    with page.expect_download() as download:
        page.locator("#order-print").get_by_role("button", name="Download the order (PDF)").click()
    assert download.value.suggested_filename == "order-AM-009-2023.pdf"
    scan_form = page.locator("#order-scan-form")
    scan_form.locator("input[type=file]").set_input_files(scan)
    scan_form.get_by_role("button", name="Upload the signed order").click()
    expect(page.locator("main .alert-success")).to_contain_text("accepted with it: 1")
    page.locator("#order-participants").get_by_role("link", name=application.full_name).click()
    expect(state_badge(page)).to_have_attribute("data-state", "order_issued")
    expect(document_state(page, "order")).to_have_attribute("data-document-state", "accepted")

    for party in ("participant", "home", "host"):
        record_signature(page, party)
    expect(state_badge(page)).to_have_attribute("data-state", "agreement_signed")

    # Starting waits for the signed tripartite agreement.
    expect(page.locator("[data-blocked=start_mobility]")).to_contain_text("tripartite agreement")
    upload(page, "tripartite", scan)
    accept(page, "tripartite")
    take_step(page, "start_mobility", "Mark the mobility as started")
    expect(state_badge(page)).to_have_attribute("data-state", "in_mobility")
    take_step(page, "complete", "Mark the mobility as completed")
    expect(state_badge(page)).to_have_attribute("data-state", "completed")
    expect(page.locator("main form[data-step]")).to_have_count(0)

    application.refresh_from_db()
    assert application.state == "completed"
    assert application.order_number == "AM-009/2023"
    assert {document.state for document in application.documents.all()} == {"accepted"}
    assert application.signatures.filter(status="signed").count() == 3


def test_a_student_uploads_a_returned_document_again_while_it_is_under_review(
    page: Page, browser, live_server, people, scan
):
    student, staff = people
    application = under_review_application(student, staff)
    transcript = application.documents.get(kind="transcript")
    services.document_return(document=transcript, reason=RETURN_REASON, by=staff)
    base = live_server.url

    log_in(page, base, student.username)
    page.goto(f"{base}{application.get_absolute_url()}")
    expect(state_badge(page)).to_have_attribute("data-state", "under_review")
    expect(page.locator("#to-upload")).to_contain_text(RETURN_REASON)
    expect(document_row(page, "application").locator("input[type=file]")).to_have_count(0)
    upload(page, "transcript", scan)
    expect(state_badge(page)).to_have_attribute("data-state", "under_review")

    office = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    try:
        staff_page = office.new_page()
        staff_page.set_default_timeout(TIMEOUT_MS)
        log_in(staff_page, base, staff.username)
        staff_page.goto(f"{base}{application.get_absolute_url()}")
        expect(document_state(staff_page, "transcript")).to_have_attribute(
            "data-document-state", "uploaded"
        )
        accept(staff_page, "transcript")
    finally:
        office.close()

    transcript.refresh_from_db()
    assert transcript.state == "accepted"
    assert transcript.versions.count() == 2


def test_a_student_fixes_a_returned_document_and_resubmits(page: Page, live_server, people, scan):
    student, staff = people
    application = under_review_application(student, staff)
    transcript = application.documents.get(kind="transcript")
    services.document_return(document=transcript, reason=RETURN_REASON, by=staff)
    services.application_return(
        application=application, comment="Please bring the stamped transcript.", by=staff
    )
    base = live_server.url

    log_in(page, base, student.username)
    page.goto(f"{base}/applications/mine/")
    page.locator("main").get_by_role("link", name=application.reference).click()
    expect(state_badge(page)).to_have_attribute("data-state", "returned")
    expect(document_row(page, "transcript")).to_contain_text(RETURN_REASON)
    expect(page.locator("#history")).to_contain_text("Please bring the stamped transcript.")
    upload(page, "transcript", scan)
    take_step(page, "resubmit", "Submit again")
    expect(state_badge(page)).to_have_attribute("data-state", "resubmitted")

    application.refresh_from_db()
    assert application.state == "resubmitted"
    assert application.documents.get(kind="transcript").versions.count() == 2
