"""The report's text as a Word document, for the office to edit before it goes out.

In the language of the document being printed (documents.doclang.printing); a bilingual
one holds the text in its first language, then, from a new page, in the second.
"""

import io

from django.utils import translation
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from documents import doclang

from .report import Report, build_report


def render(report: Report) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.size = Pt(12)
    languages = doclang.current_languages()
    # Word picks spelling and hyphenation by the text's language.
    style.element.get_or_add_rPr().append(_language_element(languages[0]))
    document.core_properties.title = report.paragraphs[0].text
    document.core_properties.language = _word_language(languages[0])
    for part, language in enumerate(languages):
        with translation.override(language):
            # The report asked for was built in the main language; the others are built here.
            built = report if part == 0 else build_report(report.period)
        if part:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        for index, paragraph in enumerate(built.paragraphs):
            if paragraph.heading:
                added = document.add_heading(paragraph.text, level=1 if index == 0 else 2)
            else:
                added = document.add_paragraph(paragraph.text)
            if part:
                for run in added.runs:
                    run.element.get_or_add_rPr().append(_language_element(language))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _language_element(language: str) -> OxmlElement:
    element = OxmlElement("w:lang")
    element.set(qn("w:val"), _word_language(language))
    return element


def _word_language(language: str) -> str:
    return {"ru": "ru-RU", "kk": "kk-KZ"}.get(language or "en", "en-GB")
