"""The report's figures.

Each table is one grouped query: the database counts, Python only lays out the groups, so the
number of queries and the rows read do not grow with the number of mobilities. A mobility is an
application from its approval on (planned, in mobility, completed); drafts, applications under
review, rejected and withdrawn ones are never counted.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Case, CharField, Count, Q, QuerySet, Sum, Value, When
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from django_countries import countries

from agreements.models import HOME_COUNTRY, AcademicPeriod, Agreement, Direction, Institution
from applications.models import Application, ApplicationState, ParticipantKind
from core.countries import collation_key
from core.three_names import localized
from transcripts.models import Transcript, TranscriptLine

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
STAGE_STATES = {
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


def stage_of(prefix: str = "") -> Case:
    return Case(
        *(
            When(**{f"{prefix}state__in": states}, then=Value(stage))
            for stage, states in STAGE_STATES.items()
        ),
        output_field=CharField(),
    )


def where_of(prefix: str = "") -> Case:
    return Case(
        When(**{f"{prefix}partner__country": HOME_COUNTRY}, then=Value(DOMESTIC)),
        default=Value(FOREIGN),
        output_field=CharField(),
    )


def mobilities(period: ReportPeriod) -> QuerySet:
    """The mobilities of the period, each marked with its stage and whether it is domestic."""
    return (
        Application.objects.filter(state__in=ApplicationState.PLACE_HOLDING_STATES)
        .filter(period.applications_filter())
        .annotate(stage=stage_of(), where=where_of())
        .order_by()
    )


def drill_down_url(period: ReportPeriod, **filters: Any) -> str:
    """The list of the mobilities behind a figure."""
    return (
        reverse("reports:mobilities")
        + "?"
        + period.querystring(
            **{key: str(value) for key, value in filters.items() if value is not None}
        )
    )


@dataclass
class Cell:
    value: Any
    url: str = ""
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
        Cell(outgoing, drill_down_url(period, direction=Direction.OUTGOING, **filters)),
        Cell(incoming, drill_down_url(period, direction=Direction.INCOMING, **filters)),
        Cell(outgoing + incoming, drill_down_url(period, **filters)),
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


def overview(period: ReportPeriod) -> Table:
    """Mobilities by direction, domestic or foreign, and stage."""
    counts: dict[tuple, int] = {
        (row["direction"], row["where"], row["stage"]): row["total"]
        for row in mobilities(period)
        .values("direction", "where", "stage")
        .annotate(total=Count("id"))
    }
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


# Names kept in three languages (agreements/translation.py): grouped by the reader's one.
TRANSLATED_KEYS = {"partner__name", "partner__city", "program__name"}


def _grouped(queryset: QuerySet, *keys: str) -> dict[tuple, dict[str, int]]:
    """Counts by the keys and direction: {(key values): {direction: count}}."""
    aliases = {key: key.replace("__", "_") + "_shown" for key in keys if key in TRANSLATED_KEYS}
    fields = [key for key in keys if key not in aliases]
    shown = {alias: localized(key) for key, alias in aliases.items()}
    groups: dict[tuple, dict[str, int]] = defaultdict(dict)
    for row in queryset.values(*fields, "direction", **shown).annotate(total=Count("id")):
        values = tuple(row[aliases.get(key, key)] for key in keys)
        groups[values][row["direction"]] = row["total"]
    return groups


def _by_total(item: tuple[Any, dict[str, int]]) -> int:
    return -sum(item[1].values())


def by_participant_kind(period: ReportPeriod) -> Table:
    groups = _grouped(mobilities(period), "participant_kind")
    table = Table("participants", _("Mobilities by participant"), [_("Participant")])
    table.columns += _direction_headers()
    for kind, kind_label in ParticipantKind.choices:
        counts = groups.get((kind,), {})
        if counts:
            table.rows.append(
                [label(capfirst(kind_label)), *_direction_columns(counts, period, kind=kind)]
            )
    table.total = _total_row(table.rows, 1, period)
    return table


def by_country(period: ReportPeriod) -> Table:
    groups = _grouped(mobilities(period), "partner__country")
    table = Table("countries", _("Mobilities by country"), [_("Country")])
    table.columns += _direction_headers()
    items = sorted(
        groups.items(),
        key=lambda item: (_by_total(item), collation_key(countries.name(item[0][0]))),
    )
    for (code,), counts in items:
        table.rows.append(
            [label(countries.name(code)), *_direction_columns(counts, period, country=code)]
        )
    table.total = _total_row(table.rows, 1, period)
    return table


def by_city(period: ReportPeriod) -> Table:
    groups = _grouped(mobilities(period), "partner__country", "partner__city")
    table = Table("cities", _("Mobilities by city"), [_("City"), _("Country")])
    table.columns += _direction_headers()
    items = sorted(groups.items(), key=lambda item: (_by_total(item), item[0][1]))
    for (code, city), counts in items:
        table.rows.append(
            [
                label(city),
                label(countries.name(code)),
                *_direction_columns(counts, period, country=code, city=city),
            ]
        )
    table.total = _total_row(table.rows, 2, period)
    return table


def by_partner(period: ReportPeriod) -> Table:
    groups = _grouped(
        mobilities(period), "partner_id", "partner__name", "partner__city", "partner__country"
    )
    table = Table("partners", _("Mobilities by partner"), [_("Partner"), _("City"), _("Country")])
    table.columns += _direction_headers()
    items = sorted(groups.items(), key=lambda item: (_by_total(item), item[0][1]))
    for (pk, name, city, code), counts in items:
        table.rows.append(
            [
                label(name),
                label(city),
                label(countries.name(code)),
                *_direction_columns(counts, period, partner=pk),
            ]
        )
    table.total = _total_row(table.rows, 3, period)
    return table


def by_program(period: ReportPeriod) -> Table:
    groups = _grouped(mobilities(period), "program_id", "program__name")
    table = Table("programs", _("Mobilities by educational program"), [_("Educational program")])
    table.columns += _direction_headers()
    items = sorted(groups.items(), key=lambda item: (_by_total(item), item[0][1] or ""))
    for (pk, name), counts in items:
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
    lines = TranscriptLine.objects.filter(
        transcript__state=Transcript.State.APPROVED,
        transcript__application__in=mobilities(period).values("pk"),
    ).order_by()
    rows = {
        (row["transcript__application__direction"], row["where"]): row
        for row in lines.annotate(where=where_of("transcript__application__"))
        .values("transcript__application__direction", "where")
        .annotate(
            participants=Count("transcript__application", distinct=True),
            disciplines=Count("id", filter=Q(home_credits__gt=0)),
            credits=Sum("home_credits"),
        )
    }
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
        key=lambda item: (-item[1]["total"], collation_key(countries.name(item[0]))),
    )
    for code, entry in items:
        table.rows.append(
            [
                label(countries.name(code)),
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
            foreign[countries.name(row["country"])] += row["partners"]

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
    counts = {
        (row["period__academic_year"], row["direction"], row["where"]): row["total"]
        for row in Application.objects.filter(
            state__in=ApplicationState.PLACE_HOLDING_STATES,
            period__in=AcademicPeriod.objects.filter(academic_year__in=years).values("pk"),
        )
        .annotate(where=where_of())
        .order_by()
        .values("period__academic_year", "direction", "where")
        .annotate(total=Count("id"))
    }
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
