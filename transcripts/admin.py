from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ConversionRow,
    ConversionTable,
    CreditSystem,
    ElmoFile,
    Grade,
    GradingScale,
    PartnerGrading,
)


class GradeInline(TranslationTabularInline):
    model = Grade
    extra = 0
    fields = [
        "position",
        "label",
        "description",
        "numeric_value",
        "percent_min",
        "percent_max",
        "gpa_points",
        "passing",
        "pass_fail_only",
    ]


@admin.register(GradingScale)
class GradingScaleAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["name", "country", "is_home"]
    list_filter = ["is_home"]
    search_fields = ["name_kk", "name_ru", "name_en"]
    inlines = [GradeInline]


class ConversionRowInline(admin.TabularInline):
    model = ConversionRow
    extra = 0
    autocomplete_fields = ["grade", "home_grade"]


@admin.register(Grade)
class GradeAdmin(SimpleHistoryAdmin, TranslationAdmin):
    """Searchable so that conversion rows can pick grades by label or scale."""

    list_display = ["label", "scale", "position", "passing", "pass_fail_only", "gpa_points"]
    list_filter = ["scale"]
    search_fields = ["label", "scale__name_kk", "scale__name_ru", "scale__name_en"]
    list_select_related = ["scale"]


@admin.register(ConversionTable)
class ConversionTableAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["name", "scale", "partner", "source"]
    list_filter = ["scale"]
    search_fields = ["name_kk", "name_ru", "name_en", "partner__name"]
    list_select_related = ["scale", "partner"]
    autocomplete_fields = ["partner"]
    inlines = [ConversionRowInline]


@admin.register(CreditSystem)
class CreditSystemAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["name", "factor"]
    search_fields = ["name_kk", "name_ru", "name_en"]


@admin.register(PartnerGrading)
class PartnerGradingAdmin(admin.ModelAdmin):
    list_display = ["partner", "scale", "credit_system"]
    list_select_related = ["partner", "scale", "credit_system"]
    autocomplete_fields = ["partner"]
    search_fields = ["partner__name"]


@admin.register(ElmoFile)
class ElmoFileAdmin(admin.ModelAdmin):
    """Partners' ELMO files as uploaded: read here, never changed or deleted."""

    list_display = ["original_name", "transcript", "size", "uploaded_by", "uploaded_at"]
    list_select_related = ["transcript__application", "uploaded_by"]
    search_fields = ["original_name", "sha256", "transcript__application__reference"]
    readonly_fields = [
        "transcript",
        "file",
        "original_name",
        "size",
        "sha256",
        "issuer_confirmed",
        "learner_confirmed",
        "uploaded_by",
        "uploaded_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
