"""The report's text as a Word document, for the office to edit before it goes out."""

import io

from django.utils.translation import get_language
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from .report import Report


def render(report: Report) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.size = Pt(12)
    # Word picks spelling and hyphenation by the text's language.
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), _word_language())
    style.element.get_or_add_rPr().append(language)
    document.core_properties.title = report.paragraphs[0].text
    document.core_properties.language = _word_language()
    for index, paragraph in enumerate(report.paragraphs):
        if paragraph.heading:
            document.add_heading(paragraph.text, level=1 if index == 0 else 2)
        else:
            document.add_paragraph(paragraph.text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _word_language() -> str:
    return {"ru": "ru-RU", "kk": "kk-KZ"}.get(get_language() or "en", "en-GB")
