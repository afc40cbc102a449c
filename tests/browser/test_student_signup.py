"""A new student from sign-up to submission, and staff editing a round, in a real browser.

The student registers, finds the open round on the dashboard, applies (the form shows each
partner's places left and language), fills the questionnaire and the curriculum, uploads three
scans, tries to submit and reads the checklist of what is missing (the last scan, and the
confirmation of their e-mail address), follows the link e-mailed to them, uploads the last scan
and submits; the office receives the e-mail. Staff change a round's places, add a partner, and
accept one whose agreement ends too early with a reason.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from applications.models import Application, ApplicationRound, RoundPlace
from tests import factories
from tests.browser.autocomplete import choose
from tests.browser.test_application_flow import (
    document_row,
    fill_curriculum,
    fill_questionnaire,
    log_in,
    main_button,
    state_badge,
    take_step,
    upload_document,
)

pytestmark = pytest.mark.browser

ROUND = "Spring semester abroad"


@pytest.fixture
def world(transactional_db, django_db_serialized_rollback):
    """Staff, two partners (one in an open round) and a program."""
    staff = factories.staff_user(
        username="browser-office", first_name="Dana", last_name="Aliyeva", email="office@uni.kz"
    )
    turiba = factories.covering_agreement(
        partner=factories.InstitutionFactory(name="Turiba University", country="LV", city="Riga"),
        number="TU-2021/05",
    )
    akdeniz = factories.covering_agreement(
        partner=factories.InstitutionFactory(
            name="Akdeniz University", country="TR", city="Antalya"
        ),
        number="AK-2020/11",
    )
    program = factories.EducationalProgramFactory(name="Tourism", code="6B11101")
    period = factories.AcademicPeriodFactory()
    today = timezone.localdate()
    round_ = ApplicationRound.objects.create(
        title=ROUND,
        period=period,
        opens_on=today - timedelta(days=2),
        closes_on=today + timedelta(days=14),
    )
    RoundPlace.objects.create(round=round_, agreement=turiba, places=2)
    return {
        "staff": staff,
        "turiba": turiba,
        "akdeniz": akdeniz,
        "program": program,
        "period": period,
        "round": round_,
    }


def test_a_new_student_signs_up_applies_sees_the_checklist_and_submits(
    page: Page, live_server, world, tmp_path, mailoutbox
):
    scan = tmp_path / "signed-scan.pdf"
    scan.write_bytes(factories.PDF_BYTES)
    base = live_server.url

    # Sign up from the home page.
    page.goto(f"{base}/")
    page.locator("main").get_by_role("link", name="Create an account").click()
    page.locator("#id_username").fill("aru.seitova")
    page.locator("#id_first_name").fill("Aru")
    page.locator("#id_last_name").fill("Seitova")
    page.locator("#id_email").fill("aru.seitova@student.uni.kz")
    page.locator("#id_password1").fill("Spring-semester-2023")
    page.locator("#id_password2").fill("Spring-semester-2023")
    main_button(page, "Create my account").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.locator("main")).to_contain_text("We sent a link to aru.seitova@student.uni.kz")
    (confirmation,) = [mail for mail in mailoutbox if mail.to == ["aru.seitova@student.uni.kz"]]
    assert confirmation.subject == "Confirm your e-mail address for the Mobility Office"

    # The dashboard points to the open round.
    rounds = page.locator("#open-rounds")
    expect(rounds).to_contain_text("Apply for a mobility")
    expect(rounds).to_contain_text(ROUND)
    rounds.get_by_role("link", name=f"Apply in “{ROUND}”").click()

    # The form shows the partner's places left and the language it asks for.
    expect(page.get_by_role("heading", name="Apply for a mobility")).to_be_visible()
    offer = page.locator(f"#partner-offers tr[data-agreement='{world['turiba'].pk}']")
    expect(offer).to_contain_text("Turiba University")
    expect(offer.locator("[data-places-left]")).to_have_text("3 of 3")
    expect(offer.locator("[data-language]")).to_contain_text("English")
    expect(offer.locator("[data-language]")).to_contain_text("level B2")
    page.locator("#id_agreement").select_option(str(world["turiba"].pk))
    choose(page, "id_program", world["program"].code, world["program"].code)
    page.locator("#id_year_of_study").fill("2")
    page.locator("#id_language_of_instruction").fill("English")
    main_button(page, "Create my application").click()
    expect(page).to_have_url(re.compile(r"/applications/\d+/$"))
    expect(state_badge(page)).to_have_attribute("data-state", "draft")
    detail_url = page.url

    # The questionnaire and the curriculum, then three of the four scans.
    fill_questionnaire(page)
    fill_curriculum(page)
    page.goto(detail_url)
    for kind in ("application", "curriculum", "questionnaire"):
        upload_document(page, kind, scan)

    # Submitting early shows what is missing, with a link to fix it.
    take_step(page, "submit", "Submit the application")
    expect(page.locator("main .alert-danger")).to_have_count(1)
    expect(page.locator("main .alert-danger")).to_contain_text("cannot be submitted yet")
    checklist = page.locator("#checklist")
    expect(checklist).to_contain_text("The transcript is not uploaded yet.")
    expect(checklist.locator("[data-missing='email']")).to_contain_text(
        "Confirm your e-mail address aru.seitova@student.uni.kz"
    )
    expect(checklist.locator("li")).to_have_count(2)
    checklist.get_by_role("link", name="Upload it below").click()
    expect(state_badge(page)).to_have_attribute("data-state", "draft")

    # The link in the e-mail confirms the address (the e-mail's links name SITE_URL).
    link = re.search(r"https?://\S+(/accounts/confirm-email/\S+/)", confirmation.body).group(1)
    page.goto(f"{base}{link}")
    main_button(page, "Confirm my e-mail address").click()
    expect(page.locator("main .alert-success")).to_contain_text(
        "your e-mail address aru.seitova@student.uni.kz is confirmed"
    )
    page.goto(detail_url)
    expect(page.locator("#checklist li")).to_have_count(1)

    # The last scan, and the application goes.
    upload_document(page, "transcript", scan)
    expect(page.locator("#checklist")).to_have_count(0)
    take_step(page, "submit", "Submit the application")
    expect(state_badge(page)).to_have_attribute("data-state", "submitted")
    expect(document_row(page, "transcript").locator("[data-document-state]")).to_have_attribute(
        "data-document-state", "uploaded"
    )

    application = Application.objects.get(participant__username="aru.seitova")
    assert application.submitted_at is not None
    assert application.language == "en"
    to_office = [mail for mail in mailoutbox if mail.to == ["office@uni.kz"]]
    assert [mail.subject for mail in to_office] == [
        f"Application {application.reference} of Seitova Aru was submitted"
    ]
    to_student = [mail for mail in mailoutbox if mail.to == ["aru.seitova@student.uni.kz"]]
    assert [mail.subject for mail in to_student] == [
        "Confirm your e-mail address for the Mobility Office",
        f"Your application {application.reference} was submitted",
    ]

    # The office finds it in the queue with the time it was submitted.
    page.context.clear_cookies()
    log_in(page, base, world["staff"].username)
    page.goto(f"{base}/applications/queue/")
    row = page.locator(f"#queue tr[data-reference='{application.reference}']")
    expect(row).to_contain_text("Seitova Aru")
    expect(row.locator("[data-submitted] time")).to_be_visible()


def test_staff_change_a_rounds_places_add_partners_and_accept_one_anyway(
    page: Page, live_server, world
):
    base = live_server.url
    round_ = world["round"]
    short = factories.covering_agreement(
        partner=factories.InstitutionFactory(name="Short University", country="BG", city="Varna"),
        number="SU-1",
        valid_until=world["period"].starts_on + timedelta(days=30),
    )

    log_in(page, base, world["staff"].username)
    page.goto(f"{base}/applications/rounds/")
    page.locator("main").get_by_role("link", name=ROUND).click()
    page.locator("main").get_by_role("link", name="Edit").click()
    expect(page.get_by_role("heading", name="Edit the round")).to_be_visible()

    # Saved unchanged, nothing moves.
    main_button(page, "Save").click()
    expect(page.locator("main .alert-success")).to_contain_text("The round is saved.")
    assert list(round_.places.values_list("agreement", "places")) == [(world["turiba"].pk, 2)]

    # Four places for Turiba, Akdeniz added in an empty row, Short University in a new one.
    page.locator("main").get_by_role("link", name="Edit").click()
    page.locator("#id_places-0-places").fill("4")
    choose(page, "id_places-1-agreement", "akdeniz", "AK-2020/11")
    page.locator("#id_places-1-places").fill("1")
    main_button(page, "Add a partner").click()
    # The search offers only agreements that qualify; this one, sent all the same (a page
    # opened before the agreement changed), is refused with the override offered.
    page.evaluate(
        """([id, value]) => {
          const tom = document.getElementById(id).tomselect;
          tom.addOption({id: value, text: "SU-1"});
          tom.setValue(value);
        }""",
        ["id_places-3-agreement", str(short.pk)],
    )
    main_button(page, "Save").click()

    # Its agreement ends before the period does: the page says so and offers the override.
    expect(page.locator("main .alert-danger")).to_contain_text("The round was not saved")
    expect(page.locator("main")).to_contain_text("does not cover the whole of")
    page.locator("#id_places-3-override").check()
    page.locator("#id_places-3-override_reason").fill("The renewal is signed; the copy follows.")
    main_button(page, "Save").click()
    expect(page.locator("main .alert-success")).to_contain_text("The round is saved.")

    places = page.locator("#round-places")
    expect(places.locator("tbody tr")).to_have_count(3)
    expect(places.locator(f"tr[data-agreement='{world['turiba'].pk}']")).to_contain_text("4")
    expect(places.locator(f"tr[data-agreement='{short.pk}'] [data-override]")).to_contain_text(
        "The renewal is signed"
    )
    assert sorted(round_.places.values_list("agreement__number", "places")) == [
        ("AK-2020/11", 1),
        ("SU-1", None),
        ("TU-2021/05", 4),
    ]
    assert round_.places.get(agreement=short).override_by == world["staff"]
