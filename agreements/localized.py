"""Names in the reader's language inside queries.

Reading `institution.name` gives the reader's language (agreements/translation.py), but a query
that sorts, groups or selects values by a name across a relation (`partner__name`) reads the
database's columns. `localized("partner__name")` is the expression that picks, row by row, the
reader's language and then its fallbacks (MODELTRANSLATION_FALLBACK_LANGUAGES), the order the
model's attribute follows. It is mobility_office.three_names's, shared by every translated name.
"""

from mobility_office.three_names import localized

__all__ = ["localized"]
