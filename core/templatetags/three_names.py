"""A name kept in three languages, read in a given language: for documents printed in a
language other than the reader's, or in two at once.

    {% load three_names %}
    {% name_in transcript.scale "name" "kk" %} / {% name_in transcript.scale "name" "en" %}
"""

from django import template

from core.three_names import in_language

register = template.Library()


@register.simple_tag
def name_in(obj, field: str, language: str) -> str:
    """The field's value in the language, else in its fallbacks ("" for no object)."""
    if obj is None or obj == "":
        return ""
    return in_language(obj, field, language)
