"""The register as CSV and XLSX: the columns of partners and agreements, and how a row of an
import is checked, matched with the register and planned.

Reading, the checks a file passes before its rows are looked at, and writing are
`core.spreadsheets`; export writes the same columns the import reads, so a file can go out, be
edited in a spreadsheet and come back.

A row that names a record already in the register updates it. Partners are found by their code
when the row gives one the register knows, otherwise by name and country (and city, where two
partners share a name in one country); agreements by partner and number, the pair the register
keeps unique. The check plans each row (new, update, unchanged) with its changes field by field,
which the preview shows and the import services apply. A column left out of the file keeps what
the register holds; an empty cell in a column of the file empties the field.
"""

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import translation
from django.utils.translation import gettext as _

from core import spreadsheets
from core.spreadsheets import (
    CheckedRows,
    Sheet,
    copy_record,
    parse_country,
    parse_date,
    plan_row,
    row_number,
    validation_messages,
)

from .models import Agreement, Institution

# Names and cities in Kazakh, Russian and English (agreements/translation.py), beside the
# partner's own local name.
NAME_COLUMNS = ["name_kk", "name_ru", "name_en"]
CITY_COLUMNS = ["city_kk", "city_ru", "city_en"]
INSTITUTION_COLUMNS = [
    *NAME_COLUMNS,
    "name_local",
    "country",
    *CITY_COLUMNS,
    "website",
    "code",
    "erasmus_code",
    "notes",
]
# A tuple is a choice: the file holds at least one of its columns.
INSTITUTION_REQUIRED = [tuple(NAME_COLUMNS), "country", tuple(CITY_COLUMNS)]
# Files made before names had three languages have one name and one city, in English.
COLUMN_ALIASES = {"name": "name_en", "city": "city_en"}
AGREEMENT_COLUMNS = [
    "partner",
    "kind",
    "number",
    "date_signed",
    "signatories",
    "valid_from",
    "valid_until",
    "notes",
]
AGREEMENT_REQUIRED = ["partner", "kind", "number", "valid_from"]


def read_table(
    upload: Any,
    *,
    columns: Sequence[str],
    required: Sequence[str],
    encoding: str = "",
) -> Sheet:
    """Reads an import of the register; a file made before names had three languages reads as
    English."""
    return spreadsheets.read_table(
        upload, columns=columns, required=required, encoding=encoding, aliases=COLUMN_ALIASES
    )


def parse_kind(text: str) -> str | None:
    wanted = text.strip().lower()
    for value, label in Agreement.Kind.choices:
        if wanted == value:
            return value
        for language in ("en", "ru", "kk"):
            with translation.override(language):
                if wanted == str(label).lower():
                    return value
    return None


def _texts(record: Model, columns: Sequence[str]) -> list[str]:
    return [(getattr(record, column) or "").lower() for column in columns]


class InstitutionIndex:
    """The partners, loaded once, found by code or by a name (in the same language) and country
    without a query per row."""

    def __init__(self) -> None:
        self.by_code: dict[str, Institution] = {}
        self.by_erasmus_code: dict[str, Institution] = {}
        self.by_name: dict[tuple[str, str, str], list[Institution]] = {}
        for partner in Institution.objects.partners():
            if partner.code:
                self.by_code[partner.code.lower()] = partner
            if partner.erasmus_code:
                self.by_erasmus_code[_erasmus_key(partner.erasmus_code)] = partner
            for column, name in zip(NAME_COLUMNS, _texts(partner, NAME_COLUMNS), strict=True):
                if name:
                    key = (column, name, partner.country.code)
                    self.by_name.setdefault(key, []).append(partner)

    def find(self, row: dict[str, str], country: str) -> Institution | None:
        if row["code"] and row["code"].lower() in self.by_code:
            return self.by_code[row["code"].lower()]
        erasmus = _erasmus_key(row.get("erasmus_code") or "")
        if erasmus and erasmus in self.by_erasmus_code:
            return self.by_erasmus_code[erasmus]
        named: dict[int, Institution] = {}
        for column in NAME_COLUMNS:
            if row[column]:
                for partner in self.by_name.get((column, row[column].lower(), country), []):
                    named[partner.pk] = partner
        found = list(named.values())
        if len(found) > 1:
            cities = {row[column].lower() for column in CITY_COLUMNS if row[column]}
            found = [p for p in found if cities & set(_texts(p, CITY_COLUMNS))]
        return found[0] if len(found) == 1 else None


