from django import template
from django.utils.safestring import SafeString

from core.html import html_rows

register = template.Library()

# One row of the agreements list (snippets/list_rows.html), its badge as snippets/state_badge.html
# draws it. Written in Python: the template's loop took longer to print 100 rows than the whole
# of the rest of the page.
AGREEMENT_ROW = (
    '<tr><td><a href="{}">{}</a><div class="small text-body-secondary">{}</div></td>'
    "<td>{}</td>"
    "<td>{}</td>"
    '<td><a href="{}">{}</a></td>'
    '<td class="text-nowrap">{}</td>'
    '<td><span class="badge {}" data-state="{}">{}</span></td></tr>'
)


@register.simple_tag
def agreement_rows(rows) -> SafeString:
    return html_rows(
        AGREEMENT_ROW,
        (
            (
                row.partner_url,
                row.partner,
                row.city,
                row.country,
                row.kind,
                row.url,
                row.number,
                row.valid,
                row.badge,
                row.state,
                row.state_label,
            )
            for row in rows
        ),
    )
