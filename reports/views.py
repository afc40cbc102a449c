from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_POST, require_safe

from agreements.models import EducationalProgram, Institution
from applications.models import Application
from core import files, spreadsheets
from core.types import AuthenticatedHttpRequest
from core.views import download, page_of, query_without_page, staff_view, stored_file
from documents import doclang

from . import services, word
from .filters import MobilityFilter
from .forms import PeriodForm
from .models import RUNNING_TOO_LONG, ReportPdf, ReportPdfState
from .pdfs import narrative as narrative_pdf
from .pdfs import report as report_pdf
from .periods import ReportPeriod
from .report import TABLE_ORDER, Report, build_report, build_table, build_text
from .selectors import ROWS_ON_PAGE, mobilities

REPORT_PERMISSION = "applications.view_mobility_report"
PAGE_SIZE = 50
# The most mobilities whose whole-report PDF the old GET link still renders while one waits.
DIRECT_PDF_LIMIT = 2000


def _period(request: HttpRequest) -> tuple[PeriodForm, ReportPeriod | None]:
    """The period asked for in the URL; this term when nothing is asked."""
    if "scope" not in request.GET:
        period = ReportPeriod.current(on=timezone.localdate())
        return PeriodForm(initial=period.query()), period
    form = PeriodForm(request.GET)
    return form, form.period() if form.is_valid() else None


def _period_or_404(request: HttpRequest) -> ReportPeriod:
    # A download or a figure's link always carries a valid period; a broken one is not a page.
    _form, period = _period(request)
    if period is None:
        raise Http404
    return period


def _report_or_404(request: HttpRequest, *, with_text: bool = True) -> Report:
    return build_report(_period_or_404(request), with_text=with_text)


def _filename(report: Report, name: str, extension: str, language: str = "") -> str:
    """E.g. "mobility-report-2022-2023-kk-en.pdf": the period and the language of the file."""
    return _period_filename(report.period, name, extension, language)


def _period_filename(period: ReportPeriod, name: str, extension: str, language: str = "") -> str:
    language = (language or get_language()).replace("+", "-")
    return f"mobility-{name}-{period.slug}-{language}.{extension}"


@require_safe
@staff_view(REPORT_PERMISSION)
def report_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, period = _period(request)
    context: dict = {"form": form}
    if period is not None:
        # The text names as many partners per list as the tables show rows; its own page and
        # files name them all.
        report = build_report(period, partners_up_to=ROWS_ON_PAGE)
        context.update(
            {
                "report": report,
                "tables": [report.tables[key] for key in TABLE_ORDER],
                "query": period.querystring(),
                "period_query": period.query(),
                "partners_shown": ROWS_ON_PAGE,
                "whole_text_url": f"{reverse('reports:text_page')}?{period.querystring()}",
                **_pdf_offer(report),
            }
        )
    return render(request, "reports/report.html", context, status=200 if period else 400)


@require_safe
@staff_view(REPORT_PERMISSION)
def table_export(request: AuthenticatedHttpRequest, key: str, extension: str) -> HttpResponse:
    _form, period = _period(request)
    table = build_table(period, key) if period is not None else None
    if period is None or table is None:
        raise Http404
    header, *rows = table.plain_rows()
    filename = _period_filename(period, key, extension)
    if extension == "csv":
        return download(
            spreadsheets.to_csv(header, rows),
            content_type="text/csv; charset=utf-8",
            filename=filename,
        )
    return download(
        spreadsheets.to_xlsx(header, rows, title=table.title),
        content_type=spreadsheets.XLSX_CONTENT_TYPE,
        filename=filename,
    )


