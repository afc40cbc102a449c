"""What both report PDFs share: the report built once per language of the document."""

from typing import Any

from django.utils import timezone, translation

from agreements.selectors import home_institution
from core.pdf import render_pdf
from documents import doclang

from ..report import TABLE_ORDER, Report, build_report


def render_report(template_name: str, report: Report) -> bytes:
    """Renders the report in every language of the document being printed (see
    documents.doclang.printing): its text, tables and charts are built in each."""
    languages = doclang.current_languages()
    parts: list[dict[str, Any]] = []
    for index, language in enumerate(languages):
        with translation.override(language):
            # The report asked for was built in the main language; the others are built here.
            built = report if index == 0 else build_report(report.period)
            parts.append(
                {
                    "language": language,
                    "report": built,
                    "title": built.paragraphs[0].text,
                    "tables": [built.tables[key] for key in TABLE_ORDER],
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
    )
