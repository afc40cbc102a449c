"""The names of scales, grades, tables and credit systems in Kazakh, Russian and English.

Empty names are kept as NULL: a name is unique among the names given in its language (see the
models' constraints), and a record may lack one language. A transcript keeps its credit system's
name in the three languages as it was when the transcript was made.

The history models are registered too: each version in a record's history keeps the three names,
so a change to the Kazakh name shows in the history like any other.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import ConversionTable, CreditSystem, Grade, GradingScale, Transcript


@register([GradingScale, GradingScale.history.model])
class GradingScaleTranslation(TranslationOptions):
    fields = ("name",)
    empty_values = None


@register([Grade, Grade.history.model])
class GradeTranslation(TranslationOptions):
    fields = ("description",)
    empty_values = None


@register([ConversionTable, ConversionTable.history.model])
class ConversionTableTranslation(TranslationOptions):
    fields = ("name",)
    empty_values = None


@register([CreditSystem, CreditSystem.history.model])
class CreditSystemTranslation(TranslationOptions):
    fields = ("name",)
    empty_values = None


@register(Transcript)
class TranscriptTranslation(TranslationOptions):
    fields = ("credit_system_name",)
    empty_values = None
