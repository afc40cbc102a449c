from django import forms
from django.utils.translation import gettext_lazy as _


class SearchForm(forms.Form):
    """The staff search box: partners, agreements, applications and transcripts at once."""

    q = forms.CharField(
        label=_("Search"),
        max_length=200,
        required=False,
        help_text=_(
            "A name, city, number or reference, in Cyrillic or Latin letters, in any case: "
            "Алматы finds Almaty, Nurlanova finds Нұрланова."
        ),
    )
