"""The navbar's language buttons: each language by the short name its own readers use.

    {% load language_switch %}
    {{ language.code|short_language_name }}   → "Қаз", "Рус", "Eng"

The full name (Django's name_local) is read to screen readers and shown on hover; the short one
lets the Kazakh navbar keep to one line at 1280 px.
"""

from django import template

register = template.Library()

# Each in its own language and script, as Kazakh government and university sites write them.
SHORT_NAMES = {"kk": "Қаз", "ru": "Рус", "en": "Eng"}


@register.filter
def short_language_name(code: str) -> str:
    """The language's short name in itself; an unknown code, in capitals."""
    return SHORT_NAMES.get(code, code.upper())
