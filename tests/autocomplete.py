"""Filling a search-as-you-type select (core/widgets.py) as the page's script does: the page
holds only the chosen option, and the reader picks the others from the search, by their id."""


def set_value(form, name: str, value) -> None:
    """Sets a webtest form's field; an autocomplete select takes any id, as once picked."""
    fields = form.fields.get(name) or []
    if len(fields) == 1 and fields[0].attrs.get("data-autocomplete"):
        fields[0].force_value(str(value))
    else:
        form[name] = value
