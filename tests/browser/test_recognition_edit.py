"""In a real browser: staff edit a grading scale (change a grade, add one), the registrar edits a
conversion table, and the registrar records a transcript whose host credits differ from the
approved curriculum, decides what counts, approves it and opens its public verification page."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from tests import factories
from tests.transcripts import recognition_data as data
from transcripts.models import ConversionTable, Grade, GradingScale, Transcript

pytestmark = pytest.mark.browser

PASSWORD = "demo-pass-123"  # every UserFactory user's password


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def open_scales(page: Page) -> None:
    page.get_by_role("navigation").get_by_role("button", name="Reference data").or_(
        page.get_by_role("navigation").get_by_role("link", name="Reference data")
    ).click()
    page.get_by_role("link", name="Grading scales").click()
    expect(page.locator("main h1")).to_have_text("Grading scales")


def test_staff_change_a_grade_and_add_one_to_a_scale(
    page: Page, live_server, transactional_db, django_db_serialized_rollback
):
    factories.staff_user(username="staff-browser")
    scale = GradingScale.objects.create(name="Georgia — 100-point scale (browser)", country="GE")
    for position, (label, passing) in enumerate([("A", True), ("B", True), ("F", False)], 1):
        Grade.objects.create(scale=scale, label=label, position=position, passing=passing)

    log_in(page, live_server.url, "staff-browser")
    open_scales(page)
    page.get_by_role("link", name=scale.name).click()
    page.get_by_role("link", name="Edit the scale").click()

    page.locator("#id_grades-1-description_en").fill("very good")
    # The blank row takes one new grade; "Add a grade" gives another.
    page.get_by_role("button", name="Add a grade").click()
    page.locator("#id_grades-4-label").fill("C")
    page.locator("#id_grades-4-position").fill("3")
    page.locator("#id_grades-4-description_en").fill("satisfactory")
    page.locator("main").get_by_role("button", name="Save").click()

    expect(page.locator("main .alert-success")).to_contain_text("was saved")
    expect(page.locator("main h1")).to_have_text(scale.name)
    assert list(scale.grades.values_list("label", "position")) == [
        ("A", 1),
        ("B", 2),
        ("C", 3),
        ("F", 4),
    ]
    assert scale.grades.get(label="B").description == "very good"

    # Saved again unchanged, nothing is duplicated.
    page.get_by_role("link", name="Edit the scale").click()
    page.locator("main").get_by_role("button", name="Save").click()
    expect(page.locator("main .alert-success")).to_contain_text("was saved")
    assert scale.grades.count() == 4


def test_the_registrar_edits_a_conversion_table(
    page: Page, live_server, transactional_db, django_db_serialized_rollback
):
    factories.registrar_user(username="registrar-tables")
    table = ConversionTable.objects.get(scale__name="Bulgaria — 2–6 scale", partner=None)
    five = table.scale.grades.get(label="5")
    rows = table.rows.count()

    log_in(page, live_server.url, "registrar-tables")
    open_scales(page)
    page.get_by_role("link", name="Bulgaria — 2–6 scale").click()
    page.get_by_role("link", name=table.name).click()
    page.get_by_role("link", name="Edit the table").click()
    page.locator(f"#id_grade_{five.pk}").select_option(label="B+ (3.33)")
    page.locator("#id_source").fill("Agreed with the registrar in 2024")
    page.locator("main").get_by_role("button", name="Save").click()

    expect(page.locator("main .alert-success")).to_contain_text("was saved")
    expect(page.locator("#conversion-rows")).to_contain_text("B+")
    assert table.rows.get(grade=five).home_grade.label == "B+"
    assert table.rows.count() == rows


def test_the_registrar_decides_a_credit_difference_approves_and_verifies(
    page: Page, live_server, transactional_db, django_db_serialized_rollback
):
    base = live_server.url
    registrar = factories.registrar_user(
        username="registrar-credits", first_name="Айгерім", last_name="Серікова"
    )
    application = data.outgoing_mobility(first_name="Гүлназ", last_name="Жақыпова")
    # Tourism Marketing: the curriculum agreed 6 host credits as 5 home credits.
    data.approve_curriculum(application, registrar, home_credits={"TUR101": "5"})

    log_in(page, base, "registrar-credits")
    page.get_by_role("navigation").get_by_role("link", name="Transcripts").click()
    page.locator("#transcripts").get_by_role("link", name="Жақыпова").click()
    page.locator("main").get_by_role("button", name="Record the transcript").click()
    expect(page.locator("#credit-rule")).to_contain_text("approved individual curriculum")

    rows = page.locator("#lines-rows tr")
    expect(rows).to_have_count(6)  # the five disciplines and a blank row
    expect(rows.nth(0)).to_contain_text("6 host → 5 home")
    for index, grade in enumerate(data.GRADES):
        rows.nth(index).locator("select").first.select_option(grade)
    # The host's transcript gives 7 credits where 6 were agreed.
    page.locator("#id_lines-0-host_credits").fill("7")
    page.locator("#id_header-host_number").fill("TU-2024/117")
    page.get_by_role("button", name="Save and recognise").click()

    first = page.locator("#lines-rows tr").nth(0)
    expect(first).to_contain_text("The host gives 7 credits")
    assert not Transcript.objects.get().lines.exists()
    first.locator("#id_lines-0-credit_basis").select_option("agreed")
    page.get_by_role("button", name="Save and recognise").click()

    # 5 agreed + 6 + 3 + 0 (failed) + 2 (pass/fail)
    expect(page.locator("#total-home")).to_have_text("16")
    expect(page.locator("#credit-decisions")).to_contain_text("Айгерім Серікова")
    expect(page.locator("#credit-decisions")).to_contain_text("the host gives 7 credits")

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#approve").click()
    expect(page.locator("main .alert-success")).to_contain_text("Approved as No.")
    expect(page.locator("#read-only-reason")).to_contain_text("approved and locked")
    transcript = Transcript.objects.get()
    marketing = transcript.lines.get(host_code="TUR101")
    assert (marketing.home_credits, marketing.credit_decided_by) == (Decimal(5), registrar)

    page.locator("#verification-page").click()
    expect(page.locator("#verify-result")).to_contain_text("genuine and in force")
    expect(page.locator("#verify-number")).to_have_text(transcript.number)
    expect(page.locator("#verify-home-credits")).to_have_text("16")
