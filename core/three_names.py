"""Names kept in Kazakh, Russian and English by django-modeltranslation: reading one in a given
language, sorting by it, and editing the three side by side.

A registered field ``name`` has the columns ``name_kk``, ``name_ru`` and ``name_en``; reading
``obj.name`` gives the active language's name, else the first one given in the fallback order of
settings.MODELTRANSLATION_FALLBACK_LANGUAGES. An empty name is kept as NULL, so that a name must be
unique among the names given in its language and several records may lack it.
"""

from crispy_forms.layout import Column, Fieldset, Row
from django.conf import settings
from django.db.models import CharField, F, Q, UniqueConstraint, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import resolution_order

LANGUAGES: tuple[str, ...] = tuple(settings.MODELTRANSLATION_LANGUAGES)
LANGUAGE_LABELS = {"kk": _("Kazakh"), "ru": _("Russian"), "en": _("English")}


def column(field: str, language: str) -> str:
    return f"{field}_{language}"


def languages_for(language: str | None = None) -> tuple[str, ...]:
    """The language asked for (else the active one), then its fallbacks."""
    language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if language not in LANGUAGES:
        language = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
    return resolution_order(language)


def names_of(obj, field: str) -> dict[str, str]:
    """The three names as given: {"kk": ..., "ru": ..., "en": ...}, "" where missing."""
    return {language: getattr(obj, column(field, language)) or "" for language in LANGUAGES}


def in_language(obj, field: str, language: str) -> str:
    """The name in `language`, else in its fallbacks: for a document printed in a language
    other than the reader's (a Kazakh + English transcript prints both)."""
    for candidate in languages_for(language):
        value = getattr(obj, column(field, candidate), None)
        if value:
            return value
    return ""


def localized(field: str, language: str | None = None):
    """An expression of the name in the language (else the active one) with its fallbacks, to
    sort or annotate by: ``order_by(localized("name"))``, ``localized("scale__name")``."""
    # Each column's field is a class of its own: the type is given, never inferred.
    return Coalesce(
        *[
            NullIf(F(column(field, candidate)), Value(""), output_field=CharField())
            for candidate in languages_for(language)
        ],
        output_field=CharField(),
    )


def given(field: str, language: str) -> Q:
    name = column(field, language)
    return Q(**{f"{name}__isnull": False}) & ~Q(**{name: ""})


def at_least_one_given(field: str) -> Q:
    """The condition of a CheckConstraint: the name is given in at least one language."""
    condition = Q()
    for language in LANGUAGES:
        condition |= given(field, language)
    return condition


def unique_per_language(field: str, *, prefix: str, message) -> list[UniqueConstraint]:
    """A name is unique among the names given in its language (NULLs, names not given, never
    clash); the error is the form field's of that language."""
    return [
        UniqueConstraint(
            fields=[column(field, language)],
            name=f"{prefix}_{field}_{language}_unique",
            violation_error_message=message,
            violation_error_code="unique",
        )
        for language in LANGUAGES
    ]


def names_fieldset(field: str, legend) -> Fieldset:
    """The three columns of a name in one row, each labelled by its language."""
    return Fieldset(
        legend,
        Row(*[Column(column(field, language), css_class="col-md-4") for language in LANGUAGES]),
    )


def name_columns(field: str, css_class: str = "col-md-2") -> list[Column]:
    """The three columns of a name as columns of a wider row (a formset row)."""
    return [Column(column(field, language), css_class=css_class) for language in LANGUAGES]


def label_three_names(form, *fields: str, label_prefix=None) -> None:
    """Labels the columns of translated fields on a model form by their language and marks each
    input with it (`lang`, for screen readers and spelling). Each column is optional: that a name
    is given in at least one language is the model's constraint, checked when the form validates.
    """
    for field in fields:
        for language in LANGUAGES:
            form_field = form.fields[column(field, language)]
            form_field.required = False
            form_field.label = (
                LANGUAGE_LABELS[language]
                if label_prefix is None
                else f"{label_prefix} ({LANGUAGE_LABELS[language]})"
            )
            form_field.widget.attrs["lang"] = language
