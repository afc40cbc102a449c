"""The report's figures.

Each table is one grouped query: the database counts, Python only lays out the groups, so the
number of queries and the rows read do not grow with the number of mobilities. A mobility is an
application from its approval on (planned, in mobility, completed); drafts, applications under
review, rejected and withdrawn ones are never counted.
"""

import operator
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from functools import cache, cached_property, lru_cache, reduce
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Min, Q, QuerySet, Sum
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy, pgettext, pgettext_lazy
from django.utils.translation import gettext as _
from django_countries import countries

from agreements.models import (
    HOME_COUNTRY,
    Agreement,
    Direction,
    EducationalProgram,
    Institution,
)
from applications.models import Application, ApplicationState, ParticipantKind
from core.countries import collation_key
from core.three_names import localized
from transcripts.models import Transcript

from .models import PartnerCount, PeriodCount, ProgramCount, partner_count_column
from .periods import SCOPE_YEAR, ReportPeriod

PLANNED = "planned"
IN_MOBILITY = "in_mobility"
COMPLETED = "completed"
STAGES = [
    (PLANNED, gettext_lazy("planned")),
    (IN_MOBILITY, gettext_lazy("in mobility")),
    (COMPLETED, pgettext_lazy("mobility stage", "completed")),
]
# Sorted, so that the same report asks the same query each time.
STAGE_STATES: dict[str, list[str]] = {
    PLANNED: sorted(ApplicationState.PLANNED_STATES),
    IN_MOBILITY: [ApplicationState.IN_MOBILITY],
    COMPLETED: [ApplicationState.COMPLETED],
}
DOMESTIC = "domestic"
FOREIGN = "foreign"
WHERE = [
    (DOMESTIC, pgettext_lazy("mobility", "domestic")),
    (FOREIGN, pgettext_lazy("mobility", "foreign")),
]
PARTNERS_IN_CHART = 15
# The rows of a table the page shows when they grow with the register (partners, cities): the
# largest first; the rest are in the table's CSV and XLSX and behind the totals' drill-down.
ROWS_ON_PAGE = 25


STAGE_OF_STATE = {state: stage for stage, states in STAGE_STATES.items() for state in states}
KINDS = [kind for kind, _label in ParticipantKind.choices]
DIRECTIONS = [direction for direction, _label in Direction.choices]


@cache
def _country_name(language: str | None, code: str) -> str:
    return str(countries.name(code))


def country_name(code: str) -> str:
    """The country's name in the active language, looked up once per language: the tables and
    the text name a country for every partner, and each django-countries lookup translates."""
    return _country_name(get_language(), code)


def domestic_q(prefix: str = "") -> Q:
    """Domestic as a plain condition on the partner's country, which the planner estimates from
    its statistics (a computed "domestic"/"foreign" label it cannot, and guessed 5 rows for 727)."""
    return Q(**{f"{prefix}partner__country": HOME_COUNTRY})


def where_q(where: str, prefix: str = "") -> Q:
    return domestic_q(prefix) if where == DOMESTIC else ~domestic_q(prefix)


def where_of_country(code: str | None) -> str:
    return DOMESTIC if code == HOME_COUNTRY else FOREIGN


def count_where(condition: Q) -> Count:
    """Mobilities meeting the condition, counted by a column of the report index (the state,
    never empty) rather than the id, which is not in it: PostgreSQL then reads the period's
    mobilities from the index alone, without visiting the table."""
    return Count("state", filter=condition)


def mobilities(period: ReportPeriod) -> QuerySet:
    """The mobilities of the period."""
    return (
        Application.objects.filter(state__in=ApplicationState.PLACE_HOLDING_STATES)
        .filter(period.applications_filter())
        .order_by()
    )


@dataclass
class PartnerCounts:
    """One partner's mobilities of the period, by (direction, stage, participant kind): only the
    cells that hold any."""

    pk: int
    name: str
    city: str
    country: str
    counts: dict[tuple[str, str, str], int]

    @cached_property
    def where(self) -> str:
        return where_of_country(self.country)

    @cached_property
    def _by_direction(self) -> dict[str, int]:
        # Summed once: the tables by country, city and partner each ask it.
        totals = dict.fromkeys(DIRECTIONS, 0)
        for (direction, _s, _k), value in self.counts.items():
            totals[direction] += value
        return totals

    def by_direction(self) -> dict[str, int]:
        return dict(self._by_direction)


