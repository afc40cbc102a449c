from django.contrib import admin

from .models import EmailConfirmation


@admin.register(EmailConfirmation)
class EmailConfirmationAdmin(admin.ModelAdmin):
    """Who confirmed which address and when; made only by following the link sent to it."""

    list_display = ["email", "user", "confirmed_at"]
    search_fields = ["email", "user__username"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