def _erasmus_key(code: str) -> str:
    """An Erasmus code whatever its case and spacing: "lv  riga27" is LV RIGA27."""
    return " ".join(code.split()).upper()


def _institution_row(row: dict) -> dict:
    """A row with every column of the template, old single-language columns read as English."""
    renamed = {COLUMN_ALIASES.get(key, key): value for key, value in row.items()}
    return dict.fromkeys(INSTITUTION_COLUMNS, "") | renamed


def check_institution_rows(
    rows: list[dict[str, str]], *, given: Sequence[str] | None = None
) -> CheckedRows:
    rows = [_institution_row(row) for row in rows]
    checked = CheckedRows(rows=rows)
    given = list(INSTITUTION_COLUMNS if given is None else given)
    given = [COLUMN_ALIASES.get(column, column) for column in given]
    index = InstitutionIndex()
    seen: dict[tuple, int] = {}
    for position, row in enumerate(rows, start=2):
        number = row_number(row, position)
        problems = []
        if not row["country"]:
            problems.append(_("%(column)s is empty") % {"column": "country"})
        if not any(row[column] for column in NAME_COLUMNS):
            problems.append(_("no name in any language; fill name_kk, name_ru or name_en"))
        if not any(row[column] for column in CITY_COLUMNS):
            problems.append(_("no city in any language; fill city_kk, city_ru or city_en"))
        country = parse_country(row["country"]) if row["country"] else None
        if row["country"] and country is None:
            problems.append(
                _("unknown country %(value)r; write its ISO code (LV, TR) or English name")
                % {"value": row["country"]}
            )
        planned = None
        if not problems:
            stored = index.find(row, country)
            if stored is not None:
                key: tuple = ("stored", stored.pk)
            else:
                names = tuple(row[column].lower() for column in NAME_COLUMNS)
                cities = tuple(row[column].lower() for column in CITY_COLUMNS)
                key = ("new", names, country, cities)
            keys = [key] + ([("code", row["code"].lower())] if row["code"] else [])
            if row["erasmus_code"]:
                keys.append(("erasmus_code", _erasmus_key(row["erasmus_code"])))
            for each in keys:
                if each in seen:
                    problems.append(
                        _("the same institution is already in row %(row)d") % {"row": seen[each]}
                    )
                    break
            for each in keys:
                seen.setdefault(each, number)
            institution = build_institution(row, stored=stored, given=given)
            try:
                institution.full_clean()
            except ValidationError as error:
                problems.extend(validation_messages(error))
            planned = plan_row(
                number,
                columns=INSTITUTION_COLUMNS,
                given=given,
                stored=stored,
                record=institution,
                export=institution_rows,
            )
        for problem in problems:
            checked.errors.append((number, problem))
        if planned is not None and not problems:
            checked.plan.append(planned)
    return checked


def build_institution(
    row: dict[str, str],
    *,
    stored: Institution | None = None,
    given: Sequence[str] = INSTITUTION_COLUMNS,
) -> Institution:
    """An unsaved institution from a checked row: a new one, or the stored one with the row's
    columns applied."""
    institution = Institution() if stored is None else copy_record(stored)
    for column in INSTITUTION_COLUMNS:
        if stored is not None and column not in given:
            continue
        value = parse_country(row[column]) if column == "country" else row[column]
        if column in NAME_COLUMNS or column in CITY_COLUMNS:
            # An empty name in one language is stored as none (agreements/translation.py).
            value = value or None
        if column == "code" and stored is not None and value.lower() == stored.code.lower():
            # The code is matched whatever its case; the register keeps its own spelling.
            value = stored.code
        if column == "erasmus_code" and value:
            value = _erasmus_key(value)
        setattr(institution, column, value)
    return institution


class PartnerIndex:
    """All partners, loaded once, looked up by code or by name without a query per row."""

    def __init__(self) -> None:
        self.by_code: dict[str, Institution] = {}
        self.by_name: dict[str, list[Institution]] = {}
        for partner in Institution.objects.partners():
            if partner.code:
                self.by_code[partner.code.lower()] = partner
            for name in set(_texts(partner, NAME_COLUMNS)) - {""}:
                self.by_name.setdefault(name, []).append(partner)

    def find(self, text: str) -> tuple[Institution | None, str]:
        wanted = text.strip().lower()
        if wanted in self.by_code:
            return self.by_code[wanted], ""
        named = self.by_name.get(wanted, [])
        if len(named) == 1:
            return named[0], ""
        if named:
            return None, _("more than one partner is named %(value)r; use its code") % {
                "value": text
            }
        return None, _("no partner named %(value)r; import or add the institution first") % {
            "value": text
        }


