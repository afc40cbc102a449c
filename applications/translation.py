"""Application round titles in Kazakh, Russian and English (empty titles kept as NULL); the
round's history keeps the three titles too."""

from modeltranslation.translator import TranslationOptions, register

from .models import ApplicationRound


@register([ApplicationRound, ApplicationRound.history.model])
class ApplicationRoundTranslation(TranslationOptions):
    fields = ("title",)
    empty_values = None
