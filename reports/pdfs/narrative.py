"""The report's text alone, ready to sign or attach to a letter."""

from ..report import Report
from .common import render_report


def render(report: Report) -> bytes:
    return render_report("reports/pdf/narrative.html", report)
