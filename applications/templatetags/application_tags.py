from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import pgettext

from applications import selectors
from applications.models import Application
from core.html import html_rows

register = template.Library()


@register.inclusion_tag("applications/snippets/checklist.html", takes_context=True)
def submission_checklist(context, application: Application) -> dict:
    """What the participant still has to do before submitting, each with where to do it; shown
    while the application is theirs to change, empty once nothing is missing."""
    request = context["request"]
    items = (
        selectors.submission_checklist(application, by=request.user)
        if application.is_editable_by_participant
        else []
    )
    # The "send the link again" button is a form of its own.
    return {
        "application": application,
        "items": items,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


# One row of the office's list (snippets/list_rows.html). Written in Python: the template's loop
# took longer to print 100 rows than the whole of the rest of the page.
LIST_ROW = (
    '<tr><td><a href="{}"><code>{}</code></a></td>'
    '<td>{}<div class="small text-body-secondary">{}</div></td>'
    "<td>{}</td>"
    '<td>{}<div class="small text-body-secondary">{}</div></td>'
    '<td class="text-nowrap">{}</td>'
    "<td>{}</td>"
    '<td><span class="badge {}" data-state="{}">{}</span>{}</td></tr>'
)


@register.simple_tag
def list_rows(rows) -> SafeString:
    archived = format_html(
        ' <span class="badge text-bg-light border" data-archived>{}</span>',
        pgettext("application", "archived"),
    )
    return html_rows(
        LIST_ROW,
        (
            (
                row.url,
                row.reference,
                row.name,
                row.kind,
                row.direction,
                row.partner,
                row.place,
                row.period,
                row.program or "—",
                row.badge,
                row.state,
                row.state_label,
                archived if row.archived else "",
            )
            for row in rows
        ),
    )
