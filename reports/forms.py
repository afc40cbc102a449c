from crispy_forms.layout import Column, Row, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import QuickSelect, form_helper

from .periods import (
    MAX_RANGE_YEARS,
    SCOPE_CALENDAR,
    SCOPE_CHOICES,
    SCOPE_RANGE,
    SCOPE_TERM,
    TERM_CHOICES,
    ReportPeriod,
    academic_year,
    first_year,
)

FIRST_YEAR = 1990


class PeriodForm(forms.Form):
    """The period chooser; read from the URL, so a report can be bookmarked and shared."""

    # The options written in Python (QuickSelect): two lists of every academic year since 1990,
    # about 80 options, would otherwise render a template each on every report page.
    scope = forms.ChoiceField(label=_("Report on"), choices=SCOPE_CHOICES, widget=QuickSelect)
    year = forms.ChoiceField(label=_("Academic year"), required=False, widget=QuickSelect)
    term = forms.ChoiceField(
        label=_("Term"), choices=TERM_CHOICES, required=False, widget=QuickSelect
    )
    calendar_year = forms.IntegerField(
        label=_("Calendar year"), min_value=2000, max_value=2100, required=False
    )
    year_to = forms.ChoiceField(label=_("to academic year"), required=False, widget=QuickSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every academic year from 2000 to next year, not only those with periods: the trend and
        # a range compare years that may have had no mobility.
        last = timezone.localdate().year + 1
        years = [academic_year(first) for first in range(last, FIRST_YEAR - 1, -1)]
        choices = [("", "—"), *((year, year) for year in years)]
        self.fields["year"].choices = choices
        self.fields["year_to"].choices = choices
        # Unlike the other forms, the page leaves its <form> tag (a GET) to crispy.
        self.helper = form_helper(
            Row(
                Column("scope", css_class="col-sm-6 col-lg-3"),
                Column("year", css_class="col-sm-6 col-lg-2"),
                Column("term", css_class="col-sm-6 col-lg-2"),
                Column("calendar_year", css_class="col-sm-6 col-lg-2"),
                Column("year_to", css_class="col-sm-6 col-lg-2"),
                Column(
                    Submit("", _("Show"), css_class="mt-lg-4"),
                    css_class="col-lg-1 d-flex align-items-start",
                ),
            ),
            form_tag=True,
            form_method="get",
            form_id="period-form",
        )

    def clean(self) -> dict:
        data = super().clean()
        scope = data.get("scope")
        if scope == SCOPE_CALENDAR:
            if data.get("calendar_year") is None:
                self.add_error("calendar_year", _("Give the calendar year, for example 2022."))
            return data
        if not data.get("year"):
            self.add_error("year", _("Choose the academic year."))
            return data
        if scope == SCOPE_TERM and not data.get("term"):
            self.add_error("term", _("Choose the term: autumn or spring."))
        if scope == SCOPE_RANGE:
            last = data.get("year_to")
            if not last:
                self.add_error("year_to", _("Choose the last academic year of the range."))
            elif first_year(last) < first_year(data["year"]):
                self.add_error("year_to", _("The range must end in or after the year it starts."))
            elif first_year(last) - first_year(data["year"]) >= MAX_RANGE_YEARS:
                self.add_error(
                    "year_to",
                    _("Compare at most %(count)d academic years at once.")
                    % {"count": MAX_RANGE_YEARS},
                )
        return data

    def period(self) -> ReportPeriod:
        data = self.cleaned_data
        scope = data["scope"]
        if scope == SCOPE_CALENDAR:
            return ReportPeriod(scope=scope, calendar_year=data["calendar_year"])
        return ReportPeriod(
            scope=scope,
            year=data["year"],
            term=data["term"] if scope == SCOPE_TERM else "",
            year_to=data["year_to"] if scope == SCOPE_RANGE else "",
        )
