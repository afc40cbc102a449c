"""Strings of Django's own that its Kazakh catalogue leaves untranslated, marked here so that our
catalogues carry them (ours are read before Django's): the spans of `timesince` and `timeuntil`
that pages show ("in 14 minutes", "waiting for 3 days")."""

from django.utils.translation import ngettext_lazy

TIME_SPANS = [
    ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
]
