"""Names of the register in Kazakh, Russian and English (django-modeltranslation).

Each registered field gets one column per language on the same table (`name_kk`, `name_ru`,
`name_en`); reading `name` gives the reader's language, falling back in the order settings give
(MODELTRANSLATION_FALLBACK_LANGUAGES). An empty name is stored as NULL, so that the per-language
unique constraints modeltranslation derives from the model's ones never match two empty names.

The historical models are registered too, so that the history keeps every language.
"""

from modeltranslation.translator import TranslationOptions, translator

from .models import EducationalProgram, Institution


class InstitutionTranslationOptions(TranslationOptions):
    fields = ("name", "city")
    empty_values = None


class EducationalProgramTranslationOptions(TranslationOptions):
    fields = ("name",)
    empty_values = None


translator.register(Institution, InstitutionTranslationOptions)
translator.register(Institution.history.model, InstitutionTranslationOptions)
translator.register(EducationalProgram, EducationalProgramTranslationOptions)
translator.register(EducationalProgram.history.model, EducationalProgramTranslationOptions)
