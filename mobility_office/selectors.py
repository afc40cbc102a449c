"""Reads for the staff dashboard and the staff search."""

from operator import itemgetter
from typing import Any

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from agreements.models import Agreement, Institution
from agreements.selectors import author_name
from applications.models import Application, ApplicationEvent
from core.three_names import localized
from transcripts.selectors import transcript_mobilities


def recent_changes(*, limit: int = 10) -> list[dict[str, Any]]:
    """The latest changes to applications and to the agreements register, newest first.

    Staff look here for what moved since they last came, wherever it moved: one list instead of
    each record's own history. Three queries whatever the size of the history: the latest
    `limit` of each source, authors and applications joined in, merged here by time.

    Each change is a dict: at, author, text (what was done), subject (what it was done to) and
    url (the subject's page; empty when the record is gone).
    """
    events = ApplicationEvent.objects.select_related("application", "by").order_by("-at", "-pk")
    agreements = Agreement.history.select_related("history_user", "partner").order_by(
        "-history_date", "-history_id"
    )
    institutions = Institution.history.select_related("history_user").order_by(
        "-history_date", "-history_id"
    )
    changes = [
        *(_event_change(event) for event in events[:limit]),
        *(_agreement_change(record) for record in agreements[:limit]),
        *(_institution_change(record) for record in institutions[:limit]),
    ]
    changes.sort(key=itemgetter("at"), reverse=True)
    return changes[:limit]


def _event_change(event: ApplicationEvent) -> dict[str, Any]:
    application = event.application
    if event.action in ApplicationEvent.LABELS or not event.to_state:
        text = event.action_label
    elif event.from_state:
        text = f"{event.get_from_state_display()} → {event.get_to_state_display()}"
    else:
        text = event.get_to_state_display()
    return {
        "at": event.at,
        "author": event.author,
        "text": text,
        "subject": f"{application.reference} {application.full_name}",
        "url": application.get_absolute_url(),
    }


def _agreement_change(record: Any) -> dict[str, Any]:
    texts = {
        "+": _("added the agreement"),
        "~": _("changed the agreement"),
        "-": _("deleted the agreement"),
    }
    partner = record.partner.name if record.partner else ""
    return {
        "at": record.history_date,
        "author": author_name(record.history_user),
        "text": texts.get(record.history_type, ""),
        "subject": f"{record.number} · {partner}" if partner else record.number,
        "url": _url_unless_deleted(record, "agreements:agreement_detail"),
    }


def _institution_change(record: Any) -> dict[str, Any]:
    texts = {
        "+": _("added the institution"),
        "~": _("changed the institution"),
        "-": _("deleted the institution"),
    }
    return {
        "at": record.history_date,
        "author": author_name(record.history_user),
        "text": texts.get(record.history_type, ""),
        "subject": record.name,
        "url": _url_unless_deleted(record, "agreements:institution_detail"),
    }


def _url_unless_deleted(record: Any, view_name: str) -> str:
    if record.history_type == "-":
        return ""
    return reverse(view_name, args=[record.id])


# The staff search box (mobility_office.views.search): a few matches of each kind, each with the
# list that shows all of them.

SEARCH_GROUP_SIZE = 5


def search_everything(*, user, text: str, limit: int = SEARCH_GROUP_SIZE) -> list[dict[str, Any]]:
    """Partners, agreements, applications and transcripts matching the text, for the kinds the
    user may see; a query per kind (two for transcripts, with their versions).

    Each group is a dict: kind, title, rows (up to `limit`), more (whether there are others) and
    url (the kind's list filtered by the same text). Every list's search uses the same rules
    (core/search.py), so "more" shows exactly these and the rest.
    """
    text = text.strip()
    query = "?" + urlencode({"q": text})
    kinds = [
        (
            "partners",
            _("Partners"),
            "agreements.view_institution",
            lambda: Institution.objects.partners().search(text).order_by(localized("name"), "pk"),
            reverse("agreements:institution_list"),
        ),
        (
            "agreements",
            _("Agreements"),
            "agreements.view_agreement",
            lambda: (
                Agreement.objects.active()
                .search(text)
                .select_related("partner")
                .order_by("-valid_from", "-pk")
            ),
            reverse("agreements:agreement_list"),
        ),
        (
            "applications",
            _("Applications"),
            "applications.view_application",
            lambda: (
                Application.objects.for_list().active().search(text).order_by("-created_at", "-pk")
            ),
            reverse("applications:list"),
        ),
        (
            "transcripts",
            _("Transcripts"),
            "transcripts.view_transcript",
            lambda: transcript_mobilities(text),
            reverse("transcripts:list"),
        ),
    ]
    groups = []
    for kind, title, permission, matches, list_url in kinds:
        if not user.has_perm(permission):
            continue
        rows = list(matches()[: limit + 1])
        groups.append(
            {
                "kind": kind,
                "title": title,
                "rows": rows[:limit],
                "more": len(rows) > limit,
                "url": list_url + query,
            }
        )
    return groups
