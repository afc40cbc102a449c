from html import escape

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, LayoutObject
from django import forms
from django.conf import settings
from django.forms.utils import flatatt
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from .spreadsheets import ENCODINGS


class DateInput(forms.DateInput):
    """The browser's own date picker; its value is always ISO, whatever the page's language."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def form_helper(
    *layout: LayoutObject | str,
    form_tag: bool = False,
    disable_csrf: bool = False,
    **attributes,
) -> FormHelper:
    """The crispy set-up every form shares: by default the page writes the <form> tag itself (its
    id, its buttons, often more than one form in it), so crispy renders only the fields.

    `disable_csrf` where crispy must not add a second token: a formset's rows, and forms rendered
    inside a page's form that has its own. Without a layout crispy shows every field in order.
    Further keywords are set on the helper as they are (`form_method`, `form_id`).
    """
    helper = FormHelper()
    helper.form_tag = form_tag
    if disable_csrf:
        helper.disable_csrf = True
    if layout:
        helper.layout = Layout(*layout)
    for name, value in attributes.items():
        setattr(helper, name, value)
    return helper


class ChangeReasonMixin(forms.Form):
    """An optional "why" on the edit page of a record whose history matters (a scale, a table):
    the history shows it with the change. Not asked when the record is created."""

    change_reason = forms.CharField(
        label=_("Why the change (kept in the history)"),
        max_length=100,
        required=False,
        help_text=_("Optional, for example: the partner sent its new grading rules."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is None or instance.pk is None:
            del self.fields["change_reason"]

    @property
    def change_reason_given(self) -> str:
        return self.cleaned_data.get("change_reason", "")


class ImportForm(forms.Form):
    """A spreadsheet to import (read by `core.spreadsheets.read_table`), and the text encoding of
    a CSV when the detected one reads wrong."""

    file = forms.FileField(
        label=_("Spreadsheet"),
        widget=forms.FileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )
    encoding = forms.ChoiceField(
        label=_("Text encoding of a CSV file"),
        choices=[("", _("Detect it")), *ENCODINGS],
        required=False,
        help_text=_(
            "Leave it to be detected; choose one only when the preview shows wrong letters."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "CSV or Excel XLSX, up to %(size)s and %(rows)s rows, with the column names of the "
            "template in row 1."
        ) % {
            "size": filesizeformat(settings.IMPORT_MAX_SIZE),
            "rows": number_format(settings.IMPORT_MAX_ROWS, force_grouping=True),
        }
        self.helper = form_helper()


class QuickSelect(forms.Select):
    """A select whose options are written in Python, not through a template each.

    Django renders every <option> with a template of its own and builds a dictionary per option
    first; for a long list (the countries) that costs a list page more than its whole table. Same
    HTML, same attributes."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        # As Select.optgroups() decides: the first option whose value matches is selected.
        values = set(self.format_value(value))
        selected = False

        def option(option_value, label) -> str:
            nonlocal selected
            option_value = "" if option_value is None else str(option_value)
            is_selected = not selected and option_value in values
            selected = selected or is_selected
            return '<option value="{}"{}>{}</option>'.format(
                escape(option_value), " selected" if is_selected else "", escape(str(label))
            )

        parts: list[str] = [
            format_html('<select name="{}"{}>', name, flatatt(self.build_attrs(self.attrs, attrs)))
        ]
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):
                parts.append(format_html('<optgroup label="{}">', option_value))
                parts.extend(option(sub_value, sublabel) for sub_value, sublabel in label)
                parts.append("</optgroup>")
            else:
                parts.append(option(option_value, label))
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value is escaped