@dataclass
class Figures:
    """The mobility figures of a period, read once and shared by the tables and the text."""

    partners: list[PartnerCounts]
    programs: dict[int | None, dict[str, int]]
    program_names: dict[int, str]


_CELLS = [(d, s, k) for d in DIRECTIONS for s, _label in STAGES for k in KINDS]


def _kept_cell(direction: str, stage: str, kind: str) -> Sum:
    """A cell of the figures from the counts kept per period and partner: its stage's states."""
    columns = [F(partner_count_column(direction, state, kind)) for state in STAGE_STATES[stage]]
    return Sum(reduce(operator.add, columns))


def figures(period: ReportPeriod, *, with_programs: bool = True) -> Figures:
    """The figures by partner from the counts the database keeps per academic period and partner
    (PartnerCount: one row per pair, 14,482 at 100,000 mobilities, where counting the mobilities
    read all 100,000 for five years); the programs from the counts kept per academic period and
    program (ProgramCount), their names looked up by primary key. A table that needs no
    programs skips their two queries."""
    aggregates = {f"n{index}": _kept_cell(*cell) for index, cell in enumerate(_CELLS)}
    # One partner per id, so MIN is its name: read in the same pass rather than looked up by
    # a list of a thousand ids afterwards (compiling that list cost more than the counting).
    rows: Iterable[Mapping[str, Any]] = (
        PartnerCount.objects.filter(period.applications_filter())
        .order_by()
        .values("partner_id")
        .annotate(
            **aggregates,
            shown_name=Min(localized("partner__name")),
            shown_city=Min(localized("partner__city")),
            country=Min("partner__country"),
        )
    )
    partners = [
        PartnerCounts(
            row["partner_id"],
            row["shown_name"],
            row["shown_city"],
            row["country"],
            # Only the cells that hold mobilities: a partner has a few of the 30, and every
            # table and the text walk them.
            {cell: row[f"n{index}"] for index, cell in enumerate(_CELLS) if row[f"n{index}"]},
        )
        for row in rows
    ]
    # A partner whose mobilities of the period are all gone keeps a row of zeros.
    partners = sorted(
        (partner for partner in partners if partner.counts),
        key=lambda partner: (partner.name or "", partner.pk),
    )
    if not with_programs:
        return Figures(partners, {}, {})
    by_program: Iterable[Mapping[str, Any]] = (
        ProgramCount.objects.filter(period.applications_filter())
        .order_by()
        .values("program_id")
        .annotate(**{d: Sum(d) for d in DIRECTIONS})
    )
    # A program whose mobilities of the period are all gone keeps a row of zeros.
    programs: dict[int | None, dict[str, int]] = {
        row["program_id"]: {d: row[d] for d in DIRECTIONS}
        for row in by_program
        if any(row[d] for d in DIRECTIONS)
    }
    ids = [pk for pk in programs if pk is not None]
    names = (
        {
            row["pk"]: row["shown_name"]
            for row in EducationalProgram.objects.filter(pk__in=ids).values(
                "pk", shown_name=localized("name")
            )
        }
        if ids
        else {}
    )
    return Figures(partners, programs, names)


@lru_cache(maxsize=64)
def _drill_down_base(period: ReportPeriod, script_prefix: str, urlconf: Any) -> str:
    return reverse("reports:mobilities", urlconf=urlconf) + "?" + period.querystring()


def drill_down_url(period: ReportPeriod, **filters: Any) -> str:
    """The list of the mobilities behind a figure."""
    # The address and the period's part are the same for every figure of a report (hundreds
    # on the page): worked out once, the figure's filters added after them.
    base = _drill_down_base(period, get_script_prefix(), get_urlconf())
    shown = {key: str(value) for key, value in filters.items() if value is not None}
    shown = {key: value for key, value in shown.items() if value != ""}
    return f"{base}&{urlencode(shown)}" if shown else base


