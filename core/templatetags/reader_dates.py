"""Dates written into stored text, shown in the reader's format."""

import re
from datetime import date

from django import template
from django.utils.formats import date_format

register = template.Library()

ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _reader_date(match: re.Match) -> str:
    try:
        day = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return match[0]
    return date_format(day, "SHORT_DATE_FORMAT")


@register.filter
def dates_as_read(text: str) -> str:
    """The text with each ISO date in it (2026-11-30, as comments stored before dates followed
    the reader) written in the reader's format (30.11.2026). Escaping is left to the template."""
    return ISO_DATE.sub(_reader_date, str(text))
