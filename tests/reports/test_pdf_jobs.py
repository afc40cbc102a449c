"""The whole report as a PDF is made in the background: asked for on the report's page, made by
the worker step by step (at once in tests), followed on a status page and downloaded from it."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from reports import views
from reports.models import ReportPdf
from reports.pdfs import common
from tests import factories
from tests.reports.test_exports import QUERY, SPRING

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split()
    )


def ask_for_the_pdf(django_app, user, capture, *, lang: str = "ru"):
    """Submits the report page's PDF form; the worker's task runs as the request commits."""
    page = django_app.get(f"/reports/?{QUERY}", user=user)
    form = page.forms["report-pdf-form"]
    form["lang"] = lang
    with capture(execute=True):
        response = form.submit()
    assert response.status_code == 302
    return response


def made(staff, *, state="queued", **fields) -> ReportPdf:
    pdf = ReportPdf(
        scope="term",
        year="2022-2023",
        term="spring",
        language="en",
        requested_by=staff,
        state=state,
        **fields,
    )
    pdf.save()
    return pdf


def test_the_pdf_asked_for_on_the_page_is_made_and_offered_for_download(
    mobilities, django_app, staff, django_capture_on_commit_callbacks
):
    status = ask_for_the_pdf(django_app, staff, django_capture_on_commit_callbacks).follow()

    pdf = ReportPdf.objects.get()
    assert (pdf.period(), pdf.language, pdf.requested_by) == (SPRING, "ru", staff)
    assert pdf.mobilities == 6
    progress = django_app.get(f"/reports/pdf/{pdf.pk}/progress.json", user=staff).json
    assert progress["state"] == "done"
    assert (progress["done"], progress["total"], progress["percent"]) == (4, 4, 100)
    download = status.click(linkid="report-pdf-download")
    assert download.content_type == "application/pdf"
    assert download.body.startswith(b"%PDF")
    assert 'filename="mobility-report-spring-2022-2023-ru.pdf"' in download["Content-Disposition"]
    assert "Весенний семестр 2022-2023" in pdf_text(download.body)


def test_the_progress_counts_the_steps_as_they_end(
    mobilities, staff, monkeypatch, django_app, django_capture_on_commit_callbacks
):
    seen = []

    def render_pdf(template_name, context, *, step):
        step("html")
        seen.append(ReportPdf.objects.values_list("state", "steps_done", "steps_total", "step")[0])
        return b"%PDF-1.7 made"

    monkeypatch.setattr(common, "render_pdf", render_pdf)

    ask_for_the_pdf(django_app, staff, django_capture_on_commit_callbacks, lang="kk+en")

    # Both languages' figures built, then the HTML: three of six steps, laying out the pages next.
    assert seen == [("running", 3, 5, "layout")]


def test_a_failed_pdf_keeps_its_error_and_no_file(
    mobilities, staff, monkeypatch, django_app, django_capture_on_commit_callbacks, media_files
):
    def render_pdf(template_name, context, *, step):
        raise RuntimeError("The fonts are missing.")

    monkeypatch.setattr(common, "render_pdf", render_pdf)

    status = ask_for_the_pdf(django_app, staff, django_capture_on_commit_callbacks).follow()

    pdf = ReportPdf.objects.get()
    assert pdf.state == "failed"
    assert pdf.error == "RuntimeError: The fonts are missing."
    assert not pdf.file
    assert media_files() == []
    assert "The fonts are missing." in status.html.select_one("#report-pdf-error").text
    assert status.html.select_one("#report-pdf-error").get("hidden") is None
    assert django_app.get(f"/reports/pdf/{pdf.pk}/file.pdf", user=staff, status=404)


def test_the_same_pdf_asked_for_again_soon_is_the_one_already_made(
    mobilities, django_app, staff, registrar, django_capture_on_commit_callbacks, media_files
):
    first = ask_for_the_pdf(django_app, staff, django_capture_on_commit_callbacks)
    again = ask_for_the_pdf(django_app, registrar, django_capture_on_commit_callbacks)
    other = ask_for_the_pdf(django_app, staff, django_capture_on_commit_callbacks, lang="en")

    assert again["Location"] == first["Location"]
    assert other["Location"] != first["Location"]
    assert ReportPdf.objects.count() == 2
    assert len(media_files()) == 2


def test_the_button_says_how_long_the_last_pdf_of_a_similar_size_took(
    django_app, staff, mobilities
):
    started = timezone.now() - timedelta(hours=1)
    made(
        staff,
        state="done",
        file="reports/x.pdf",
        mobilities=8,
        started_at=started,
        finished_at=started + timedelta(seconds=42),
    )

    page = django_app.get(f"/reports/?{QUERY}", user=staff)

    assert "about 42 seconds" in page.html.select_one("#report-pdf-time").text
    assert page.html.select_one("#report-pdf-worker-down") is None


def test_without_an_earlier_pdf_the_button_gives_a_rough_time(django_app, staff, mobilities):
    page = django_app.get(f"/reports/?{QUERY}", user=staff)

    assert "Made in the background: about" in page.html.select_one("#report-pdf-time").text


def test_a_pdf_waiting_for_minutes_says_the_worker_is_not_running(django_app, staff, mobilities):
    waiting = made(staff)
    ReportPdf.objects.update(created_at=timezone.now() - timedelta(minutes=10))

    page = django_app.get(f"/reports/?{QUERY}", user=staff)
    status = django_app.get(f"/reports/pdf/{waiting.pk}/", user=staff)

    assert "worker is not running" in page.html.select_one("#report-pdf-worker-down").text
    assert status.html.select_one("#report-pdf-worker-down").get("hidden") is None
    assert status.html.select_one("#report-pdf-download").get("href") == ""
    # Without JavaScript the page refreshes itself until the PDF is made.
    assert 'http-equiv="refresh"' in status.text
    assert django_app.get(f"/reports/pdf/{waiting.pk}/progress.json", user=staff).json[
        "worker_down"
    ]


def test_a_pdf_just_asked_for_does_not_warn_about_the_worker(django_app, staff, mobilities):
    waiting = made(staff)

    status = django_app.get(f"/reports/pdf/{waiting.pk}/", user=staff)

    assert status.html.select_one("#report-pdf-worker-down").get("hidden") is not None


def test_a_pdf_its_worker_left_says_to_ask_again_and_a_new_one_can_be_asked(
    django_app, staff, mobilities, django_capture_on_commit_callbacks
):
    left = made(staff, state="running", started_at=timezone.now() - timedelta(minutes=16))
    ReportPdf.objects.update(created_at=timezone.now() - timedelta(minutes=16))

    status = django_app.get(f"/reports/pdf/{left.pk}/", user=staff)

    notice = status.html.select_one("#report-pdf-stuck")
    assert notice.get("hidden") is None
    assert "over 15 minutes: the worker stopped while making it" in notice.text
    assert notice.select_one("a")["href"].startswith("/reports/?")
    assert "It takes about" not in status.text
    # It will not move: the page no longer refreshes itself for it.
    assert 'http-equiv="refresh"' not in status.text
    assert django_app.get(f"/reports/pdf/{left.pk}/progress.json", user=staff).json["stuck"]

    # Asked for again on the report's page, a new PDF is made rather than this one given again.
    response = ask_for_the_pdf(django_app, staff, django_capture_on_commit_callbacks, lang="en")
    again = ReportPdf.objects.exclude(pk=left.pk).get()
    assert response.location.endswith(f"/reports/pdf/{again.pk}/")
    assert again.state == "done"


def test_a_pdf_being_made_for_minutes_is_not_said_to_be_left(django_app, staff, mobilities):
    running = made(staff, state="running", started_at=timezone.now() - timedelta(minutes=5))

    status = django_app.get(f"/reports/pdf/{running.pk}/", user=staff)

    assert status.html.select_one("#report-pdf-stuck").get("hidden") is not None
    assert 'http-equiv="refresh"' in status.text
    assert not django_app.get(f"/reports/pdf/{running.pk}/progress.json", user=staff).json["stuck"]


@pytest.mark.parametrize("page", ["", "progress.json", "file.pdf"])
def test_only_the_one_who_asked_and_report_readers_see_a_pdf(
    page, django_app, client, staff, mobilities
):
    pdf = made(staff, state="done", file="reports/x.pdf")
    url = f"/reports/pdf/{pdf.pk}/{page}"
    someone = factories.UserFactory(is_staff=True)  # staff without the report permission

    assert django_app.get(url, user=factories.UserFactory(), status=404)
    assert django_app.get(url, user=someone, status=404)
    assert client.get(url)["Location"].startswith("/accounts/login/")
    if page != "file.pdf":  # the file itself is not in storage here
        assert django_app.get(url, user=factories.registrar_user()).status_code == 200


def test_students_and_visitors_cannot_ask_for_a_pdf(mobilities, client, student_client):
    data = {"scope": "term", "year": "2022-2023", "term": "spring", "lang": "en"}

    assert student_client.post("/reports/pdf/", data).status_code == 403
    assert client.post("/reports/pdf/", data)["Location"].startswith("/accounts/login/")
    assert not ReportPdf.objects.exists()


def test_a_pdf_of_a_bad_period_is_refused(mobilities, staff_client):
    response = staff_client.post("/reports/pdf/", {"scope": "term", "lang": "en"})

    assert response.status_code == 400
    assert not ReportPdf.objects.exists()


def test_the_old_link_to_a_large_report_goes_to_the_button(mobilities, staff_client, monkeypatch):
    monkeypatch.setattr(views, "DIRECT_PDF_LIMIT", 5)

    response = staff_client.get(f"/reports/report.pdf?{QUERY}&lang=ru", follow=True)

    assert response.redirect_chain[0][0] == f"/reports/?{QUERY}#report-pdf"
    assert "too large to make while you wait" in response.content.decode()
    assert not ReportPdf.objects.exists()


def test_a_long_table_prints_its_largest_rows_with_a_note(mobilities, monkeypatch, staff_client):
    monkeypatch.setattr(common, "PDF_MAX_ROWS", 1)

    text = pdf_text(staff_client.get(f"/reports/report.pdf?{QUERY}&lang=en").content)

    assert "The 1 rows with the most mobilities of 3" in text
