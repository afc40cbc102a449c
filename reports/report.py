"""A whole report for one period: the tables, the charts drawn from them and the text.

Built once per request with a fixed number of queries, and shared by the page, the exports, the
PDF and the DOCX, so every figure is the same everywhere. The mobility tables and the text are
drawn from one set of figures (selectors.figures), read in one pass over the mobilities; a table
downloaded by itself runs only its own queries (build_table).
"""

from dataclasses import dataclass
from functools import cached_property

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from . import selectors
from .charts import Bar, bar_chart, trend_chart
from .narrative import Paragraph, as_text, narrative
from .periods import ReportPeriod
from .selectors import PARTNERS_IN_CHART, PartnerTotals, Table

TABLE_ORDER = [
    "overview",
    "participants",
    "countries",
    "cities",
    "partners",
    "programs",
    "credits",
    "agreements",
    "partner_totals",
    "trend",
]


@dataclass
class Report:
    period: ReportPeriod
    tables: dict[str, Table]
    totals: PartnerTotals
    paragraphs: list[Paragraph]

    @property
    def text(self) -> str:
        return as_text(self.paragraphs)

    @property
    def text_is_whole(self) -> bool:
        """False when the page's text leaves partners out (build_report's `partners_up_to`)."""
        return not any(paragraph.left_out for paragraph in self.paragraphs)

    @cached_property
    def charts(self) -> dict[str, SafeString]:
        series = [_("Outgoing"), _("Incoming")]
        countries = self.tables["countries"]
        partners = self.tables["partners"]
        trend = self.tables["trend"]
        return {
            "countries": bar_chart(
                title=countries.title,
                series=series,
                bars=[_direction_bar(row, 1) for row in countries.rows],
                empty_text=_("No mobility in this period."),
            ),
            "partners": bar_chart(
                title=partners.title,
                series=series,
                bars=[_direction_bar(row, 3) for row in partners.rows[:PARTNERS_IN_CHART]],
                empty_text=_("No mobility in this period."),
            ),
            "trend": trend_chart(
                title=trend.title,
                series=series,
                # Columns: outgoing domestic, outgoing foreign, incoming domestic, incoming foreign.
                bars=[
                    Bar(
                        str(row[0].value),
                        (row[1].value + row[2].value, row[3].value + row[4].value),
                    )
                    for row in trend.rows
                ],
                empty_text=_("No mobility in these years."),
            ),
        }


def _direction_bar(row: list, first: int) -> Bar:
    outgoing, incoming = row[first], row[first + 1]
    return Bar(str(row[0].value), (outgoing.value, incoming.value), (outgoing.url, incoming.url))


def build_report(
    period: ReportPeriod, *, with_text: bool = True, partners_up_to: int | None = None
) -> Report:
    """The report's figures and tables, and its text unless `with_text` is False (the workbook
    has no text: writing it reads every small group's names, a third of a large report's time).
    With `partners_up_to`, the text as the page shows it (narrative.narrative).
    """
    period = period.resolved()
    found = selectors.figures(period)
    totals = selectors.partner_totals(period)
    tables = [
        selectors.overview(period, found),
        selectors.by_participant_kind(period, found),
        selectors.by_country(period, found),
        selectors.by_city(period, found),
        selectors.by_partner(period, found),
        selectors.by_program(period, found),
        selectors.credits_recognized(period),
        selectors.agreements_by_country(period),
        selectors.partners_table(totals),
        selectors.trend(period),
    ]
    by_key = {table.key: table for table in tables}
    return Report(
        period=period,
        tables=by_key,
        totals=totals,
        paragraphs=narrative(
            period, found, totals, by_key["credits"], partners_up_to=partners_up_to
        )
        if with_text
        else [],
    )


def build_text(period: ReportPeriod) -> list[Paragraph]:
    """The report's whole text alone: only the figures it is written from are read."""
    period = period.resolved()
    return narrative(
        period,
        selectors.figures(period),
        selectors.partner_totals(period),
        selectors.credits_recognized(period),
    )


# Each table's own figures, for a table downloaded by itself: only its queries run.
_FROM_FIGURES = {
    "overview": selectors.overview,
    "participants": selectors.by_participant_kind,
    "countries": selectors.by_country,
    "cities": selectors.by_city,
    "partners": selectors.by_partner,
    "programs": selectors.by_program,
}
_ON_ITS_OWN = {
    "credits": selectors.credits_recognized,
    "agreements": selectors.agreements_by_country,
    "partner_totals": lambda period: selectors.partners_table(selectors.partner_totals(period)),
    "trend": selectors.trend,
}


def build_table(period: ReportPeriod, key: str) -> Table | None:
    """One table of the report, the same as in the whole report; None for an unknown key."""
    period = period.resolved()
    if key in _FROM_FIGURES:
        found = selectors.figures(period, with_programs=key == "programs")
        return _FROM_FIGURES[key](period, found)
    if key in _ON_ITS_OWN:
        return _ON_ITS_OWN[key](period)
    return None
