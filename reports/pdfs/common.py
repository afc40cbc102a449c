"""What both report PDFs share: the report built once per language of the document."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agreements.selectors import home_institution
from core.pdf import render_pdf
from documents import doclang

from ..periods import ReportPeriod
from ..report import TABLE_ORDER, Report, build_report
from ..selectors import Table

Step = Callable[[str], None]

# A printed table lists at most this many rows. The tables cut are ordered largest first, so the
# print keeps the partners (cities, programs) that matter and its total; the page and the XLSX
# file hold every row. A partner table of 1,000 rows was 60 of the PDF's 77 pages and most of
# the time it took.
PDF_MAX_ROWS = 100
CUT_LARGEST_FIRST = {"countries", "cities", "partners", "programs"}


@dataclass
class PrintedTable:
    """A table as printed: its rows, perhaps only the first ones, and a note saying so."""

    title: str
    note: str
    columns: list
    rows: list
    total: list | None
    cut_note: str = ""


def printed(table: Table) -> PrintedTable:
    rows = table.rows
    cut_note = ""
    if table.key in CUT_LARGEST_FIRST and len(rows) > PDF_MAX_ROWS:
        cut_note = _(
            "The %(shown)d rows with the most mobilities of %(count)d; the total counts them "
            "all, and the XLSX file of the tables lists every row."
        ) % {"shown": PDF_MAX_ROWS, "count": len(rows)}
        rows = rows[:PDF_MAX_ROWS]
    return PrintedTable(table.title, table.note, table.columns, rows, table.total, cut_note)


def steps_for(languages: list[str]) -> int:
    """How many times `render_report` calls its `step`: the data in each language, then the
    HTML, the layout of the pages and the PDF written."""
    return len(languages) + 3


def render_report(
    template_name: str,
    report: Report | None,
    *,
    period: ReportPeriod | None = None,
    step: Step | None = None,
) -> bytes:
    """Renders the report in every language of the document being printed (see
    documents.doclang.printing): its text, tables and charts are built in each.

    `report` is the report already built in the main language, or None to build it here from
    `period`; `step` is told as each stage ends: "data" once per language, then the stages of
    `core.pdf.render_pdf`.
    """
    if report is not None:
        period = report.period
    elif period is None:
        raise TypeError("render_report needs a report or a period")
    languages = doclang.current_languages()
    parts: list[dict[str, Any]] = []
    for index, language in enumerate(languages):
        with translation.override(language):
            # The report asked for was built in the main language; the others are built here.
            built = report if index == 0 and report is not None else build_report(period)
            if step:
                step("data")
            parts.append(
                {
                    "language": language,
                    "report": built,
                    "title": built.paragraphs[0].text,
                    "tables": [printed(built.tables[key]) for key in TABLE_ORDER],
                }
            )
    return render_pdf(
        template_name,
        {
            "parts": parts,
            "title": parts[0]["title"],
            "home": home_institution(),
            "printed_at": timezone.localtime(),
        },
        step=step,
    )
