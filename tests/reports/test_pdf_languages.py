"""The report and its text print in the language chosen when printing, or the office's default,
whatever the language of the pages; bilingual ones hold the whole text in both languages."""

import io
from urllib.parse import urlencode

import pytest
from django.utils import translation
from docx import Document
from pypdf import PdfReader

from documents import doclang
from documents.models import DocumentDefault
from reports.report import build_report
from tests.reports.test_exports import QUERY, SPRING

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split()
    )


def title_in(language: str) -> str:
    with translation.override(language):
        return build_report(SPRING).paragraphs[0].text


@pytest.mark.parametrize("choice", doclang.DocumentLanguage.values)
@pytest.mark.parametrize("url", ["/reports/report.pdf", "/reports/text.pdf"])
def test_the_report_prints_in_each_language(mobilities, staff_client, url, choice):
    lang = urlencode({"lang": choice})
    response = staff_client.get(f"{url}?{QUERY}&{lang}", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'-{choice.replace("+", "-")}.pdf"')
    text = pdf_text(response.content)
    for language in doclang.languages(choice):
        assert " ".join(title_in(language).split()) in text
    for language in {"kk", "ru", "en"} - set(doclang.languages(choice)):
        assert " ".join(title_in(language).split()) not in text


def test_the_text_to_edit_follows_the_offices_default(mobilities, staff_client):
    DocumentDefault.objects.create(document="narrative", language="kk+en")

    response = staff_client.get(f"/reports/text.docx?{QUERY}", HTTP_ACCEPT_LANGUAGE="ru")

    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert title_in("kk") in text
    assert title_in("en") in text
    assert title_in("ru") not in text


def test_a_bad_language_for_the_report_is_refused(mobilities, staff_client):
    response = staff_client.get(f"/reports/report.pdf?{QUERY}&lang=english")

    assert response.status_code == 400
    assert "is not a document language" in response.content.decode()


def test_the_report_page_offers_the_languages_with_the_period(
    mobilities, django_app, staff, django_capture_on_commit_callbacks
):
    page = django_app.get(f"/reports/?{QUERY}", user=staff)
    form = page.forms["report-pdf-form"]

    assert form["lang"].value == doclang.default_for("report")
    form["lang"] = "ru+en"
    # The whole report is made in the background (tests/reports/test_pdf_jobs.py); the worker
    # runs here as the request commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = form.submit()
    status = response.follow()
    text = pdf_text(status.click(linkid="report-pdf-download").body)
    assert " ".join(title_in("ru").split()) in text
    assert " ".join(title_in("en").split()) in text
