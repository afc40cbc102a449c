import django_filters
from django.utils.translation import gettext_lazy as _

from agreements.filters import SCOPE_CHOICES, PartnerCountryMixin
from agreements.models import AcademicPeriod, Direction, EducationalProgram
from core.forms import QuickSelect
from core.search import search_fields, search_filter
from core.widgets import AutocompleteSelect

from .models import Application, ApplicationRound, ApplicationState, ParticipantKind


class ApplicationFilter(PartnerCountryMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or reference"), method="filter_search")
    period = django_filters.ModelChoiceFilter(
        label=_("Period"), queryset=AcademicPeriod.objects.all(), widget=QuickSelect
    )
    direction = django_filters.ChoiceFilter(
        label=_("Direction"), choices=Direction.choices, widget=QuickSelect
    )
    scope = django_filters.ChoiceFilter(
        label=_("Domestic or foreign"),
        choices=SCOPE_CHOICES,
        method="filter_scope",
        widget=QuickSelect,
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"), choices=[], field_name="partner__country", widget=QuickSelect
    )
    # A text filter: a select of every partner would cost more than the whole page.
    partner = django_filters.CharFilter(label=_("Partner"), method="filter_partner")
    program = django_filters.ModelChoiceFilter(
        label=_("Program"),
        queryset=EducationalProgram.objects.all(),
        widget=AutocompleteSelect("agreements:program_choices"),
    )
    participant_kind = django_filters.ChoiceFilter(
        label=_("Participant"), choices=ParticipantKind.choices, widget=QuickSelect
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=ApplicationState.choices, widget=QuickSelect
    )
    archive = django_filters.ChoiceFilter(
        label=_("Archive"),
        widget=QuickSelect,
        choices=[("archived", _("archived only")), ("all", _("archived included"))],
        empty_label=_("not archived"),
        method="filter_archive",
    )

    class Meta:
        model = Application
        fields = [
            "q",
            "period",
            "direction",
            "scope",
            "country",
            "partner",
            "program",
            "participant_kind",
            "state",
            "archive",
        ]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_partner(self, queryset, name, value):
        # Any language of the partner's name, any case, Cyrillic or Latin.
        fields = search_fields(Application, "partner__name", "partner__name_local")
        return search_filter(queryset, value, fields)

    def filter_scope(self, queryset, name, value):
        return queryset.domestic() if value == "domestic" else queryset.foreign()

    def filter_archive(self, queryset, name, value):
        return queryset.archived() if value == "archived" else queryset

    @property
    def qs(self):
        queryset = super().qs
        # Archived applications stay out of the working list unless asked for.
        if not (self.is_bound and self.form.is_valid() and self.form.cleaned_data.get("archive")):
            queryset = queryset.active()
        return queryset


class OrderCandidateFilter(django_filters.FilterSet):
    """Narrows the approved applications an order may list, as an office groups them."""

    round = django_filters.ModelChoiceFilter(
        label=_("Round"), queryset=ApplicationRound.objects.select_related("period")
    )
    period = django_filters.ModelChoiceFilter(
        label=_("Period"), queryset=AcademicPeriod.objects.all()
    )
    direction = django_filters.ChoiceFilter(label=_("Direction"), choices=Direction.choices)

    class Meta:
        model = Application
        fields = ["round", "period", "direction"]
