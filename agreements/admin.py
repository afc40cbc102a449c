from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AcademicPeriod,
    Agreement,
    Contact,
    CooperationCondition,
    EducationalProgram,
    Institution,
    ReceivedIia,
)


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


class ConditionInline(admin.StackedInline):
    model = CooperationCondition
    extra = 0


@admin.register(Institution)
class InstitutionAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["name", "country", "city", "code", "is_home"]
    list_filter = ["is_home", "country"]
    search_fields = [
        "name_kk",
        "name_ru",
        "name_en",
        "name_local",
        "city_kk",
        "city_ru",
        "city_en",
        "code",
        "erasmus_code",
    ]
    inlines = [ContactInline]


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ["name", "position", "institution", "email", "phone"]
    list_select_related = ["institution"]
    search_fields = [
        "name",
        "email",
        "institution__name_kk",
        "institution__name_ru",
        "institution__name_en",
    ]


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["number", "partner", "kind", "valid_from", "valid_until", "archived_at"]
    list_filter = ["kind", "partner__country"]
    list_select_related = ["partner"]
    search_fields = ["number", "partner__name_kk", "partner__name_ru", "partner__name_en"]
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
class EducationalProgramAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["code", "name", "level"]
    search_fields = ["code", "name_kk", "name_ru", "name_en"]


@admin.register(ReceivedIia)
class ReceivedIiaAdmin(admin.ModelAdmin):
    """Partners' IIA documents as uploaded: read here, never added or deleted (the pages upload
    them; nothing staff uploaded is lost)."""

    list_display = ["__str__", "hei_ids", "agreement", "uploaded_by", "uploaded_at"]
    list_select_related = ["agreement__partner", "uploaded_by"]
    search_fields = ["original_name", "hei_ids", "sha256", "agreement__number"]
    readonly_fields = ["original_name", "hei_ids", "sha256", "uploaded_by", "uploaded_at"]
    fields = [*readonly_fields, "agreement"]
    raw_id_fields = ["agreement"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content")

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
