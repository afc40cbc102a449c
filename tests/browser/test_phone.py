"""On a phone (390×844) a student applies, fills the questionnaire and the curriculum and uploads
every document, each control on screen before it is touched; at 1280 px the navbar keeps to one
line in Kazakh, Russian and English for staff, the registrar and a student.

The forms are filled as the page renders them: every labelled field is found by its label and
given a value that suits its name and type, so a field added to a form is filled too. Set
A11Y_SHOTS to a folder to keep a screenshot of each step there.
"""

import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from applications.models import Application, ApplicationRound, RoundPlace
from tests import factories
from tests.browser.a11y import LANGUAGES, in_language
from tests.browser.conftest import TIMEOUT_MS
from tests.browser.test_application_flow import (
    DOCUMENTS,
    document_row,
    log_in,
    main_button,
    state_badge,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
BORN = date(2003, 4, 5)
CURRICULUM = [
    ("HM101", "Hotel management", "15", "Hotel business", "15"),
    ("TM202", "Tourism marketing", "15", "Marketing in tourism", "15"),
]


def iin_for(born: date) -> str:
    """A valid IIN of a woman born in the 2000s on that day (the first serial that checks)."""
    start = f"{born:%y%m%d}6"
    for serial in range(1000, 10000):
        digits = [int(char) for char in f"{start}{serial}"]
        for weights in (range(1, 12), (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)):
            check = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
            if check != 10:
                return f"{start}{serial}{check}"
    raise AssertionError("no IIN")


# By the field's name: what a student would write there.
VALUES = {
    "iin": iin_for(BORN),
    "date_of_birth": BORN.isoformat(),
    "last_name_cyrillic": "Жақыпова",
    "first_name_cyrillic": "Әйгерім",
    "patronymic": "Серікқызы",
    "last_name": "Zhakupova",
    "first_name": "Aigerim",
    "phone": "+7 701 555 1234",
    "email": "aigerim@example.com",
    "address": "Almaty, Abay avenue 10",
    "id_document_number": "N12345678",
    "id_document_valid_until": (timezone.localdate() + timedelta(days=1000)).isoformat(),
    "languages": "English B2",
    "emergency_contact_name": "Gulnara Seitova",
    "emergency_contact_phone": "+7 701 555 0000",
    "motivation": "To study hospitality management in Riga.",
    "year_of_study": "2",
    "language_of_instruction": "English",
}


def shot(target: Page | Locator, name: str) -> None:
    folder = os.environ.get("A11Y_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        whole = {"full_page": True} if isinstance(target, Page) else {}
        target.screenshot(path=f"{folder}/{name}.png", **whole)


def on_screen(control: Locator) -> Locator:
    """The control, after checking it is visible and lies within the phone's width."""
    expect(control).to_be_visible()
    control.scroll_into_view_if_needed()
    box = control.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (
        f"{control} lies at x {box['x']:.0f}–{box['x'] + box['width']:.0f}, "
        f"outside the screen's 0–{PHONE['width']}"
    )
    return control


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a {PHONE['width']} px phone"


def fill_by_labels(page: Page, form: Locator) -> None:
    """Gives every labelled field of the form that is still empty a value, by its name."""
    for label in form.locator("label[for]").all():
        if not label.is_visible():
            continue
        control = form.locator(f"[id='{label.get_attribute('for')}']")
        if control.count() != 1 or not control.is_visible() or control.is_disabled():
            continue
        control_id = label.get_attribute("for") or ""
        if control_id.endswith("-ts-control"):
            # A search-as-you-type select: its options come as the box is focused.
            select_id = control_id.removesuffix("-ts-control")
            if not page.locator(f"#{select_id}").input_value():
                on_screen(control).click()
                first = page.locator(f"#{select_id}-ts-dropdown .option").first
                expect(first).to_be_visible()
                first.click()
            continue
        name = (control.get_attribute("name") or "").rsplit("-", 1)[-1]
        kind = control.evaluate("element => element.type")
        if kind in ("checkbox", "radio", "file", "hidden", "submit"):
            continue
        on_screen(label)
        on_screen(control)
        if kind.startswith("select"):
            if not control.input_value():
                values = control.locator("option").evaluate_all(
                    "options => options.map(option => option.value).filter(Boolean)"
                )
                control.select_option("KZ" if "KZ" in values else values[0])
        elif not control.input_value():
            control.fill(VALUES.get(name, "2" if kind == "number" else "Almaty"))


def open_link(page: Page, name: str) -> None:
    link = on_screen(page.locator("main").get_by_role("link", name=name))
    # Until the next page has loaded, a check of its width would read the page being left.
    with page.expect_navigation():
        link.click()


def press(page: Page, name: str) -> None:
    on_screen(main_button(page, name)).click()


@pytest.fixture
def student_and_round(transactional_db, django_db_serialized_rollback):
    student = factories.UserFactory(
        username="phone-student", first_name="Aigerim", last_name="Zhakupova"
    )
    partner = factories.InstitutionFactory(name="Turiba University", country="LV", city="Riga")
    agreement = factories.covering_agreement(partner=partner)
    factories.EducationalProgramFactory(name="Tourism", code="6B11101")
    today = timezone.localdate()
    round_ = ApplicationRound.objects.create(
        title="Spring semester abroad",
        period=factories.AcademicPeriodFactory(),
        opens_on=today - timedelta(days=2),
        closes_on=today + timedelta(days=14),
    )
    RoundPlace.objects.create(round=round_, agreement=agreement, places=2)
    return student


def test_a_student_applies_fills_everything_and_uploads_every_document_on_a_phone(
    browser, live_server, student_and_round, tmp_path
):
    student = student_and_round
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(factories.PDF_BYTES)
    base = live_server.url
    context = browser.new_context(locale="en-US", viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        log_in(page, base, student.username)
        page.goto(f"{base}/applications/mine/")
        open_link(page, "Apply")
        expect(page.get_by_role("heading", name="Apply for a mobility")).to_be_visible()
        no_sideways_scroll(page)
        fill_by_labels(page, page.locator("main form").filter(has=page.locator("#id_agreement")))
        shot(page, "phone-1-apply")
        press(page, "Create my application")
        expect(page).to_have_url(re.compile(r"/applications/\d+/$"))
        expect(state_badge(page)).to_have_attribute("data-state", "draft")
        detail_url = page.url
        no_sideways_scroll(page)

        open_link(page, "Fill the questionnaire")
        no_sideways_scroll(page)
        fill_by_labels(page, page.locator("main form").filter(has=page.locator("#id_motivation")))
        shot(page, "phone-2-questionnaire")
        press(page, "Save")
        expect(page.locator("main .alert-success")).to_contain_text("The questionnaire is saved")

        page.goto(detail_url)
        open_link(page, "The individual curriculum")
        no_sideways_scroll(page)
        for index, (code, title, credits, home, home_credits) in enumerate(CURRICULUM):
            if index:
                press(page, "Add a discipline")
            for field, value in [
                ("host_code", code),
                ("host_title", title),
                ("host_credits", credits),
                ("term", "spring"),
                ("home_title", home),
                ("home_credits", home_credits),
            ]:
                on_screen(page.locator(f"#id_lines-{index}-{field}")).fill(value)
        shot(page, "phone-3-curriculum")
        press(page, "Save the curriculum")
        expect(page.locator("main .alert-success")).to_contain_text("The curriculum is saved")
        expect(page.locator("#curriculum-lines tbody tr")).to_have_count(2)
        on_screen(page.locator("#total-host"))
        on_screen(page.locator("#total-home"))
        no_sideways_scroll(page)
        shot(page, "phone-4-curriculum-saved")

        page.goto(detail_url)
        for kind in DOCUMENTS:
            row = document_row(page, kind)
            on_screen(row.locator("input[type=file]")).set_input_files(scan)
            on_screen(row.get_by_role("button", name="Upload")).click()
            expect(page.locator("main .alert-success")).to_contain_text("was uploaded")
            expect(document_row(page, kind).locator("[data-document-state]")).to_have_attribute(
                "data-document-state", "uploaded"
            )
        no_sideways_scroll(page)
        shot(page, "phone-5-documents")
        submit = page.locator("main form[data-step='submit']").get_by_role(
            "button", name="Submit the application"
        )
        on_screen(submit).click()
        expect(state_badge(page)).to_have_attribute("data-state", "submitted")
    finally:
        context.close()

    application = Application.objects.get(participant=student)
    assert application.state == "submitted"
    assert application.questionnaire.motivation == VALUES["motivation"]
    assert [line.host_title for line in application.curriculum_versions.get().lines.all()] == [
        title for _code, title, *_rest in CURRICULUM
    ]
    assert {document.kind for document in application.documents.filter(state="uploaded")} == set(
        DOCUMENTS
    )


# The navbar's parts that sit in its one row when it is expanded (≥ 1200 px).
NAVBAR_PARTS = "nav.navbar .navbar-brand, #nav > ul > li, #nav > form"


@pytest.mark.parametrize("role", ["staff", "registrar", "student"])
def test_the_navbar_keeps_to_one_line_at_1280_px_in_every_language(
    browser, live_server, transactional_db, django_db_serialized_rollback, role
):
    make = {
        "staff": factories.staff_user,
        "registrar": factories.registrar_user,
        "student": factories.UserFactory,
    }[role]
    # A Kazakh name as long as most, in the menu that carries it.
    user = make(username=f"navbar-{role}", first_name="Гүлнара", last_name="Сейітова")
    base = live_server.url
    context = browser.new_context(locale="en-US", viewport=DESKTOP)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    rows = {}
    try:
        log_in(page, base, user.username)
        for language in LANGUAGES:
            in_language(context, base, language)
            page.goto(f"{base}/dashboard/")
            expect(page.locator("html")).to_have_attribute("lang", language)
            shot(page.locator("nav.navbar"), f"navbar-{role}-{language}")
            boxes = [
                part.bounding_box()
                for part in page.locator(NAVBAR_PARTS).all()
                if part.is_visible()
            ]
            middles = [box["y"] + box["height"] / 2 for box in boxes]
            rights = [box["x"] + box["width"] for box in boxes]
            rows[language] = (min(middles), max(middles), max(rights))
    finally:
        context.close()

    for language, (highest, lowest, right) in rows.items():
        assert lowest - highest <= 4, f"{role}, {language}: the navbar wraps onto a second line"
        assert right <= DESKTOP["width"], f"{role}, {language}: the navbar overflows to {right} px"
