from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_safe

from agreements.models import EducationalProgram, Institution
from applications.models import Application
from core import files, spreadsheets
from core.types import AuthenticatedHttpRequest
from core.views import download, page_of, query_without_page, staff_view
from documents import doclang

from . import word
from .filters import MobilityFilter
from .forms import PeriodForm
from .pdfs import narrative as narrative_pdf
from .pdfs import report as report_pdf
from .periods import ReportPeriod
from .report import TABLE_ORDER, Report, build_report
from .selectors import mobilities

REPORT_PERMISSION = "applications.view_mobility_report"
PAGE_SIZE = 50


def _period(request: HttpRequest) -> tuple[PeriodForm, ReportPeriod | None]:
    """The period asked for in the URL; this term when nothing is asked."""
    if "scope" not in request.GET:
        period = ReportPeriod.current(on=timezone.localdate())
        return PeriodForm(initial=period.query()), period
    form = PeriodForm(request.GET)
    return form, form.period() if form.is_valid() else None


def _report_or_404(request: HttpRequest) -> Report:
    # A download link always carries a valid period; a broken one is not a page.
    _form, period = _period(request)
    if period is None:
        raise Http404
    return build_report(period)


def _filename(report: Report, name: str, extension: str, language: str = "") -> str:
    """E.g. "mobility-report-2022-2023-kk-en.pdf": the period and the language of the file."""
    language = (language or get_language()).replace("+", "-")
    return f"mobility-{name}-{report.period.slug}-{language}.{extension}"


@require_safe
@staff_view(REPORT_PERMISSION)
def report_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, period = _period(request)
    context: dict = {"form": form}
    if period is not None:
        report = build_report(period)
        context.update(
            {
                "report": report,
                "tables": [report.tables[key] for key in TABLE_ORDER],
                "query": period.querystring(),
                "period_query": period.query(),
            }
        )
    return render(request, "reports/report.html", context, status=200 if period else 400)


@require_safe
@staff_view(REPORT_PERMISSION)
def table_export(request: AuthenticatedHttpRequest, key: str, extension: str) -> HttpResponse:
    report = _report_or_404(request)
    table = report.tables.get(key)
    if table is None:
        raise Http404
    header, *rows = table.plain_rows()
    if extension == "csv":
        return download(
            spreadsheets.to_csv(header, rows),
            content_type="text/csv; charset=utf-8",
            filename=_filename(report, key, "csv"),
        )
    return download(
        spreadsheets.to_xlsx(header, rows, title=table.title),
        content_type=spreadsheets.XLSX_CONTENT_TYPE,
        filename=_filename(report, key, "xlsx"),
    )


@require_safe
@staff_view(REPORT_PERMISSION)
def workbook(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every table of the report, one sheet each."""
    report = _report_or_404(request)
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
    with doclang.printing(language):
        report = _report_or_404(request)
        content = report_pdf.render(report)
    return download(
        content, content_type=files.PDF, filename=_filename(report, "report", "pdf", language)
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
    form, period = _period(request)
    if period is None:
        raise Http404
    filterset = MobilityFilter(request.GET, queryset=mobilities(period))
    if not filterset.is_valid():
        raise Http404
    queryset = Application.objects.for_list().filter(pk__in=filterset.qs.values("pk"))
    page = page_of(request, queryset.order_by("last_name", "first_name", "pk"), size=PAGE_SIZE)
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