def check_agreement_rows(
    rows: list[dict[str, str]], *, given: Sequence[str] | None = None
) -> CheckedRows:
    checked = CheckedRows(rows=rows)
    given = list(AGREEMENT_COLUMNS if given is None else given)
    partners = PartnerIndex()
    stored_agreements = {
        (agreement.partner_id, agreement.number): agreement
        for agreement in Agreement.objects.filter(partner__is_home=False)
    }
    seen: dict[tuple[int, str], int] = {}
    for position, row in enumerate(rows, start=2):
        number = row_number(row, position)
        problems = []
        for column in AGREEMENT_REQUIRED:
            if not row[column]:
                problems.append(_("%(column)s is empty") % {"column": column})
        partner, problem = partners.find(row["partner"]) if row["partner"] else (None, "")
        if problem:
            problems.append(problem)
        if row["kind"] and parse_kind(row["kind"]) is None:
            problems.append(
                _("unknown kind %(value)r; write agreement, contract or memorandum")
                % {"value": row["kind"]}
            )
        for column in ("date_signed", "valid_from", "valid_until"):
            if row[column]:
                try:
                    parse_date(row[column])
                except ValueError:
                    message = _(
                        "%(column)s %(value)r is not a date; write it as 01.09.2023 "
                        "(day.month.year) or 2023-09-01"
                    )
                    problems.append(message % {"column": column, "value": row[column]})
        planned = None
        if not problems and partner is not None:
            key = (partner.pk, row["number"])
            if key in seen:
                problems.append(
                    _("the same partner and number are already in row %(row)d") % {"row": seen[key]}
                )
            seen[key] = number
            stored = stored_agreements.get(key)
            if stored is not None:
                stored.partner = partner
            agreement = build_agreement(row, partner=partner, stored=stored, given=given)
            try:
                agreement.full_clean()
            except ValidationError as error:
                problems.extend(validation_messages(error))
            planned = plan_row(
                number,
                columns=AGREEMENT_COLUMNS,
                given=given,
                stored=stored,
                record=agreement,
                export=agreement_rows,
            )
        for problem in problems:
            checked.errors.append((number, problem))
        if planned is not None and not problems:
            checked.plan.append(planned)
    return checked


def build_agreement(
    row: dict[str, str],
    *,
    partner: Institution,
    stored: Agreement | None = None,
    given: Sequence[str] = AGREEMENT_COLUMNS,
) -> Agreement:
    """An unsaved agreement from a row that `check_agreement_rows` found valid: a new one, or the
    stored one with the row's columns applied (partner and number name it, so they stay)."""

    def optional_date(text: str) -> date | None:
        return parse_date(text) if text else None

    values = {
        "kind": lambda: parse_kind(row["kind"]),
        "date_signed": lambda: optional_date(row["date_signed"]),
        "signatories": lambda: row["signatories"],
        "valid_from": lambda: parse_date(row["valid_from"]),
        "valid_until": lambda: optional_date(row["valid_until"]),
        "notes": lambda: row["notes"],
    }
    agreement = Agreement(number=row["number"]) if stored is None else copy_record(stored)
    agreement.partner = partner
    for column, value in values.items():
        if stored is None or column in given:
            setattr(agreement, column, value())
    return agreement


def check_rows(
    what: str, rows: list[dict[str, str]], *, given: Sequence[str] | None = None
) -> CheckedRows:
    """Checks and plans the rows of an import of `what` (institutions or agreements)."""
    check = check_institution_rows if what == "institutions" else check_agreement_rows
    return check(rows, given=given)


def institution_rows(institutions: Iterable[Institution]) -> Iterable[list[str]]:
    for institution in institutions:
        yield [
            *(getattr(institution, column) or "" for column in NAME_COLUMNS),
            institution.name_local,
            institution.country.code,
            *(getattr(institution, column) or "" for column in CITY_COLUMNS),
            institution.website,
            institution.code,
            institution.erasmus_code,
            institution.notes,
        ]


def agreement_rows(agreements: Iterable[Agreement]) -> Iterable[list[Any]]:
    """Dates stay dates: a workbook gets date cells, a CSV file and the preview their text."""
    for agreement in agreements:
        yield [
            agreement.partner.code or agreement.partner.name,
            agreement.kind,
            agreement.number,
            agreement.date_signed or "",
            agreement.signatories,
            agreement.valid_from,
            agreement.valid_until or "",
            agreement.notes,
        ]
