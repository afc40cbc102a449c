"""The figure a drill-down list stands for: the period plus the row and column of one cell."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from agreements.models import Direction, any_language
from applications.models import Application, ParticipantKind
from transcripts.models import Transcript

from .selectors import STAGE_STATES, STAGES, WHERE, where_q


class MobilityFilter(django_filters.FilterSet):
    direction = django_filters.ChoiceFilter(label=_("Direction"), choices=Direction.choices)
    where = django_filters.ChoiceFilter(
        label=_("Domestic or foreign"), choices=WHERE, method="filter_where"
    )
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=STAGES, method="filter_stage")
    kind = django_filters.ChoiceFilter(
        label=_("Participant"), choices=ParticipantKind.choices, field_name="participant_kind"
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"), choices=countries, field_name="partner__country"
    )
    city = django_filters.CharFilter(label=_("City"), method="filter_city")
    partner = django_filters.NumberFilter(label=_("Partner"), field_name="partner_id")
    program = django_filters.CharFilter(label=_("Program"), method="filter_program")
    recognized = django_filters.BooleanFilter(
        label=_("With an approved transcript"), method="filter_recognized"
    )

    class Meta:
        model = Application
        fields: list[str] = []

    def filter_where(self, queryset, name, value):
        return queryset.filter(where_q(value))

    def filter_city(self, queryset, name, value):
        # The city as a report row names it, in any of its languages.
        return queryset.filter(any_language("partner__city", "exact", value))

    def filter_stage(self, queryset, name, value):
        return queryset.filter(state__in=STAGE_STATES[value])

    def filter_program(self, queryset, name, value):
        if value == "none":
            return queryset.filter(program__isnull=True)
        if not value.isdigit():
            return queryset.none()
        return queryset.filter(program_id=int(value))

    def filter_recognized(self, queryset, name, value):
        approved = Transcript.objects.filter(
            application=OuterRef("pk"), state=Transcript.State.APPROVED
        )
        return queryset.filter(Exists(approved)) if value else queryset.exclude(Exists(approved))