@require_safe
@staff_view(REPORT_PERMISSION)
def workbook(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every table of the report, one sheet each."""
    report = _report_or_404(request, with_text=False)
    sheets = []
    for key in TABLE_ORDER:
        header, *rows = report.tables[key].plain_rows()
        sheets.append((report.tables[key].title, header, rows))
    return download(
        spreadsheets.to_workbook(sheets),
        content_type=spreadsheets.XLSX_CONTENT_TYPE,
        filename=_filename(report, "report", "xlsx"),
    )


@require_safe
@staff_view(REPORT_PERMISSION)
def report_download(request: AuthenticatedHttpRequest) -> HttpResponse:
    try:
        language = doclang.chosen_language(request, doclang.DocumentKind.REPORT)
    except doclang.BadDocumentLanguage as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    period = _period_or_404(request)
    # The old link (bookmarks, the bench) still gives the file at once when that takes a second
    # or two; a larger report is made in the background, asked for on the report's page.
    if mobilities(period).count() > DIRECT_PDF_LIMIT:
        messages.info(
            request,
            gettext(
                "This report is too large to make while you wait: ask for the PDF here and "
                "it is made in the background."
            ),
        )
        return redirect(f"{reverse('reports:report')}?{period.querystring()}#report-pdf")
    with doclang.printing(language):
        report = build_report(period)
        content = report_pdf.render(report)
    return download(
        content, content_type=files.PDF, filename=_filename(report, "report", "pdf", language)
    )


@require_safe
@staff_view(REPORT_PERMISSION)
def report_text(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The report's whole text on a page of its own, to read and copy."""
    period = _period_or_404(request).resolved()
    return render(
        request,
        "reports/text.html",
        {
            "period": period,
            "paragraphs": build_text(period),
            "query": period.querystring(),
            "period_query": period.query(),
        },
    )


@require_safe
@staff_view(REPORT_PERMISSION)
def narrative_download(request: AuthenticatedHttpRequest, extension: str) -> HttpResponse:
    if extension == "txt":
        report = _report_or_404(request)
        return download(
            report.text.encode("utf-8"),
            content_type="text/plain; charset=utf-8",
            filename=_filename(report, "text", "txt"),
        )
    # The PDF and the Word file are documents: in the language chosen, or the office's default.
    try:
        language = doclang.chosen_language(request, doclang.DocumentKind.NARRATIVE)
    except doclang.BadDocumentLanguage as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    with doclang.printing(language):
        report = _report_or_404(request)
        content = narrative_pdf.render(report) if extension == "pdf" else word.render(report)
    if extension == "pdf":
        return download(
            content, content_type=files.PDF, filename=_filename(report, "text", "pdf", language)
        )
    return download(
        content, content_type=files.DOCX, filename=_filename(report, "text", "docx", language)
    )


@require_safe
@staff_view(REPORT_PERMISSION)
def mobility_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The mobilities behind one figure of the report."""
    period = _period_or_404(request)
    filterset = MobilityFilter(request.GET, queryset=mobilities(period.resolved()))
    if not filterset.is_valid():
        raise Http404
    # Counted as the filtered query itself, not "pk IN (it)", PostgreSQL reads the period's
    # mobilities from the report's index alone (3 ms at 100,000 mobilities, not 38). The page's
    # ids are sorted first and only those 50 read whole: sorting every mobility of the period
    # joined with its partner, program and participant cost more than the rest of the page.
    ordered = filterset.qs.order_by("last_name", "first_name", "pk")
    page = page_of(request, ordered.values_list("pk", flat=True), size=PAGE_SIZE)
    found = Application.objects.for_list().in_bulk(list(page.object_list))
    page.object_list = [found[pk] for pk in page.object_list]
    chosen = [
        (filterset.form.fields[name].label, _shown(filterset, name))
        for name in filterset.form.cleaned_data
        if filterset.form.cleaned_data[name] not in (None, "")
    ]
    return render(
        request,
        "reports/mobility_list.html",
        {
            "period": period,
            "page": page,
            "chosen": chosen,
            "query": query_without_page(request),
            "report_query": period.querystring(),
        },
    )


def _shown(filterset: MobilityFilter, name: str) -> str:
    """A chosen filter as the reader knows it: a label, a partner's name, not an id."""
    value = filterset.form.cleaned_data[name]
    field = filterset.form.fields[name]
    if name == "partner":
        partner = Institution.objects.filter(pk=value).only("name").first()
        return partner.name if partner else str(value)
    if name == "program":
        if not value.isdigit():
            return gettext("No program recorded")
        program = EducationalProgram.objects.filter(pk=value).only("name").first()
        return program.name if program else value
    choices = getattr(field, "choices", None)
    if choices:
        return str(dict(choices).get(value, value))
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    return str(value)


def _pdf_offer(report: Report) -> dict:
    """What the PDF button says: how long the PDF will take, and whether the worker runs."""
    overview = report.tables["overview"]
    count = overview.total[-1].value if overview.total else mobilities(report.period).count()
    defaults = doclang.defaults()  # read once for this button and the page's print forms
    language = defaults[doclang.DocumentKind.REPORT]
    return {
        "doclang_defaults": defaults,
        "pdf_seconds": services.estimate_seconds(mobilities=count, language=language),
        "pdf_worker_down": services.worker_seems_down(now=timezone.now()),
        "pdf_languages": doclang.DocumentLanguage.choices,
        "pdf_language": language,
    }


@require_POST
@staff_view(REPORT_PERMISSION)
def pdf_request(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Asks for the whole report as a PDF, made in the background; on to its progress."""
    form = PeriodForm(request.POST)
    language = "+".join(request.POST.get("lang", "").split())
    if language not in doclang.DocumentLanguage.values:
        language = doclang.default_for(doclang.DocumentKind.REPORT)
    if not form.is_valid():
        return HttpResponseBadRequest(
            gettext("Choose the report's period again."), content_type="text/plain; charset=utf-8"
        )
    pdf = services.report_pdf_request(period=form.period(), language=language, by=request.user)
    return redirect("reports:pdf_status", pk=pdf.pk)


def get_report_pdf_for_user(request: HttpRequest, pk: int) -> ReportPdf:
    """The PDF for the one who asked for it and anyone who reads reports; for others, none."""
    pdf = get_object_or_404(ReportPdf, pk=pk)
    if pdf.requested_by_id != request.user.pk and not request.user.has_perm(REPORT_PERMISSION):
        raise Http404
    return pdf


def _pdf_progress(pdf: ReportPdf) -> dict:
    return {
        "state": pdf.state,
        "state_label": str(pdf.get_state_display()),
        "done": pdf.steps_done,
        "total": pdf.steps_total,
        "percent": pdf.percent(),
        "steps_text": gettext("%(done)d of %(total)d steps done.")
        % {"done": pdf.steps_done, "total": pdf.steps_total},
        "step": services.step_label(pdf.step) if pdf.state == ReportPdfState.RUNNING else "",
        "error": pdf.error,
        "worker_down": pdf.waiting_too_long(now=timezone.now()),
        "stuck": pdf.running_too_long(now=timezone.now()),
        "download_url": reverse("reports:pdf_file", args=[pdf.pk])
        if pdf.state == ReportPdfState.DONE
        else "",
    }


@require_safe
@login_required
def pdf_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    pdf = get_report_pdf_for_user(request, pk)
    return render(
        request,
        "reports/pdf_status.html",
        {
            "pdf": pdf,
            "period": pdf.period(),
            "progress": _pdf_progress(pdf),
            "seconds": services.estimate_seconds(mobilities=pdf.mobilities, language=pdf.language),
            "stuck_minutes": int(RUNNING_TOO_LONG.total_seconds() // 60),
        },
    )


@require_safe
@login_required
def pdf_progress(request: AuthenticatedHttpRequest, pk: int) -> JsonResponse:
    """The status page's progress, polled by static/js/report-pdf.js."""
    pdf = get_report_pdf_for_user(request, pk)
    response = JsonResponse(_pdf_progress(pdf))
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@login_required
def pdf_file(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    pdf = get_report_pdf_for_user(request, pk)
    if pdf.state != ReportPdfState.DONE:
        raise Http404
    response = stored_file(pdf.file, filename=pdf.download_name(), content_type=files.PDF)
    response["Content-Disposition"] = f'attachment; filename="{pdf.download_name()}"'
    return response
