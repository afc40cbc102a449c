"""The whole report: the text, the charts and every table, as the office prints and files it."""

from django.utils import timezone

from applications.pdfs.common import home_institution
from mobility_office.pdf import render_pdf

from ..report import TABLE_ORDER, Report


def render(report: Report) -> bytes:
    return render_pdf(
        "reports/pdf/report.html",
        {
            "report": report,
            "title": report.paragraphs[0].text,
            "home": home_institution(),
            "tables": [report.tables[key] for key in TABLE_ORDER],
            "printed_at": timezone.localtime(),
        },
    )
