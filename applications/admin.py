from django.contrib import admin

from .models import (
    Application,
    ApplicationEvent,
    ApplicationRound,
    CurriculumLine,
    CurriculumVersion,
    Document,
    DocumentFile,
    Questionnaire,
    RoundPlace,
    Signature,
)


class RoundPlaceInline(admin.TabularInline):
    model = RoundPlace
    extra = 0
    raw_id_fields = ["agreement"]


@admin.register(ApplicationRound)
class ApplicationRoundAdmin(admin.ModelAdmin):
    list_display = ["title", "period", "direction", "opens_on", "closes_on"]
    list_select_related = ["period"]
    inlines = [RoundPlaceInline]


@admin.register(RoundPlace)
class RoundPlaceAdmin(admin.ModelAdmin):
    list_display = ["round", "agreement", "places"]
    list_select_related = ["round__period", "agreement__partner"]


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    fields = ["kind", "state", "return_reason"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "last_name",
        "first_name",
        "direction",
        "partner",
        "period",
        "state",
    ]
    list_filter = ["state", "direction", "participant_kind"]
    list_select_related = ["partner", "period"]
    search_fields = ["reference", "last_name", "first_name", "email"]
    raw_id_fields = ["participant", "partner", "agreement", "round", "created_by"]
    inlines = [DocumentInline]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["application", "kind", "state"]
    list_select_related = ["application__partner"]
    list_filter = ["kind", "state"]
    raw_id_fields = ["application", "decided_by"]


@admin.register(DocumentFile)
class DocumentFileAdmin(admin.ModelAdmin):
    list_display = ["document", "original_name", "content_kind", "size", "uploaded_at"]
    list_select_related = ["document__application__partner"]
    raw_id_fields = ["document", "uploaded_by"]


@admin.register(ApplicationEvent)
class ApplicationEventAdmin(admin.ModelAdmin):
    list_display = ["application", "action", "from_state", "to_state", "by", "at"]
    list_select_related = ["application__partner", "by"]
    raw_id_fields = ["application", "by"]


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["application", "citizenship", "phone"]
    list_select_related = ["application__partner"]
    raw_id_fields = ["application"]


class CurriculumLineInline(admin.TabularInline):
    model = CurriculumLine
    extra = 0


@admin.register(CurriculumVersion)
class CurriculumVersionAdmin(admin.ModelAdmin):
    list_display = ["application", "number", "reason", "state"]
    list_select_related = ["application__partner"]
    raw_id_fields = ["application", "created_by", "approved_by"]
    inlines = [CurriculumLineInline]


@admin.register(CurriculumLine)
class CurriculumLineAdmin(admin.ModelAdmin):
    list_display = ["version", "host_title", "host_credits", "home_title", "home_credits"]
    list_select_related = ["version__application__partner"]
    raw_id_fields = ["version"]


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = ["application", "party", "status", "signed_on"]
    list_select_related = ["application__partner"]
    raw_id_fields = ["application", "recorded_by"]
