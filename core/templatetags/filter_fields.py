"""The fields of a list's filter form, written in Python.

crispy renders each field through a dozen nested templates; above a list of 100 rows the filter
form cost more than the table. The markup is crispy's Bootstrap 5 field (label, widget with its
classes, errors, help), so the page looks and reads the same.
"""

from django import forms, template
from django.forms import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _widget_classes(field: BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        base = "form-check-input"
    elif isinstance(widget, forms.Select):
        base = "form-select"
    else:
        base = "form-control"
    name = widget.__class__.__name__.lower()
    classes = " ".join(filter(None, [widget.attrs.get("class", ""), name, base]))
    return f"{classes} is-invalid" if field.errors else classes


@register.simple_tag
def filter_field(field: BoundField) -> SafeString:
    if field.is_hidden:
        return field.as_widget()
    widget = field.as_widget(attrs={"class": _widget_classes(field)})
    errors = ""
    if field.errors:
        errors = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            field.auto_id,
            format_html_join(
                "",
                '<span id="error_{}_{}"><strong>{}</strong></span>',
                ((number, field.auto_id, error) for number, error in enumerate(field.errors, 1)),
            ),
        )
    help_text = ""
    if field.help_text:
        help_text = format_html(
            '<div id="{}_helptext" class="form-text">{}</div>', field.auto_id, field.help_text
        )
    if isinstance(field.field.widget, forms.CheckboxInput):
        return format_html(
            '<div id="div_{}" class="form-check">{}<label for="{}" class="form-check-label">'
            "{}</label>{}{}</div>",
            field.auto_id,
            widget,
            field.id_for_label,
            field.label,
            errors,
            help_text,
        )
    return format_html(
        '<div id="div_{}" class="mb-3"><label for="{}" class="form-label">{}</label>{}{}{}</div>',
        field.auto_id,
        field.id_for_label,
        field.label,
        widget,
        errors,
        help_text,
    )


@register.simple_tag
def filter_fields(form: forms.BaseForm, columns: str) -> SafeString:
    return mark_safe(  # noqa: S308 - each part is escaped by format_html
        "".join(
            filter_field(field)
            if field.is_hidden
            else format_html('<div class="{}">{}</div>', columns, filter_field(field))
            for field in form
        )
    )
