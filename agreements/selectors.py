"""Reads of the agreements register that views share."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import dateformat
from django.utils.formats import get_format, localize
from django.utils.translation import gettext
from django_countries import countries
from modeltranslation.fields import TranslationField
from modeltranslation.manager import get_translatable_fields_for_model

from core import history
from core.choices import label_of
from core.countries import sorted_by_name
from core.three_names import LANGUAGE_LABELS, localized

from .models import (
    HOME_COUNTRY,
    Agreement,
    AgreementState,
    Contact,
    CooperationCondition,
    Institution,
    state_of,
)


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


# Choices found as the reader types (core/widgets.py AutocompleteSelect)


def partner_label(partner: Institution) -> str:
    return f"{partner.name} ({partner.city}, {countries.name(partner.country)})"


def agreement_label(agreement: Agreement) -> str:
    return f"{partner_label(agreement.partner)} — {agreement.number}"


def partner_choices(text: str) -> QuerySet[Institution]:
    """Partners matching the typed text, by their name in the reader's language."""
    return Institution.objects.partners().search(text).order_by(localized("name"), "pk")


def agreement_choices(
    text: str,
    *,
    period: Any = None,
    direction: str = "",
    mobility_types: list[str] | None = None,
) -> QuerySet[Agreement]:
    """Agreements not archived matching the typed text; with a period, those in force for the
    whole of it; with a direction, those covering it for each of the mobility types (the way
    applications.services.round_place_problems qualifies a round's partner)."""
    agreements = Agreement.objects.active()
    if period is not None:
        agreements = agreements.filter(valid_from__lte=period.starts_on).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=period.ends_on)
        )
    if direction:
        for mobility_type in mobility_types or []:
            covered = CooperationCondition.objects.filter(
                agreement=OuterRef("pk"), direction=direction, mobility_type=mobility_type
            )
            agreements = agreements.filter(Exists(covered))
    return (
        agreements.search(text)
        .select_related("partner")
        .order_by(localized("partner__name"), "number", "pk")
    )


def partner_countries() -> list[tuple[str, str]]:
    """(code, name) of each country that has a partner, by name in the reader's alphabet: a
    list filter offers these, a few dozen at most, rather than every country in the world."""
    codes = Institution.objects.partners().order_by().values_list("country", flat=True).distinct()
    return sorted_by_name(
        [(code, countries.name(code)) for code in codes if code], key=lambda item: item[1]
    )


def active_agreement_count() -> Coalesce:
    """An institution's agreements not archived, as a subquery to annotate a list with: the
    database counts them for the rows of the page only, after sorting and slicing."""
    return Coalesce(
        Subquery(
            Agreement.objects.filter(partner=OuterRef("pk"), archived_at__isnull=True)
            .order_by()
            .values("partner")
            .annotate(total=Count("pk"))
            .values("total")
        ),
        0,
    )


# The agreements list (templates/agreements/agreement_list.html)

# What the list shows of each agreement, read as plain values: building 100 agreements with their
# partner cost the page more than its SQL.
LIST_VALUES = ("pk", "partner_id", "kind", "number", "valid_from", "valid_until", "archived_at")

# The badge of each state (as templates/agreements/snippets/state_badge.html colours it).
STATE_BADGES = {
    AgreementState.IN_FORCE: "text-bg-success",
    AgreementState.EXPIRING: "text-bg-warning",
    AgreementState.EXPIRED: "text-bg-danger",
    AgreementState.ARCHIVED: "text-bg-secondary",
}


def agreement_list_values(queryset: QuerySet[Agreement]) -> QuerySet:
    """The agreements of the queryset (in its order) as values of the columns the list shows,
    the partner's names already in the reader's language (with their fallbacks)."""
    return queryset.annotate(
        partner_name=localized("partner__name"),
        partner_city=localized("partner__city"),
        partner_country=F("partner__country"),
    ).values(*LIST_VALUES, "partner_name", "partner_city", "partner_country")


@dataclass(frozen=True)
class AgreementRow:
    """One line of the agreements list, every text ready: the template only prints them."""

    partner_url: str
    partner: str
    city: str
    country: str
    kind: str
    url: str
    number: str
    valid: str
    state: str
    state_label: str
    badge: str


def agreement_list_rows(agreements: Iterable[dict[str, Any]], *, on: date) -> list[AgreementRow]:
    """The page's agreements (values of `agreement_list_values`) as lines of the list, in their
    state on the day. Labels, country names and dates are looked up once per page, not per row."""
    seen: dict[tuple[str, Any], str] = {}

    def once(kind: str, key: Any, read: Callable[[Any], str]) -> str:
        if (kind, key) not in seen:
            seen[kind, key] = read(key)
        return seen[kind, key]

    short_date = get_format("SHORT_DATE_FORMAT")
    open_ended = gettext("open-ended")
    # One reversed address each, the id put in per row (reverse() costs more than the row's text).
    marker = 999999999
    agreement_url = reverse("agreements:agreement_detail", args=[marker])
    partner_url = reverse("agreements:institution_detail", args=[marker])
    agreement_url, partner_url = (
        url.replace(str(marker), "{}") for url in (agreement_url, partner_url)
    )
    rows = []
    for row in agreements:
        valid_from = once("date", row["valid_from"], lambda day: dateformat.format(day, short_date))
        valid_until = (
            once("date", row["valid_until"], lambda day: dateformat.format(day, short_date))
            if row["valid_until"]
            else open_ended
        )
        state = state_of(
            valid_from=row["valid_from"],
            valid_until=row["valid_until"],
            archived=row["archived_at"] is not None,
            on=on,
        )
        rows.append(
            AgreementRow(
                partner_url=partner_url.format(row["partner_id"]),
                partner=row["partner_name"] or "",
                city=row["partner_city"] or "",
                country=once("country", row["partner_country"], lambda code: countries.name(code)),
                kind=once("kind", row["kind"], lambda kind: label_of(Agreement.Kind, kind)),
                url=agreement_url.format(row["pk"]),
                number=row["number"],
                valid=f"{valid_from} – {valid_until}",
                state=state.value,
                state_label=once("state", state, lambda state: str(state.label)),
                badge=STATE_BADGES.get(state, "text-bg-info"),
            )
        )
    return rows