class DrillDown:
    """A figure's drill-down link, worked out only when it is shown: a table keeps every row for
    the exports, which link nothing, and the page shows a bounded number of them, so the cost of
    the links (a reverse and a query string each) does not grow with the partners."""

    __slots__ = ("filters", "period")

    def __init__(self, period: ReportPeriod, **filters: Any) -> None:
        self.period = period
        self.filters = filters

    def __str__(self) -> str:
        return drill_down_url(self.period, **self.filters)

    def __eq__(self, other: object) -> bool:
        return str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))


@dataclass
class Cell:
    value: Any
    url: str | DrillDown = ""
    numeric: bool = True

    @property
    def plain(self) -> Any:
        return self.value if self.numeric else str(self.value)


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    total: list[Cell] | None = None
    note: str = ""
    # The most rows the page shows (None: all); the exports and the drill-down have them all.
    on_page: int | None = None

    @property
    def page_rows(self) -> list[list[Cell]]:
        return self.rows if self.on_page is None else self.rows[: self.on_page]

    @property
    def more_rows(self) -> int:
        """Rows the page leaves out."""
        return len(self.rows) - len(self.page_rows)

    def plain_rows(self) -> list[list[Any]]:
        """Header, rows and total as plain values, for the CSV and XLSX exports."""
        rows = [[str(column) for column in self.columns]]
        rows += [[cell.plain for cell in row] for row in self.rows]
        if self.total:
            rows.append([cell.plain for cell in self.total])
        return rows


def label(value: Any) -> Cell:
    return Cell(value, numeric=False)


def _direction_columns(counts: dict[str, int], period: ReportPeriod, **filters: Any) -> list[Cell]:
    """Outgoing, incoming and total cells of one row, each linked to its mobilities."""
    outgoing = counts.get(Direction.OUTGOING, 0)
    incoming = counts.get(Direction.INCOMING, 0)
    return [
        Cell(outgoing, DrillDown(period, direction=Direction.OUTGOING, **filters)),
        Cell(incoming, DrillDown(period, direction=Direction.INCOMING, **filters)),
        Cell(outgoing + incoming, DrillDown(period, **filters)),
    ]


def _direction_headers() -> list[str]:
    return [_("Outgoing"), _("Incoming"), _("Total")]


def _total_row(rows: list[list[Cell]], first: int, period: ReportPeriod) -> list[Cell]:
    """Sums of the numeric columns from `first` on, linked like the columns they sum."""
    width = len(rows[0]) if rows else first + 3
    total = [label(_("Total"))] + [label("") for _ in range(first - 1)]
    directions = [Direction.OUTGOING, Direction.INCOMING, None]
    for index in range(first, width):
        value = sum(row[index].value for row in rows)
        direction = directions[index - first] if index - first < 3 else None
        total.append(Cell(value, drill_down_url(period, direction=direction)))
    return total


def overview(period: ReportPeriod, found: Figures | None = None) -> Table:
    """Mobilities by direction, domestic or foreign, and stage."""
    counts: dict[tuple, int] = defaultdict(int)
    if found is None:
        # By itself (the dashboard's table): one aggregate, no partner looked up.
        keys = [(d, w, s) for d in DIRECTIONS for w, _w in WHERE for s, _s in STAGES]
        row = mobilities(period).aggregate(
            **{
                f"n{index}": count_where(Q(direction=d, state__in=STAGE_STATES[s]) & where_q(w))
                for index, (d, w, s) in enumerate(keys)
            }
        )
        counts.update({key: row[f"n{index}"] for index, key in enumerate(keys)})
    else:
        for partner in found.partners:
            for (direction, stage, _kind), value in partner.counts.items():
                counts[(direction, partner.where, stage)] += value
    table = Table(
        "overview",
        _("Mobilities by direction and stage"),
        [_("Mobility"), *(capfirst(name) for _stage, name in STAGES), _("Total")],
    )
    for direction, direction_label in Direction.choices:
        for where, where_label in WHERE:
            cells = [label(capfirst(f"{direction_label} · {where_label}"))]
            for stage, _name in STAGES:
                cells.append(
                    Cell(
                        counts.get((direction, where, stage), 0),
                        drill_down_url(period, direction=direction, where=where, stage=stage),
                    )
                )
            cells.append(
                Cell(
                    sum(cell.value for cell in cells[1:]),
                    drill_down_url(period, direction=direction, where=where),
                )
            )
            table.rows.append(cells)
    total = [label(_("Total"))]
    for index, (stage, _name) in enumerate(STAGES, start=1):
        total.append(
            Cell(sum(row[index].value for row in table.rows), drill_down_url(period, stage=stage))
        )
    total.append(Cell(sum(row[-1].value for row in table.rows), drill_down_url(period)))
    table.total = total
    return table


