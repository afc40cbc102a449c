from django.contrib import admin
from django.utils.text import capfirst
from modeltranslation.admin import TranslationAdmin

from . import services
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
class ApplicationRoundAdmin(TranslationAdmin):
    list_display = ["title", "period", "direction", "opens_on", "closes_on"]
    list_select_related = ["period"]
    inlines = [RoundPlaceInline]


@admin.register(RoundPlace)
class RoundPlaceAdmin(admin.ModelAdmin):
    list_display = ["round", "agreement", "places"]
    list_select_related = ["round__period", "agreement__partner"]


class KeptWhole:
    """The parts of an application's record are never deleted here: a draft takes them with it
    when it is deleted; an application that has left draft keeps them for good (it is archived
    once closed)."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class DocumentInline(KeptWhole, admin.TabularInline):
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

    def has_delete_permission(self, request, obj=None) -> bool:
        # A draft, one at a time; without `obj` (the list's bulk deletion), none.
        if obj is None or not obj.may_be_deleted:
            return False
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        # A draft's parts refuse deletion on their own (see KeptWhole); the draft takes them with
        # it, so they are listed for the confirmation, not refused.
        listed: list = []
        for application in objs:
            parts = [
                *application.documents.all(),
                *DocumentFile.objects.filter(document__application=application),
                *application.curriculum_versions.all(),
                *Questionnaire.objects.filter(application=application),
                *application.signatures.all(),
                *application.events.all(),
            ]
            listed += [
                str(application),
                [f"{capfirst(part._meta.verbose_name)}: {part}" for part in parts],
            ]
        return listed, {Application._meta.verbose_name_plural: len(objs)}, set(), []

    def delete_model(self, request, obj) -> None:
        services.application_delete_draft(application=obj, by=request.user)


@admin.register(Document)
class DocumentAdmin(KeptWhole, admin.ModelAdmin):
    list_display = ["application", "kind", "state"]
    list_select_related = ["application__partner"]
    list_filter = ["kind", "state"]
    raw_id_fields = ["application", "decided_by"]


@admin.register(DocumentFile)
class DocumentFileAdmin(KeptWhole, admin.ModelAdmin):
    list_display = ["document", "original_name", "content_kind", "size", "uploaded_at"]
    list_select_related = ["document__application__partner"]
    raw_id_fields = ["document", "uploaded_by"]


@admin.register(ApplicationEvent)
class ApplicationEventAdmin(KeptWhole, admin.ModelAdmin):
    list_display = ["application", "action", "from_state", "to_state", "by", "at"]
    list_select_related = ["application__partner", "by"]
    raw_id_fields = ["application", "by"]


@admin.register(Questionnaire)
class QuestionnaireAdmin(KeptWhole, admin.ModelAdmin):
    list_display = ["application", "citizenship", "phone"]
    list_select_related = ["application__partner"]
    raw_id_fields = ["application"]


class CurriculumLineInline(KeptWhole, admin.TabularInline):
    model = CurriculumLine
    extra = 0


@admin.register(CurriculumVersion)
class CurriculumVersionAdmin(KeptWhole, admin.ModelAdmin):
    list_display = ["application", "number", "reason", "state"]
    list_select_related = ["application__partner"]
    raw_id_fields = ["application", "created_by", "approved_by"]
    inlines = [CurriculumLineInline]


@admin.register(CurriculumLine)
class CurriculumLineAdmin(KeptWhole, admin.ModelAdmin):
    list_display = ["version", "host_title", "host_credits", "home_title", "home_credits"]
    list_select_related = ["version__application__partner"]
    raw_id_fields = ["version"]


@admin.register(Signature)
class SignatureAdmin(KeptWhole, admin.ModelAdmin):
    list_display = ["application", "party", "status", "signed_on"]
    list_select_related = ["application__partner"]
    raw_id_fields = ["application", "recorded_by"]
