"""The report's table rows, rendered in Python: a cell per figure, the same markup as a template
would give, without an include per cell (thousands of them on a large report)."""

from html import escape

from django import template
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from reports.selectors import Cell

register = template.Library()


def _cell(cell: Cell) -> SafeString:
    if not cell.numeric:
        return format_html("<td>{}</td>", cell.value)
    if cell.url and cell.value:
        return format_html(
            '<td class="text-end"><a href="{}">{}</a></td>', cell.url, localize(cell.value)
        )
    return format_html('<td class="text-end">{}</td>', localize(cell.value))


@register.simple_tag
def report_cells(row: list[Cell]) -> SafeString:
    return format_html_join("", "{}", ((_cell(cell),) for cell in row))


@register.simple_tag
def report_rows(rows: list[list[Cell]]) -> SafeString:
    return format_html_join("", "<tr>{}</tr>", ((report_cells(row),) for row in rows))


@register.simple_tag
def report_paragraphs(paragraphs, whole_text_url: str = "") -> SafeString:
    """The report's text after its title (the card's heading): a paragraph or a heading each;
    thousands of them for a large register, so not a template loop. A paragraph that leaves
    partners out links to the whole text."""
    more = escape(_("The whole text names them all."))
    return mark_safe(  # noqa: S308 - every text is escaped
        "".join(
            f'<h3 class="h6 mt-3">{escape(paragraph.text)}</h3>'
            if paragraph.heading
            else f'<p data-left-out="{paragraph.left_out}">{escape(paragraph.text)} '
            f'<a class="no-print" href="{escape(whole_text_url)}">{more}</a></p>'
            if paragraph.left_out and whole_text_url
            else f"<p>{escape(paragraph.text)}</p>"
            for paragraph in paragraphs[1:]
        )
    )
