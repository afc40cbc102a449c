"""Template tags for a document printed in one or two languages (see documents.doclang)."""

from django import template
from django.utils import translation
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from .. import doclang

register = template.Library()


def _in_each_language(render) -> list[tuple[str, str]]:
    """(language, text) for every language of the document, identical texts printed once."""
    found: list[tuple[str, str]] = []
    for language in doclang.current_languages():
        with translation.override(language):
            text = render()
        if text.strip() and all(text != seen for _language, seen in found):
            found.append((language, text))
    return found or [(doclang.current_languages()[0], "")]


def _side_by_side(parts: list[tuple[str, str]]) -> SafeString:
    first_language, first = parts[0]
    rest = format_html_join(
        "",
        ' <span class="doc-second" lang="{}">/ {}</span>',
        ((language, mark_safe(text)) for language, text in parts[1:]),
    )
    return format_html("{}{}", mark_safe(first), rest)


@register.simple_tag
def doc_label(label) -> SafeString:
    """A label in every language of the document: "Аты-жөні / Full name"."""
    return _side_by_side(_in_each_language(lambda: str(conditional_escape(str(label)))))


class DocTextNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist: template.NodeList, *, block: bool):
        self.nodelist = nodelist
        self.block = block

    def render(self, context: template.Context) -> SafeString:
        parts = _in_each_language(lambda: self.nodelist.render(context))
        if not self.block:
            return _side_by_side(parts)
        return format_html_join(
            "\n",
            '<div class="doc-part" lang="{}">{}</div>',
            ((language, mark_safe(text)) for language, text in parts),
        )


@register.tag
def doctext(parser: template.base.Parser, token: template.base.Token) -> DocTextNode:
    """`{% doctext %}…{% enddoctext %}`: the text in each language, side by side."""
    nodelist = parser.parse(("enddoctext",))
    parser.delete_first_token()
    return DocTextNode(nodelist, block=False)


@register.tag
def docblock(parser: template.base.Parser, token: template.base.Token) -> DocTextNode:
    """`{% docblock %}…{% enddocblock %}`: a whole part once per language, one after the other."""
    nodelist = parser.parse(("enddocblock",))
    parser.delete_first_token()
    return DocTextNode(nodelist, block=True)


@register.simple_tag
def doc_language() -> str:
    """The document's choice, e.g. "kk+en" (the `lang` of its <html> and its PDF keywords)."""
    return doclang.current_choice()


@register.inclusion_tag("includes/print_language.html", takes_context=True)
def print_language_form(
    context, kind: str, url: str, label: str = "", params=None, button_id: str = ""
) -> dict:
    """A download button with the dropdown of languages before it (a GET form); `params` (a
    QueryDict, e.g. the report's period) are sent along as hidden fields."""
    # Every document's default in one query per page, however many forms it shows (none when
    # the view has read them already and handed them over as `doclang_defaults`).
    defaults = context.render_context.get("doclang_defaults") or context.get("doclang_defaults")
    if defaults is None:
        defaults = context.render_context["doclang_defaults"] = doclang.defaults()
    if hasattr(params, "lists"):
        pairs = params.lists()
    else:
        pairs = [(key, [value]) for key, value in (params or {}).items()]
    hidden = [(key, value) for key, values in pairs for value in values]
    return {
        "form": doclang.PrintLanguageForm(kind=kind, initial={"lang": defaults[kind]}),
        "url": url,
        "label": label,
        "kind": kind,
        "button_id": button_id,
        "hidden": [(key, value) for key, value in hidden if key != "lang"],
    }
