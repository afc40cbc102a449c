"""The language a generated document is printed in, chosen when printing.

A document prints in Kazakh, Russian or English, or in two languages (Kazakh + English,
Russian + English), whatever the language of the page that asked for it; the office sets the
default per document on the "Document languages" page (`DocumentDefault`).

The API, for every module that renders a document:

- `DocumentLanguage`: the choices ("kk", "ru", "en", "kk+en", "ru+en"); `languages(choice)` gives
  the language codes, the first one being the document's main language.
- `DocumentKind`: the documents that have a default, keyed as the settings page lists them.
- `default_for(kind)`: the office's default for one document (the built-in one until staff set it).
- `chosen_language(request, kind)`: the choice of `?lang=` in a download link, validated; a bad
  value raises `BadDocumentLanguage` (views answer 400 with its message); none gives the default.
- `PrintLanguageForm(kind=...)`: the small GET form with the dropdown shown next to a download link
  (`{% print_language_form kind %}` in templates/includes/print_language.html does the markup).
- `printing(choice)`: a context manager; inside it the main language is active and the template
  tags below know the document's languages. Render the PDF inside it:

      with doclang.printing(language):
          content = render_pdf("applications/pdf/order.html", context)

- Template tags (`{% load doclang %}`), for the text of a document in each of its languages:
  `{% doc_label _("Full name") %}` or `{% doc_label label %}` (a lazy string defined in Python, e.g.
  `pgettext_lazy("person", "Full name")`) prints "Аты-жөні / Full name" in a bilingual document;
  `{% doctext %}…{% enddoctext %}` renders what it holds once per language, side by side, so
  `{% translate %}`/`{% blocktranslate %}` inside stay extractable and the names of translated
  fields (modeltranslation) and dates come out in each language; `{% docblock %}…{% enddocblock %}`
  does the same for a whole part of a document, one part after the other, each on a new page
  (applications/pdf/base.html wraps each document in it: a bilingual application is the Kazakh
  text followed by the English one). `{{ application.full_name }}` is the participant's name as
  the current language writes it (national ID in Kazakh and Russian, passport in English).
  Identical renderings are printed once.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django import forms
from django.conf import settings
from django.db import models
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DocumentLanguage(models.TextChoices):
    KK = "kk", _("Kazakh")
    RU = "ru", _("Russian")
    EN = "en", _("English")
    KK_EN = "kk+en", _("Kazakh + English")
    RU_EN = "ru+en", _("Russian + English")


class DocumentKind(models.TextChoices):
    APPLICATION = "application", pgettext_lazy("document", "Application")
    QUESTIONNAIRE = "questionnaire", _("Participant's questionnaire")
    CURRICULUM = "curriculum", _("Individual curriculum")
    TRIPARTITE = "tripartite", _("Tripartite agreement")
    ORDER = "order", pgettext_lazy("document", "Order")
    RECOGNITION = "recognition", _("Credit-recognition transcript")
    INCOMING = "incoming", _("Transcript of records (incoming student)")
    REPORT = "report", _("Report with charts and tables")
    NARRATIVE = "narrative", _("Report text (PDF and Word)")


# The transcripts serve readers here and abroad: both languages unless the office says otherwise.
TRANSCRIPT_KINDS = (DocumentKind.RECOGNITION, DocumentKind.INCOMING)
BUILTIN_DEFAULTS = dict.fromkeys(TRANSCRIPT_KINDS, DocumentLanguage.KK_EN)


def languages(choice: str) -> list[str]:
    """The language codes of a choice, the main one first: "kk+en" → ["kk", "en"]."""
    if choice not in DocumentLanguage.values:
        raise ValueError(f"Unknown document language {choice!r}.")
    return choice.split("+")


def builtin_default(kind: str) -> str:
    """The default before the office sets one: the site's language, both for the transcripts."""
    return BUILTIN_DEFAULTS.get(kind, settings.LANGUAGE_CODE)


def default_for(kind: str) -> str:
    """The office's default language for a document (a DocumentLanguage value)."""
    from .models import DocumentDefault

    if kind not in DocumentKind.values:
        raise ValueError(f"Unknown document {kind!r}.")
    chosen = DocumentDefault.objects.filter(document=kind).values_list("language", flat=True)
    return next(iter(chosen), None) or builtin_default(kind)


def defaults() -> dict[str, str]:
    """Every document's default, in one query."""
    from .models import DocumentDefault

    chosen = dict(DocumentDefault.objects.values_list("document", "language"))
    return {kind: chosen.get(kind) or builtin_default(kind) for kind in DocumentKind.values}


class BadDocumentLanguage(ValueError):
    """A `?lang=` that is none of the choices; its message says which ones are."""


def chosen_language(request: HttpRequest, kind: str) -> str:
    """The language asked for in `?lang=`, or the document's default when none is given."""
    # A "+" typed into a URL by hand arrives as a space: "kk en" is "kk+en".
    value = "+".join(request.GET.get("lang", "").split())
    if not value:
        return default_for(kind)
    if value not in DocumentLanguage.values:
        raise BadDocumentLanguage(
            _("“%(value)s” is not a document language; choose one of: %(choices)s.")
            % {"value": value, "choices": ", ".join(DocumentLanguage.values)}
        )
    return value


class PrintLanguageForm(forms.Form):
    """The dropdown next to a download link; the default of the document is preselected."""

    lang = forms.ChoiceField(label=_("Print in"), choices=DocumentLanguage.choices)

    def __init__(self, *args, kind: str, **kwargs):
        if "initial" not in kwargs:
            kwargs["initial"] = {"lang": default_for(kind)}
        super().__init__(*args, **kwargs)


# The document being printed: its choice and its languages (set by `printing`).
_PRINTING: ContextVar[tuple[str, list[str]] | None] = ContextVar("doclang_printing", default=None)


@contextmanager
def printing(choice: str) -> Iterator[list[str]]:
    """Prints a document in `choice`: the main language is active inside, and the template tags
    render each `doctext`/`docblock`/`doc_label` in every language of the choice."""
    codes = languages(choice)
    token = _PRINTING.set((choice, codes))
    try:
        with translation.override(codes[0]):
            yield codes
    finally:
        _PRINTING.reset(token)


def current_languages() -> list[str]:
    """The languages of the document being printed; outside `printing`, the active language."""
    current = _PRINTING.get()
    return list(current[1]) if current else [translation.get_language() or settings.LANGUAGE_CODE]


def current_choice() -> str:
    current = _PRINTING.get()
    return current[0] if current else "+".join(current_languages())
