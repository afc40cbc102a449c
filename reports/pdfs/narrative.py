"""The report's text alone, ready to sign or attach to a letter."""

from django.utils import timezone

from applications.pdfs.common import home_institution
from mobility_office.pdf import render_pdf

from ..report import Report


def render(report: Report) -> bytes:
    return render_pdf(
        "reports/pdf/narrative.html",
        {
            "report": report,
            "title": report.paragraphs[0].text,
            "home": home_institution(),
            "printed_at": timezone.localtime(),
        },
    )