def _summed(groups: dict[Any, dict[str, int]], key: Any, counts: dict[str, int]) -> None:
    entry = groups.setdefault(key, {})
    for direction, value in counts.items():
        if value:
            entry[direction] = entry.get(direction, 0) + value


def _by_total(item: tuple[Any, dict[str, int]]) -> int:
    return -sum(item[1].values())


def by_participant_kind(period: ReportPeriod, found: Figures | None = None) -> Table:
    found = found or figures(period, with_programs=False)
    groups: dict[str, dict[str, int]] = defaultdict(dict)
    for partner in found.partners:
        for (direction, _stage, kind), value in partner.counts.items():
            by_direction = groups[kind]
            by_direction[direction] = by_direction.get(direction, 0) + value
    table = Table("participants", _("Mobilities by participant"), [_("Participant")])
    table.columns += _direction_headers()
    for kind, kind_label in ParticipantKind.choices:
        counts = groups.get(kind, {})
        if counts:
            table.rows.append(
                [label(capfirst(kind_label)), *_direction_columns(counts, period, kind=kind)]
            )
    table.total = _total_row(table.rows, 1, period)
    return table


def by_country(period: ReportPeriod, found: Figures | None = None) -> Table:
    found = found or figures(period, with_programs=False)
    groups: dict[str, dict[str, int]] = {}
    for partner in found.partners:
        _summed(groups, partner.country, partner.by_direction())
    table = Table("countries", _("Mobilities by country"), [_("Country")])
    table.columns += _direction_headers()
    items = sorted(
        groups.items(),
        key=lambda item: (_by_total(item), collation_key(country_name(item[0]))),
    )
    for code, counts in items:
        table.rows.append(
            [label(country_name(code)), *_direction_columns(counts, period, country=code)]
        )
    table.total = _total_row(table.rows, 1, period)
    return table


def by_city(period: ReportPeriod, found: Figures | None = None) -> Table:
    found = found or figures(period, with_programs=False)
    groups: dict[tuple[str, str], dict[str, int]] = {}
    for partner in found.partners:
        _summed(groups, (partner.country, partner.city), partner.by_direction())
    table = Table(
        "cities", _("Mobilities by city"), [_("City"), _("Country")], on_page=ROWS_ON_PAGE
    )
    table.columns += _direction_headers()
    items = sorted(groups.items(), key=lambda item: (_by_total(item), item[0][1]))
    for (code, city), counts in items:
        table.rows.append(
            [
                label(city),
                label(country_name(code)),
                *_direction_columns(counts, period, country=code, city=city),
            ]
        )
    table.total = _total_row(table.rows, 2, period)
    return table


def by_partner(period: ReportPeriod, found: Figures | None = None) -> Table:
    found = found or figures(period, with_programs=False)
    table = Table(
        "partners",
        _("Mobilities by partner"),
        [_("Partner"), _("City"), _("Country")],
        on_page=ROWS_ON_PAGE,
    )
    table.columns += _direction_headers()
    items = sorted(
        ((partner, partner.by_direction()) for partner in found.partners),
        key=lambda item: (-sum(item[1].values()), item[0].name),
    )
    for partner, counts in items:
        table.rows.append(
            [
                label(partner.name),
                label(partner.city),
                label(country_name(partner.country)),
                *_direction_columns(counts, period, partner=partner.pk),
            ]
        )
    table.total = _total_row(table.rows, 3, period)
    return table


def by_program(period: ReportPeriod, found: Figures | None = None) -> Table:
    found = found or figures(period)
    table = Table("programs", _("Mobilities by educational program"), [_("Educational program")])
    table.columns += _direction_headers()

    def name_of(pk: int | None) -> str | None:
        return found.program_names.get(pk) if pk is not None else None

    items = sorted(
        found.programs.items(), key=lambda item: (_by_total(item), name_of(item[0]) or "")
    )
    for pk, counts in items:
        name = name_of(pk)
        table.rows.append(
            [
                label(name or _("No program recorded")),
                *_direction_columns(counts, period, program=pk or "none"),
            ]
        )
    table.total = _total_row(table.rows, 1, period)
    return table


