"""Document 5: the rector's order sending (or admitting) a group of participants.

An issued order lists every application it was issued for, in a table (name, institution,
period, program), in the language chosen when printing: one of the document languages, a
bilingual one printing the whole order in each language in turn. Before the order is issued,
an application's order prints as a draft of a group of one, with blank lines for the number and
the date to fill by hand.
"""

from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from agreements.models import Direction
from agreements.selectors import home_institution
from core.pdf import render_pdf
from documents import doclang

from ..models import Application, Order, ParticipantKind


@dataclass(frozen=True)
class OrderSheet:
    """What an order prints: its number and date (None while a draft) and its participants."""

    number: str
    date: date | None
    applications: list[Application]


def order_applications(order: Order) -> list[Application]:
    """The order's participants in the order's table: outgoing first, then by name."""
    return list(
        order.applications.select_related("partner", "period", "program").order_by(
            "-direction", "last_name", "first_name", "pk"
        )
    )


def _part(sheet: OrderSheet, language: str) -> str:
    """The whole order in one language (names of people and places too)."""
    with translation.override(language):
        rows = [
            {
                "application": application,
                "name": application.name_in(language),
                "partner": application.partner,
                "period": application.period,
                "program": application.program,
            }
            for application in sheet.applications
        ]
        outgoing = [row for row in rows if row["application"].direction == Direction.OUTGOING]
        incoming = [row for row in rows if row["application"].direction == Direction.INCOMING]
        students = {
            row["application"].direction
            for row in rows
            if row["application"].participant_kind == ParticipantKind.STUDENT
        }
        return render_to_string(
            "applications/pdf/_order_body.html",
            {
                "sheet": sheet,
                "home": home_institution(),
                "outgoing": outgoing,
                "incoming": incoming,
                "outgoing_students": Direction.OUTGOING in students,
                "incoming_students": Direction.INCOMING in students,
                "language": language,
            },
        )


def render_sheet(sheet: OrderSheet, *, language: str) -> bytes:
    """The order in a document language ("ru", "kk+en", ...): each language's text in turn."""
    with doclang.printing(language) as codes:
        parts = [{"code": code, "html": mark_safe(_part(sheet, code))} for code in codes]
        return render_pdf(
            "applications/pdf/order.html",
            {"sheet": sheet, "parts": parts, "title": _("Rector's order")},
        )


def render_order(order: Order, *, language: str | None = None) -> bytes:
    """An issued order in `language`, else in the language it was issued in, else the
    office's default for orders."""
    language = language or order.language or doclang.default_for(doclang.DocumentKind.ORDER)
    sheet = OrderSheet(number=order.number, date=order.date, applications=order_applications(order))
    return render_sheet(sheet, language=language)


def render(application: Application, language: str | None = None) -> bytes:
    """The order of the application: the group order that lists it once issued, a draft for it
    alone before. Printed in `language`, else in the document language being printed."""
    language = language or doclang.current_choice()
    if language not in doclang.DocumentLanguage.values:
        language = doclang.default_for(doclang.DocumentKind.ORDER)
    if application.order_id:
        return render_order(application.order, language=language)
    sheet = OrderSheet(number="", date=None, applications=[application])
    return render_sheet(sheet, language=language)
