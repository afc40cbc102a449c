import functools

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import QuickSelect

from .models import HOME_COUNTRY, Agreement, AgreementState, Institution
from .selectors import partner_countries

SCOPE_CHOICES = [("domestic", _("domestic (Kazakhstan)")), ("foreign", _("foreign"))]


class PartnerCountryMixin:
    """The country filter offers the countries that have partners, not all 250 in the world: a
    list that does not grow with the register, read when the form is shown or a country chosen
    (a callable, so an export without a country never reads it)."""

    filters: dict[str, django_filters.Filter]  # the FilterSet's, which this mixin precedes

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Cached for this filter: validating and rendering each read the choices.
        self.filters["country"].extra["choices"] = functools.cache(partner_countries)


class InstitutionFilter(PartnerCountryMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    country = django_filters.ChoiceFilter(label=_("Country"), choices=[], widget=QuickSelect)
    city = django_filters.CharFilter(label=_("City"), method="filter_city")
    scope = django_filters.ChoiceFilter(
        label=_("Domestic or foreign"),
        choices=SCOPE_CHOICES,
        method="filter_scope",
        widget=QuickSelect,
    )

    class Meta:
        model = Institution
        fields = ["q", "country", "city", "scope"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_city(self, queryset, name, value):
        return queryset.in_city(value)

    def filter_scope(self, queryset, name, value):
        return queryset.domestic() if value == "domestic" else queryset.foreign()


class AgreementFilter(PartnerCountryMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    country = django_filters.ChoiceFilter(
        label=_("Country"), choices=[], field_name="partner__country", widget=QuickSelect
    )
    city = django_filters.CharFilter(label=_("City"), method="filter_city")
    scope = django_filters.ChoiceFilter(
        label=_("Domestic or foreign"),
        choices=SCOPE_CHOICES,
        method="filter_scope",
        widget=QuickSelect,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Agreement.Kind.choices, widget=QuickSelect
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=AgreementState.choices, method="filter_state", widget=QuickSelect
    )

    class Meta:
        model = Agreement
        fields = ["q", "country", "city", "scope", "kind", "state"]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_city(self, queryset, name, value):
        return queryset.filter(partner__in=Institution.objects.in_city(value))

    def filter_scope(self, queryset, name, value):
        if value == "domestic":
            return queryset.filter(partner__country=HOME_COUNTRY)
        return queryset.exclude(partner__country=HOME_COUNTRY)

    def filter_state(self, queryset, name, value):
        return queryset.in_state(value, on=timezone.localdate())

    @property
    def qs(self):
        queryset = super().qs
        # Archived agreements stay out of the list unless asked for by state.
        if not (self.is_bound and self.form.is_valid() and self.form.cleaned_data.get("state")):
            queryset = queryset.active()
        return queryset
