"""A select whose options come from the server as the reader types (search-as-you-type).

The register grows without bound (partners, agreements, programs, people): a <select> of all of
them costs the page its size and the server a query and a label per option. `AutocompleteSelect`
renders only the option(s) already chosen, with the address of a JSON view that finds the others
(`choices_response`); static/js/autocomplete.js turns it into a Tom Select that asks that view as
the reader types. Without JavaScript the select still holds and sends its chosen value.

The field keeps its whole queryset: the posted id is still looked up and refused when not in it.
"""

from collections.abc import Callable, Iterable
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.forms.models import ModelChoiceIterator
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

PAGE_SIZE = 20
SEARCH_HELP = _("Type part of the name to find it: in any language, Cyrillic or Latin letters.")


class AutocompleteSelect(forms.Select):
    """A select of the chosen option only; `url` (a URL name) is the JSON view of the others.

    `params` go into the URL's query (a round narrowing the agreements); `forward` names fields
    of the same form whose current values the page adds to each request (the round's period,
    while it is being edited).
    """

    def __init__(
        self,
        url: str,
        *,
        params: dict | None = None,
        forward: Iterable[str] = (),
        placeholder=None,
        attrs: dict | None = None,
    ):
        super().__init__(attrs=attrs)
        self.url = url
        self.params = dict(params or {})
        self.forward = list(forward)
        self.placeholder = placeholder

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.params = dict(self.params)
        copy.forward = list(self.forward)
        return copy

    def source_url(self) -> str:
        url = reverse(self.url)
        params = {key: value for key, value in self.params.items() if value not in (None, "")}
        return f"{url}?{urlencode(params)}" if params else url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["data-autocomplete"] = self.source_url()
        widget_attrs["data-placeholder"] = str(self.placeholder or _("Type to search…"))
        widget_attrs["data-no-results"] = str(_("Nothing found"))
        widget_attrs["data-loading"] = str(_("Searching…"))
        widget_attrs["data-more"] = str(_("More…"))
        if self.forward:
            widget_attrs["data-forward"] = " ".join(self.forward)
        return context

    def optgroups(self, name, value, attrs=None):
        # Only the empty choice and the chosen ones: never a query over the whole register.
        chosen = [str(v) for v in value if v not in (None, "")]
        everything = self.choices
        try:
            self.choices = self._chosen_choices(chosen)
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = everything

    def _chosen_choices(self, chosen: list[str]) -> list:
        choices = self.choices
        if isinstance(choices, ModelChoiceIterator):
            field = choices.field
            empty = [("", field.empty_label)] if field.empty_label is not None else []
            if not chosen:
                return empty
            key = field.to_field_name or "pk"
            try:
                # The iterator's queryset: the field's, as when the whole select is listed.
                found = list(choices.queryset.filter(**{f"{key}__in": chosen}))
            except (ValueError, TypeError, ValidationError):
                found = []
            return empty + [choices.choice(obj) for obj in found]
        return [(v, label) for v, label in choices if v in ("", None) or str(v) in chosen]


class AutocompleteSelectMultiple(AutocompleteSelect, forms.SelectMultiple):
    allow_multiple_selected = True


def use_autocomplete(field: forms.Field, url: str, **options) -> forms.Field:
    """Gives a form's choice field the search-as-you-type widget and says in its help how to
    use it; returns the field."""
    # Typed as a plain Field for the callers, who pass form.fields[name]; only a choice field
    # has the choices the widget needs.
    assert isinstance(field, forms.ChoiceField), "use_autocomplete needs a choice field"
    field.widget = AutocompleteSelect(url, **options)
    field.widget.choices = field.choices
    field.widget.is_required = field.required
    if not field.disabled:
        field.help_text = (
            format_lazy("{} {}", field.help_text, SEARCH_HELP) if field.help_text else SEARCH_HELP
        )
    return field


def choices_response[M: Model](
    request: HttpRequest, queryset: QuerySet[M], text: Callable[[M], str]
) -> JsonResponse:
    """One page of the queryset as {"results": [{"id", "text"}], "more": bool}, the page asked
    for by `?page=` (from 1). One query: a row past the page says whether more follow."""
    try:
        page = max(int(request.GET.get("page") or 1), 1)
    except ValueError:
        page = 1
    start = (page - 1) * PAGE_SIZE
    rows = list(queryset[start : start + PAGE_SIZE + 1])
    return JsonResponse(
        {
            "results": [{"id": row.pk, "text": text(row)} for row in rows[:PAGE_SIZE]],
            "more": len(rows) > PAGE_SIZE,
        }
    )
