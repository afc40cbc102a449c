from django.contrib import admin

from .models import DocumentDefault


@admin.register(DocumentDefault)
class DocumentDefaultAdmin(admin.ModelAdmin):
    """Set on the Document languages page; listed here with who changed each and when."""

    list_display = ["document", "language", "updated_at", "updated_by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
