"""Reads of applications that views share."""

from typing import Any

from django.db.models import Count, QuerySet

from .models import Application, ApplicationState, CurriculumLine, CurriculumVersion


def state_counts(queryset: QuerySet) -> list[dict[str, Any]]:
    """How many applications of the queryset are in each state, in workflow order; one query."""
    counts = dict(
        queryset.order_by()
        .values_list("state")
        .annotate(total=Count("id"))
        .values_list("state", "total")
    )
    return [
        {"state": value, "label": label, "total": counts[value]}
        for value, label in ApplicationState.choices
        if counts.get(value)
    ]


def earlier_equivalents(application: Application) -> dict[str, CurriculumLine]:
    """Host disciplines of this partner already approved for earlier participants.

    Keyed by host code (or title where there is no code), each the most recent approval, with
    its version's application and approval date loaded, so nobody decides the same match twice.
    """
    lines = (
        CurriculumLine.objects.filter(
            version__state=CurriculumVersion.State.APPROVED,
            version__application__partner_id=application.partner_id,
        )
        .exclude(version__application=application)
        .select_related("version__application", "version__approved_by")
        .order_by("version__approved_at")
    )
    found: dict[str, CurriculumLine] = {}
    for line in lines:
        found[equivalence_key(line.host_code, line.host_title)] = line
    return found


def equivalence_key(code: str, title: str) -> str:
    return (code or title).strip().lower()
