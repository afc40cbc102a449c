"""Reads of the agreements register that views share."""

from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.formats import localize
from django.utils.translation import gettext
from django_countries import countries
from modeltranslation.fields import TranslationField
from modeltranslation.manager import get_translatable_fields_for_model

from core import history
from core.countries import sorted_by_name
from core.three_names import LANGUAGE_LABELS, localized

from .models import HOME_COUNTRY, Agreement, Contact, CooperationCondition, Institution


def home_institution() -> Institution | None:
    """Our own university: the one institution marked as ours, if staff marked one."""
    return Institution.objects.filter(is_home=True).first()


def partners_by_country(*, on: date) -> list[dict[str, Any]]:
    """Partners with an agreement in force on the day, grouped by country, then by city, the way
    the office reports them. Expired, archived and not-yet-valid agreements do not count.

    One query whatever the number of partners.
    """
    in_force = Agreement.objects.in_force(on=on).filter(partner=OuterRef("pk"))
    partners = Institution.objects.partners().filter(Exists(in_force))
    partners = partners.order_by("country", localized("city"), localized("name"))
    partners = partners.only("name", "name_local", "country", "city", "website")
    countries: dict[str, dict[str, Any]] = {}
    for partner in partners:
        entry = countries.setdefault(
            partner.country.code,
            {"country": partner.country, "cities": {}, "count": 0},
        )
        entry["cities"].setdefault(partner.city, []).append(partner)
        entry["count"] += 1
    groups = sorted_by_name(countries.values(), key=lambda entry: entry["country"].name)
    for entry in groups:
        entry["cities"] = sorted_by_name(entry["cities"].items(), key=lambda city: city[0])
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
        domestic=Count("id", filter=Q(country=HOME_COUNTRY)),
        foreign=Count("id", filter=~Q(country=HOME_COUNTRY)),
        domestic_cities=Count(localized("city"), filter=Q(country=HOME_COUNTRY), distinct=True),
        foreign_countries=Count("country", filter=~Q(country=HOME_COUNTRY), distinct=True),
    )
    partners["in_force"] = Agreement.objects.in_force(on=on).count()
    return partners


def history_entries(instance: Any, *, rows: Any = None) -> list[dict[str, Any]]:
    """Every recorded version of a record, newest first, each with what it changed.

    `rows` are the historical records of the record's rows (its contacts, its conditions): they
    are listed with it, each version compared with the same row's earlier one, and name the row
    (`subject`). See `core.history.entries`.
    """
    return history.entries(
        instance.history.all(),
        rows=[history.Rows(rows)] if rows is not None else [],
        querysets={Agreement: Agreement.objects.select_related("partner")},
    )


def agreement_history(agreement: Agreement) -> list[dict[str, Any]]:
    """The agreement's versions and those of its cooperation conditions, removed ones too."""
    return history_entries(
        agreement, rows=CooperationCondition.history.filter(agreement_id=agreement.pk)
    )


def signed_copies(agreement: Agreement) -> list[dict[str, Any]]:
    """Every signed copy the agreement has had, newest first, each with the version of the
    history that first held it (who uploaded it, and when). A replaced copy is never deleted:
    its stored file stays, named by that version.
    """
    records = agreement.history.select_related("history_user").order_by("history_date", "pk")
    copies: dict[str, Any] = {}
    for record in records.only("history_id", "history_date", "history_user", "signed_copy"):
        if record.signed_copy and record.signed_copy not in copies:
            copies[record.signed_copy] = record
    return [
        {
            "record": record,
            "author": author_name(record.history_user),
            "in_force": name == agreement.signed_copy.name,
        }
        for name, record in reversed(copies.items())
    ]


def institution_history(institution: Institution) -> list[dict[str, Any]]:
    """The institution's versions and those of its contact persons, removed ones too."""
    return history_entries(institution, rows=Contact.history.filter(institution_id=institution.pk))


author_name = history.author_name


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
    translated = set(get_translatable_fields_for_model(model) or ())
    rows = []
    for field in model._meta.concrete_fields:
        if field.name in HIDDEN_IN_VERSIONS or not hasattr(record, field.attname):
            continue
        if field.name in translated:
            # Shown in each language, "city (Kazakh)", rather than as last saved.
            continue
        label = field.verbose_name
        if isinstance(field, TranslationField):
            label = f"{field.translated_field.verbose_name} ({LANGUAGE_LABELS[field.language]})"
        if field.is_relation:
            value = getattr(record, field.name, None)
        else:
            value = getattr(record, field.attname)
        if field.name == "country" and value:
            value = countries.name(value)
        rows.append((label, _display(field, value)))
    return rows
