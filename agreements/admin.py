from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AcademicPeriod,
    Agreement,
    Contact,
    CooperationCondition,
    EducationalProgram,
    Institution,
)


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


class ConditionInline(admin.StackedInline):
    model = CooperationCondition
    extra = 0


@admin.register(Institution)
class InstitutionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "country", "city", "code", "is_home"]
    list_filter = ["is_home", "country"]
    search_fields = ["name", "name_local", "city", "code"]
    inlines = [ContactInline]


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ["name", "position", "institution", "email", "phone"]
    list_select_related = ["institution"]
    search_fields = ["name", "email", "institution__name"]


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["number", "partner", "kind", "valid_from", "valid_until", "archived_at"]
    list_filter = ["kind", "partner__country"]
    list_select_related = ["partner"]
    search_fields = ["number", "partner__name"]
    date_hierarchy = "valid_from"
    inlines = [ConditionInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Agreements are archived, never deleted: applications and the history refer to them.
        return False


@admin.register(CooperationCondition)
class CooperationConditionAdmin(SimpleHistoryAdmin):
    list_display = ["agreement", "direction", "mobility_type", "places_per_year"]
    list_select_related = ["agreement__partner"]
    list_filter = ["direction", "mobility_type"]


@admin.register(AcademicPeriod)
class AcademicPeriodAdmin(SimpleHistoryAdmin):
    list_display = ["academic_year", "term", "starts_on", "ends_on"]
    list_filter = ["term"]


@admin.register(EducationalProgram)
class EducationalProgramAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "level"]
    search_fields = ["code", "name"]