def credits_recognized(period: ReportPeriod) -> Table:
    """Credits of approved transcripts: recognized at home (outgoing), earned here (incoming)."""
    # One row per participant (a mobility has at most one approved transcript, and each keeps
    # what its lines count), grouped by direction and the partner's country: at 100,000
    # mobilities five years took 125 ms over every line, counting distinct participants (a
    # sort on disk), and take about 55 ms so.
    prefix = "application__"
    grouped = (
        Transcript.objects.filter(
            period.applications_filter(prefix),
            state=Transcript.State.APPROVED,
            **{f"{prefix}state__in": ApplicationState.PLACE_HOLDING_STATES},
        )
        .order_by()
        .values(f"{prefix}direction", f"{prefix}partner__country")
        .annotate(
            participants=Count("id"),
            disciplines=Sum("disciplines_counted"),
            credits=Sum("credits_counted"),
        )
    )
    rows: dict[tuple[str, str], dict[str, Any]] = defaultdict(
        lambda: {"participants": 0, "disciplines": 0, "credits": Decimal(0)}
    )
    for row in grouped:
        entry = rows[
            (row[f"{prefix}direction"], where_of_country(row[f"{prefix}partner__country"]))
        ]
        entry["participants"] += row["participants"]
        entry["disciplines"] += row["disciplines"]
        entry["credits"] += row["credits"]
    table = Table(
        "credits",
        _("Credits recognized"),
        [_("Mobility"), _("Participants"), _("Disciplines counted"), _("Credits")],
        note=_(
            "From approved transcripts: credits recognized here for outgoing participants, "
            "credits earned here by incoming ones."
        ),
    )
    for direction, direction_label in Direction.choices:
        for where, where_label in WHERE:
            row = rows.get((direction, where), {})
            url = drill_down_url(period, direction=direction, where=where, recognized="true")
            table.rows.append(
                [
                    label(capfirst(f"{direction_label} · {where_label}")),
                    Cell(row.get("participants", 0), url),
                    Cell(row.get("disciplines", 0)),
                    Cell(row.get("credits") or Decimal(0)),
                ]
            )
    table.total = [
        label(_("Total")),
        Cell(
            sum(row[1].value for row in table.rows),
            drill_down_url(period, recognized="true"),
        ),
        Cell(sum(row[2].value for row in table.rows)),
        Cell(sum((row[3].value for row in table.rows), Decimal(0))),
    ]
    return table


def agreements_in_force(period: ReportPeriod) -> QuerySet:
    """Agreements (not archived) in force on at least one day of the period."""
    starts, ends = period.dates
    return (
        Agreement.objects.active()
        .filter(valid_from__lte=ends)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=starts))
    )


def agreements_by_country(period: ReportPeriod) -> Table:
    _starts, ends = period.dates
    ending_by = ends + timedelta(days=settings.AGREEMENT_EXPIRING_DAYS)
    kinds = Agreement.Kind.choices
    groups: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in (
        agreements_in_force(period)
        .order_by()
        .values("partner__country", "kind")
        .annotate(
            total=Count("id"),
            ending=Count("id", filter=Q(valid_until__lte=ending_by)),
        )
    ):
        entry = groups[row["partner__country"]]
        entry[row["kind"]] += row["total"]
        entry["total"] += row["total"]
        entry["ending"] += row["ending"]
    table = Table(
        "agreements",
        _("Agreements in force by country and kind"),
        [
            _("Country"),
            *(capfirst(kind_label) for _kind, kind_label in kinds),
            _("In force"),
            _("Ending by %(date)s") % {"date": date_format(ending_by, "SHORT_DATE_FORMAT")},
        ],
        note=_(
            "Agreements in force on at least one day of the period; the last column counts "
            "those whose validity ends before the period is over or within %(days)d days after."
        )
        % {"days": settings.AGREEMENT_EXPIRING_DAYS},
    )
    items = sorted(
        groups.items(),
        key=lambda item: (-item[1]["total"], collation_key(country_name(item[0]))),
    )
    for code, entry in items:
        table.rows.append(
            [
                label(country_name(code)),
                *(Cell(entry[kind]) for kind, _kind_label in kinds),
                Cell(entry["total"]),
                Cell(entry["ending"]),
            ]
        )
    table.total = [label(_("Total"))] + [
        Cell(sum(row[index].value for row in table.rows)) for index in range(1, len(table.columns))
    ]
    return table


