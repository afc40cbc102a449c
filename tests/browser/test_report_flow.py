"""Staff open the report for the spring of 2022-2023 in a real browser, read it in Russian,
follow a figure to the mobilities behind it and download the workbook and the PDF; a large
report's whole text is read and copied from its own page, in Kazakh."""

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from reports.selectors import ROWS_ON_PAGE
from tests import factories
from tests.browser.conftest import TIMEOUT_MS
from tests.reports import data

pytestmark = pytest.mark.browser


def test_staff_open_the_spring_report_switch_language_and_download_it(
    page: Page, live_server, transactional_db, django_db_serialized_rollback, tmp_path
):
    base = live_server.url
    factories.staff_user(username="staff-browser")
    data.build()

    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill("staff-browser")
    page.locator("#id_password").fill("demo-pass-123")
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))

    page.get_by_role("link", name="Reports").click()
    page.locator("#id_scope").select_option("term")
    page.locator("#id_year").select_option("2022-2023")
    page.locator("#id_term").select_option("spring")
    page.locator("#period-form [type=submit]").click()
    expect(page.locator("#report-period")).to_have_text("Spring term 2022-2023")
    expect(page.locator("#report-text")).to_contain_text(
        "1 teacher is to go on foreign academic mobility to Antalya Bilim University (Turkey)"
    )
    expect(page.locator("#chart-countries svg")).to_be_visible()

    # Russian, on the same report.
    page.locator("#language-form button[value=ru]").click()
    expect(page.locator("#report-period")).to_have_text("Весенний семестр 2022-2023")
    expect(page.locator("#report-text")).to_contain_text("2 участника")
    expect(page.locator("#table-overview")).to_contain_text("Исходящая")

    # A figure leads to the mobilities it counts.
    page.locator("#table-countries tbody tr", has_text="Латвия").locator("a").first.click()
    expect(page.locator("#mobility-count")).to_contain_text("2")
    expect(page.locator("main table")).to_contain_text("Turiba University")
    page.go_back()

    with page.expect_download(timeout=TIMEOUT_MS) as download:
        page.locator("#report-xlsx").click()
    assert download.value.suggested_filename == "mobility-report-spring-2022-2023-ru.xlsx"
    workbook_path = tmp_path / "report.xlsx"
    download.value.save_as(workbook_path)
    workbook = load_workbook(workbook_path)
    countries = workbook[workbook.sheetnames[2]]
    rows = [list(row) for row in countries.iter_rows(values_only=True)]
    assert ["Латвия", 2, 0, 2] in rows

    # The document's language is chosen beside its download, whatever the page's language.
    # The whole report is made in the background: its page follows the progress, then offers it.
    page.locator("form:has(#report-pdf) select[name=lang]").select_option("ru")
    page.locator("#report-pdf").click()
    expect(page.locator("#report-pdf-download")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.locator("#report-pdf-progress")).to_have_attribute("aria-valuenow", "4")
    with page.expect_download(timeout=TIMEOUT_MS) as download:
        page.locator("#report-pdf-download").click()
    path = tmp_path / "report.pdf"
    download.value.save_as(path)
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages).split()
    )
    assert "Весенний семестр 2022-2023" in text
    assert "Antalya Bilim University" in text


def test_staff_read_a_large_reports_whole_text_on_its_own_page_and_copy_it_in_kazakh(
    page: Page, live_server, transactional_db, django_db_serialized_rollback
):
    base = live_server.url
    factories.staff_user(username="staff-browser")
    spring = factories.AcademicPeriodFactory(academic_year="2022-2023", term="spring")
    partners = ROWS_ON_PAGE + 3
    for n in range(partners):
        partner = factories.InstitutionFactory(name=f"Partner {n:03}", country="LV", city="Riga")
        factories.ApplicationFactory(
            agreement=factories.AgreementFactory(partner=partner),
            partner=partner,
            period=spring,
            state="completed",
            last_name=f"Student{n:03}",
        )
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])

    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill("staff-browser")
    page.locator("#id_password").fill("demo-pass-123")
    page.locator("main").get_by_role("button", name="Log in").click()
    page.locator("#language-form button[value=kk]").click()
    page.goto(f"{base}/reports/?scope=term&year=2022-2023&term=spring")

    # The page names the largest partners and says how many it leaves out.
    expect(page.locator("#report-text [data-left-out]")).to_contain_text(
        "…және тағы 3 серіктес, әрқайсысында қатысушылар азырақ."
    )
    expect(page.locator("#report-text-body")).not_to_contain_text("Partner 027")
    page.locator("#report-whole-text").click()

    expect(page.locator("h1")).to_contain_text("Есептің мәтіні")
    expect(page.locator("#report-text-body")).to_contain_text("Partner 027")
    page.locator("[data-copy-target=report-text-body]").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert all(f"Partner {n:03}" in copied for n in range(partners))
    assert "серіктес, әрқайсысында" not in copied
