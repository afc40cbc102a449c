"""The whole report: the text, the charts and every table, as the office prints and files it."""

from ..periods import ReportPeriod
from ..report import Report
from .common import Step, render_report


def render(report: Report) -> bytes:
    return render_report("reports/pdf/report.html", report)


def render_period(period: ReportPeriod, *, step: Step | None = None) -> bytes:
    """The report of `period` built and printed here, telling `step` as each stage ends (the
    background job's progress)."""
    return render_report("reports/pdf/report.html", None, period=period, step=step)
