"""The whole report: the text, the charts and every table, as the office prints and files it."""

from ..report import Report
from .common import render_report


def render(report: Report) -> bytes:
    return render_report("reports/pdf/report.html", report)