def ranked(counts: dict[str, int]) -> list[str]:
    """Names, the largest count first, then alphabetically: the order the office lists them."""
    return [name for name, _count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


@dataclass
class PartnerTotals:
    domestic: int
    domestic_cities: list[str]
    foreign: int
    foreign_countries: list[str]


def partner_totals(period: ReportPeriod) -> PartnerTotals:
    """Partners with an agreement in force during the period, and where they are.

    Cities and countries come most partners first, as the office lists them.
    """
    rows = (
        Institution.objects.partners()
        .filter(agreements__in=agreements_in_force(period))
        .order_by()
        .values("country", "city")
        .annotate(partners=Count("id", distinct=True))
    )
    cities: dict[str, int] = defaultdict(int)
    foreign: dict[str, int] = defaultdict(int)
    for row in rows:
        if row["country"] == HOME_COUNTRY:
            cities[row["city"]] += row["partners"]
        else:
            foreign[country_name(row["country"])] += row["partners"]

    return PartnerTotals(
        domestic=sum(cities.values()),
        domestic_cities=ranked(cities),
        foreign=sum(foreign.values()),
        foreign_countries=ranked(foreign),
    )


def partners_table(totals: PartnerTotals) -> Table:
    table = Table(
        "partner_totals",
        _("Partners with an agreement in force"),
        [_("Figure"), pgettext("count", "Number"), _("Which")],
    )
    table.rows = [
        [label(_("Kazakhstani partner universities")), Cell(totals.domestic), label("")],
        [
            label(_("Their cities")),
            Cell(len(totals.domestic_cities)),
            label(", ".join(totals.domestic_cities)),
        ],
        [label(_("Foreign partner institutions")), Cell(totals.foreign), label("")],
        [
            label(_("Their countries")),
            Cell(len(totals.foreign_countries)),
            label(", ".join(totals.foreign_countries)),
        ],
    ]
    return table


def trend(period: ReportPeriod) -> Table:
    """Mobilities per academic year, whole years, across the years the period compares."""
    years = period.trend_years
    # From the counts the database keeps per academic period (PeriodCount): a few hundred rows
    # whatever the number of mobilities, rather than every mobility of the years.
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    for row in (
        PeriodCount.objects.filter(
            period__academic_year__in=years, state__in=ApplicationState.PLACE_HOLDING_STATES
        )
        .order_by()
        .values("period__academic_year", "direction", "domestic")
        .annotate(mobilities=Sum("total"))
    ):
        where = DOMESTIC if row["domestic"] else FOREIGN
        counts[(row["period__academic_year"], row["direction"], where)] += row["mobilities"]
    columns = [
        (d, w) for d in (Direction.OUTGOING, Direction.INCOMING) for w in (DOMESTIC, FOREIGN)
    ]
    labels = dict(Direction.choices) | dict(WHERE)
    table = Table(
        "trend",
        _("Mobilities across academic years"),
        [
            _("Academic year"),
            *(capfirst(f"{labels[d]} · {labels[w]}") for d, w in columns),
            _("Total"),
        ],
    )
    for year in years:
        year_period = ReportPeriod(scope=SCOPE_YEAR, year=year)
        cells = [label(year)]
        for direction, where in columns:
            cells.append(
                Cell(
                    counts.get((year, direction, where), 0),
                    drill_down_url(year_period, direction=direction, where=where),
                )
            )
        cells.append(Cell(sum(cell.value for cell in cells[1:]), drill_down_url(year_period)))
        table.rows.append(cells)
    table.total = [label(_("Total"))] + [
        Cell(sum(row[index].value for row in table.rows)) for index in range(1, len(columns) + 2)
    ]
    return table
