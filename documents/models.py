"""The language each document prints in unless the person printing chooses another."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .doclang import DocumentKind, DocumentLanguage


class DocumentDefault(models.Model):
    """The language the office prints a document in when the person printing chooses none."""

    document = models.CharField(
        _("document"), max_length=32, choices=DocumentKind.choices, unique=True
    )
    language = models.CharField(_("language"), max_length=8, choices=DocumentLanguage.choices)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        verbose_name = _("document language")
        verbose_name_plural = _("document languages")
        ordering = ["document"]
        constraints = [
            models.CheckConstraint(
                condition=Q(document__in=DocumentKind.values),
                name="document_default_known_document",
            ),
            models.CheckConstraint(
                condition=Q(language__in=DocumentLanguage.values),
                name="document_default_known_language",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_document_display()}: {self.get_language_display()}"
