"""The period a report covers: a term, an academic year, a calendar year or a range of years.

A mobility belongs to the report when its academic period does: a term report counts the
mobilities of that term and those that last the whole academic year; a calendar-year report
counts every period that overlaps the year (the "in 2022" of the university's account,
docs/mobility-office-practice.md, is the spring of 2021-2022 and the autumn of 2022-2023).
"""

from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import Q
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.models import AcademicPeriod

Term = AcademicPeriod.Term

SCOPE_TERM = "term"
SCOPE_YEAR = "year"
SCOPE_CALENDAR = "calendar"
SCOPE_RANGE = "range"
SCOPE_CHOICES = [
    (SCOPE_TERM, gettext_lazy("A term")),
    (SCOPE_YEAR, gettext_lazy("An academic year")),
    (SCOPE_CALENDAR, gettext_lazy("A calendar year")),
    (SCOPE_RANGE, gettext_lazy("A range of academic years")),
]
TERM_CHOICES = [(Term.AUTUMN, Term.AUTUMN.label), (Term.SPRING, Term.SPRING.label)]
TREND_YEARS = 5
MAX_RANGE_YEARS = 20


def academic_year(first: int) -> str:
    return f"{first}-{first + 1}"


def first_year(year: str) -> int:
    return int(year[:4])


@dataclass(frozen=True)
class ReportPeriod:
    scope: str
    year: str = ""  # the academic year; the first one of a range
    term: str = ""
    calendar_year: int | None = None
    year_to: str = ""  # the last academic year of a range
    # The academic periods' ids, once looked up for one report (see resolved()).
    period_ids: tuple[int, ...] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def current(cls, *, on: date) -> "ReportPeriod":
        """The term running on the day (February to August is the spring term)."""
        if on.month >= 9:
            return cls(scope=SCOPE_TERM, year=academic_year(on.year), term=Term.AUTUMN)
        if on.month == 1:
            return cls(scope=SCOPE_TERM, year=academic_year(on.year - 1), term=Term.AUTUMN)
        return cls(scope=SCOPE_TERM, year=academic_year(on.year - 1), term=Term.SPRING)

    def periods_filter(self) -> Q:
        """Which academic periods the report covers."""
        if self.scope == SCOPE_TERM:
            return Q(academic_year=self.year, term__in=[self.term, Term.FULL_YEAR])
        if self.scope == SCOPE_YEAR:
            return Q(academic_year=self.year)
        if self.scope == SCOPE_CALENDAR:
            starts, ends = self.dates
            return Q(starts_on__lte=ends, ends_on__gte=starts)
        return Q(academic_year__gte=self.year, academic_year__lte=self.year_to)

    def applications_filter(self, prefix: str = "") -> Q:
        """The same, as a filter on applications (on a related application with `prefix`,
        "transcript__application__").

        Resolved (see resolved()), the periods' ids are given to the database as values: it
        then takes the period's mobilities from the index, knowing how many there are (11 ms for
        a term's list at 100,000 mobilities, not the 30 ms of reading every year's rows, which
        it chose when it had to guess from a subquery). Unresolved, a subquery on the periods:
        still the (state, period) index, never a join with every year's rows.
        """
        if self.period_ids is not None:
            return Q(**{f"{prefix}period__in": self.period_ids})
        return Q(
            **{
                f"{prefix}period__in": AcademicPeriod.objects.filter(self.periods_filter()).values(
                    "pk"
                )
            }
        )

    def resolved(self) -> "ReportPeriod":
        """The same period with its academic periods' ids looked up: one query, made once per
        report or page, so that an id is never older than the request that uses it."""
        if self.period_ids is not None:
            return self
        ids = AcademicPeriod.objects.filter(self.periods_filter()).order_by("pk")
        return replace(self, period_ids=tuple(ids.values_list("pk", flat=True)))

    @property
    def dates(self) -> tuple[date, date]:
        """First and last day of the report, for the agreements in force during it."""
        if self.scope == SCOPE_TERM:
            return AcademicPeriod.default_dates(self.year, self.term)
        if self.scope == SCOPE_YEAR:
            return AcademicPeriod.default_dates(self.year, Term.FULL_YEAR)
        if self.scope == SCOPE_CALENDAR:
            return date(self.calendar_year, 1, 1), date(self.calendar_year, 12, 31)
        return (
            AcademicPeriod.default_dates(self.year, Term.FULL_YEAR)[0],
            AcademicPeriod.default_dates(self.year_to, Term.FULL_YEAR)[1],
        )

    @property
    def trend_years(self) -> list[str]:
        """The academic years the trend compares: the range itself, or the years up to this one."""
        if self.scope == SCOPE_RANGE:
            last = first_year(self.year_to)
            return [academic_year(first) for first in range(first_year(self.year), last + 1)]
        last = self.calendar_year if self.scope == SCOPE_CALENDAR else first_year(self.year)
        return [academic_year(first) for first in range(last - TREND_YEARS + 1, last + 1)]

    def query(self) -> dict[str, str]:
        """The period as URL parameters, the ones the period form reads."""
        params = {"scope": self.scope}
        if self.scope == SCOPE_CALENDAR:
            params["calendar_year"] = str(self.calendar_year)
        else:
            params["year"] = self.year
        if self.scope == SCOPE_TERM:
            params["term"] = self.term
        if self.scope == SCOPE_RANGE:
            params["year_to"] = self.year_to
        return params

    def querystring(self, **extra: str) -> str:
        return urlencode({**self.query(), **{k: v for k, v in extra.items() if v != ""}})

    @property
    def label(self) -> str:
        """The period as a title: "Spring term 2022-2023"."""
        if self.scope == SCOPE_TERM:
            if self.term == Term.AUTUMN:
                return _("Autumn term %(year)s") % {"year": self.year}
            return _("Spring term %(year)s") % {"year": self.year}
        if self.scope == SCOPE_YEAR:
            return _("Academic year %(year)s") % {"year": self.year}
        if self.scope == SCOPE_CALENDAR:
            return _("Calendar year %(year)s") % {"year": self.calendar_year}
        return _("Academic years %(first)s to %(last)s") % {
            "first": self.year,
            "last": self.year_to,
        }

    @property
    def when(self) -> str:
        """The period as the opening words of a sentence: "In the spring term of …"."""
        if self.scope == SCOPE_TERM:
            if self.term == Term.AUTUMN:
                return _("In the autumn term of the %(year)s academic year") % {"year": self.year}
            return _("In the spring term of the %(year)s academic year") % {"year": self.year}
        if self.scope == SCOPE_YEAR:
            return _("In the %(year)s academic year") % {"year": self.year}
        if self.scope == SCOPE_CALENDAR:
            return _("In %(year)s") % {"year": self.calendar_year}
        return _("In the academic years %(first)s to %(last)s") % {
            "first": self.year,
            "last": self.year_to,
        }

    @property
    def slug(self) -> str:
        """The period in a file name: "spring-2022-2023"."""
        if self.scope == SCOPE_TERM:
            return f"{self.term}-{self.year}"
        if self.scope == SCOPE_YEAR:
            return self.year
        if self.scope == SCOPE_CALENDAR:
            return str(self.calendar_year)
        return f"{self.year}-to-{self.year_to}"
