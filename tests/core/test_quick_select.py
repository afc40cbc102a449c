"""QuickSelect writes the options itself; what it writes must be what Django's Select writes."""

import pytest
from django import forms
from django.test.html import parse_html

from core.forms import QuickSelect

CHOICES = [
    ("", "---------"),
    ("kz", "Kazakhstan & <Central Asia>"),
    ("lv", 'Latvia "LV"'),
    ("Europe", [("de", "Germany"), ("lv", "Latvia again")]),
    (None, "None as a value"),
    (3, "A number"),
]


@pytest.mark.parametrize(
    "value", [None, "", "kz", "lv", "de", "3", 3, "missing", ["kz"], '"><script>']
)
def test_quick_select_writes_what_djangos_select_writes(value):
    attrs = {"id": "id_country", "class": "form-select", "aria-label": "Country"}

    ours = QuickSelect(choices=CHOICES).render("country", value, attrs=attrs)
    django = forms.Select(choices=CHOICES).render("country", value, attrs=attrs)

    assert parse_html(ours) == parse_html(django)


def test_quick_select_marks_only_the_first_matching_option_selected():
    html = QuickSelect(choices=CHOICES).render("country", "lv")

    assert html.count("selected") == 1
    assert '<option value="lv" selected>Latvia &quot;LV&quot;</option>' in html
