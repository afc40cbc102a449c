"""Reads of the agreements register that views share."""

from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.formats import localize
from django.utils.translation import gettext
from django_countries import countries

from .models import Agreement, Contact, CooperationCondition, Institution


def partners_by_country(*, on: date) -> list[dict[str, Any]]:
    """Partners with an agreement in force on the day, grouped by country, then by city, the way
    the office reports them. Expired, archived and not-yet-valid agreements do not count.

    One query whatever the number of partners.
    """
    in_force = Agreement.objects.in_force(on=on).filter(partner=OuterRef("pk"))
    partners = Institution.objects.partners().filter(Exists(in_force))
    partners = partners.order_by("country", "city", "name")
    partners = partners.only("name", "name_local", "country", "city", "website")
    countries: dict[str, dict[str, Any]] = {}
    for partner in partners:
        entry = countries.setdefault(
            partner.country.code,
            {"country": partner.country, "cities": {}, "count": 0},
        )
        entry["cities"].setdefault(partner.city, []).append(partner)
        entry["count"] += 1
    groups = sorted(countries.values(), key=lambda entry: str(entry["country"].name))
    for entry in groups:
        entry["cities"] = sorted(entry["cities"].items())
    return groups


def agreement_counts_by_country() -> list[dict[str, Any]]:
    rows = (
        Agreement.objects.active()
        .values("partner__country")
        .annotate(total=Count("id"))
        .order_by("-total", "partner__country")
    )
    return [{**row, "country_name": countries.name(row["partner__country"])} for row in rows]


def expiring_agreements(*, on: date) -> QuerySet:
    return Agreement.objects.expiring(on=on).select_related("partner").order_by("valid_until")


def register_totals(*, on: date) -> dict[str, int]:
    partners = Institution.objects.partners().aggregate(
        domestic=Count("id", filter=Q(country="KZ")),
        foreign=Count("id", filter=~Q(country="KZ")),
        domestic_cities=Count("city", filter=Q(country="KZ"), distinct=True),
        foreign_countries=Count("country", filter=~Q(country="KZ"), distinct=True),
    )
    partners["in_force"] = Agreement.objects.in_force(on=on).count()
    return partners


def history_entries(instance: Any, *, rows: Any = None) -> list[dict[str, Any]]:
    """Every recorded version of a record, newest first, each with what it changed.

    `rows` are the historical records of the record's rows (its contacts, its conditions): they
    are listed with it, each version compared with the same row's earlier one, and name the row
    (`subject`). One query for the record, one for its rows: versions are compared in memory.
    """
    records = instance.history.select_related("history_user").order_by("history_date")
    entries = _entries(records, of_row=False)
    if rows is not None:
        entries += _entries(
            rows.select_related("history_user").order_by("history_date"), of_row=True
        )
    entries.sort(key=lambda entry: entry["record"].history_date, reverse=True)
    return entries


def _entries(records: Any, *, of_row: bool) -> list[dict[str, Any]]:
    entries = []
    previous: dict[Any, Any] = {}
    for record in records:
        entries.append(
            {
                "record": record,
                "author": author_name(record.history_user),
                "changes": _changes(record, previous.get(record.id)),
                "row_kind": record.instance_type._meta.verbose_name if of_row else "",
                "row_model": record.instance_type._meta.model_name if of_row else "",
                "subject": str(record.instance) if of_row else "",
            }
        )
        previous[record.id] = record
    return entries


def agreement_history(agreement: Agreement) -> list[dict[str, Any]]:
    """The agreement's versions and those of its cooperation conditions, removed ones too."""
    return history_entries(
        agreement, rows=CooperationCondition.history.filter(agreement_id=agreement.pk)
    )


def institution_history(institution: Institution) -> list[dict[str, Any]]:
    """The institution's versions and those of its contact persons, removed ones too."""
    return history_entries(institution, rows=Contact.history.filter(institution_id=institution.pk))


def author_name(user: Any) -> str:
    if user is None:
        return gettext("the system")
    return user.get_full_name() or user.get_username()


def _changes(record: Any, previous: Any) -> list[dict[str, Any]]:
    if previous is None:
        return []
    model = record.instance_type
    rows = []
    for change in record.diff_against(previous).changes:
        field = model._meta.get_field(change.field)
        rows.append(
            {
                "field": field.verbose_name,
                "old": _display(field, change.old),
                "new": _display(field, change.new),
            }
        )
    return rows


def _display(field: Any, value: Any) -> Any:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    return localize(value)


HIDDEN_IN_VERSIONS = {"id", "created_at", "updated_at"}


def version_fields(record: Any) -> list[tuple[str, Any]]:
    """A history record's fields as label and shown value, for reading a version in full."""
    model = record.instance_type
    rows = []
    for field in model._meta.concrete_fields:
        if field.name in HIDDEN_IN_VERSIONS or not hasattr(record, field.attname):
            continue
        if field.is_relation:
            value = getattr(record, field.name, None)
        else:
            value = getattr(record, field.attname)
        if field.name == "country" and value:
            value = countries.name(value)
        rows.append((field.verbose_name, _display(field, value)))
    return rows
