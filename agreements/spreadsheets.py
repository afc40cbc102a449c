"""Reading and writing the register as CSV and XLSX.

An import is read and checked whole before anything is written: `read_rows` turns the file into
plain rows, `check_*_rows` names every bad row with its reason, and only a file without a single
error reaches the import services. Export writes the same columns the import reads, so a file can
go out, be edited in a spreadsheet and come back.

A row that names a record already in the register updates it. Partners are found by their code
when the row gives one the register knows, otherwise by name and country (and city, where two
partners share a name in one country); agreements by partner and number, the pair the register
keeps unique. The check plans each row (new, update, unchanged) with its changes field by field,
which the preview shows and the import services apply. A column left out of the file keeps what
the register holds; an empty cell in a column of the file empties the field.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

from .models import Agreement, Institution

INSTITUTION_COLUMNS = ["name", "name_local", "country", "city", "website", "code", "notes"]
INSTITUTION_REQUIRED = ["name", "country", "city"]
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
MAX_ROWS = 5000
# Each row read from a file keeps the number of its row in the file, blank rows counted, so that
# an error names the row the user sees in the spreadsheet.
ROW_NUMBER = "_row"


def row_number(row: dict, default: int) -> int:
    return row.get(ROW_NUMBER, default)


class SpreadsheetError(Exception):
    """The file as a whole cannot be read: wrong format or wrong columns."""


NEW = "new"
UPDATE = "update"
UNCHANGED = "unchanged"
ACTIONS = (NEW, UPDATE, UNCHANGED)


@dataclass
class PlannedRow:
    """What importing one row does: the record it adds or updates, and each cell as shown."""

    number: int
    action: str
    record: Model | None = None
    # One per column: the value the record will have, and the stored one where it changes.
    cells: list[dict[str, str]] = field(default_factory=list)

    @property
    def changed_columns(self) -> list[str]:
        return [cell["column"] for cell in self.cells if cell["changed"]]


@dataclass
class CheckedRows:
    rows: list[dict[str, str]]
    errors: list[tuple[int, str]] = field(default_factory=list)
    plan: list[PlannedRow] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for row in self.plan if row.action == action)

    @property
    def has_work(self) -> bool:
        return any(row.action != UNCHANGED for row in self.plan)

    def plan_key(self) -> list[list]:
        """What the import will do, row by row, in a form a session can keep."""
        return [[row.action, row.record.pk if row.action != NEW else None] for row in self.plan]


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    # Undo the quote that the CSV export puts before formula-like text.
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def read_rows(upload: Any, *, columns: Sequence[str], required: Sequence[str]) -> list[dict]:
    """Reads a CSV or XLSX upload into rows keyed by column name, checking the header."""
    return read_sheet(upload, columns=columns, required=required)[1]


def read_sheet(
    upload: Any, *, columns: Sequence[str], required: Sequence[str]
) -> tuple[list[str], list[dict]]:
    """The columns the file holds, in the template's order, and its rows (see `read_rows`)."""
    name = (getattr(upload, "name", "") or "").lower()
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    if head.startswith(b"PK"):
        table = _read_xlsx(upload)
    elif name.endswith(".xlsx"):
        raise SpreadsheetError(_("The file is named .xlsx but is not an Excel workbook."))
    else:
        table = _read_csv(upload)
    if not table:
        raise SpreadsheetError(_("The file is empty. Row 1 must hold the column names."))
    # XLSX header cells may be empty (None) or numbers, not only text.
    header = [_cell_text(cell).lower() for cell in table[0]]
    unknown = [column for column in header if column and column not in columns]
    if unknown:
        raise SpreadsheetError(
            _("Unknown column(s): %(unknown)s. The columns are: %(columns)s.")
            % {"unknown": ", ".join(unknown), "columns": ", ".join(columns)}
        )
    missing = [column for column in required if column not in header]
    if missing:
        raise SpreadsheetError(
            _("Missing column(s): %(missing)s. The columns are: %(columns)s.")
            % {"missing": ", ".join(missing), "columns": ", ".join(columns)}
        )
    duplicated = sorted({column for column in header if column and header.count(column) > 1})
    if duplicated:
        raise SpreadsheetError(
            _("Column(s) %(columns)s appear more than once; keep one of each.")
            % {"columns": ", ".join(duplicated)}
        )
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        values = [_cell_text(cell) for cell in cells]
        if not any(values):
            continue
        row = dict.fromkeys(columns, "")
        for column, value in zip(header, values, strict=False):
            if column:
                row[column] = value
        row[ROW_NUMBER] = number
        rows.append(row)
    if not rows:
        raise SpreadsheetError(_("The file has column names but no rows below them."))
    if len(rows) > MAX_ROWS:
        raise SpreadsheetError(
            _("The file has %(count)d rows; import at most %(max)d at a time.")
            % {"count": len(rows), "max": MAX_ROWS}
        )
    return [column for column in columns if column in header], rows


def _read_csv(upload: Any) -> list[list[str]]:
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpreadsheetError(
            _("The CSV file is not UTF-8 text. Save it as 'CSV UTF-8' and upload it again.")
        ) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def _read_xlsx(upload: Any) -> list[list[Any]]:
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:
        raise SpreadsheetError(
            _("The file could not be read as an Excel workbook. Save it as .xlsx and try again.")
        ) from None
    sheet = workbook.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def parse_date(text: str) -> date:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_country(text: str) -> str | None:
    text = text.strip()
    if not text:
        return None
    if len(text) == 2 and text.upper() in dict(countries):
        return text.upper()
    code = countries.by_name(text)
    if code:
        return code
    for language in ("ru", "kk"):
        with translation.override(language):
            code = countries.by_name(text, language=language)
        if code:
            return code
    return None


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


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        messages = []
        for name, errors in error.message_dict.items():
            for message in errors:
                messages.append(message if name == "__all__" else f"{name}: {message}")
        return messages
    return list(error.messages)


def _copy(record: Model) -> Model:
    """An unsaved copy of a stored record, to apply a row to without touching the original."""
    copy = type(record)(**{f.attname: getattr(record, f.attname) for f in record._meta.fields})
    copy._state.adding = False
    return copy


def _plan(
    number: int,
    *,
    columns: Sequence[str],
    given: Sequence[str],
    stored: Model | None,
    record: Model,
    export: Any,
) -> PlannedRow:
    """Compares a row's record with the stored one, column by column, as the export writes them."""
    new_values = next(iter(export([record])))
    if stored is None:
        cells = [
            {"column": column, "value": value, "old": "", "changed": False}
            for column, value in zip(columns, new_values, strict=True)
        ]
        return PlannedRow(number=number, action=NEW, record=record, cells=cells)
    old_values = next(iter(export([stored])))
    cells = []
    for column, old, new in zip(columns, old_values, new_values, strict=True):
        changed = column in given and old != new
        cells.append({"column": column, "value": new, "old": old, "changed": changed})
    action = UPDATE if any(cell["changed"] for cell in cells) else UNCHANGED
    return PlannedRow(number=number, action=action, record=record, cells=cells)


class InstitutionIndex:
    """The partners, loaded once, found by code or by name and country without a query per row."""

    def __init__(self) -> None:
        self.by_code: dict[str, Institution] = {}
        self.by_name: dict[tuple[str, str], list[Institution]] = {}
        for partner in Institution.objects.partners():
            if partner.code:
                self.by_code[partner.code.lower()] = partner
            self.by_name.setdefault((partner.name.lower(), partner.country.code), []).append(
                partner
            )

    def find(self, row: dict[str, str], country: str) -> Institution | None:
        if row["code"] and row["code"].lower() in self.by_code:
            return self.by_code[row["code"].lower()]
        named = self.by_name.get((row["name"].lower(), country), [])
        if len(named) > 1:
            named = [p for p in named if p.city.lower() == row["city"].lower()]
        return named[0] if len(named) == 1 else None


def check_institution_rows(
    rows: list[dict[str, str]], *, given: Sequence[str] | None = None
) -> CheckedRows:
    checked = CheckedRows(rows=rows)
    given = list(INSTITUTION_COLUMNS if given is None else given)
    index = InstitutionIndex()
    seen: dict[tuple, int] = {}
    for position, row in enumerate(rows, start=2):
        number = row_number(row, position)
        problems = []
        for column in INSTITUTION_REQUIRED:
            if not row[column]:
                problems.append(_("%(column)s is empty") % {"column": column})
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
                key = ("new", row["name"].lower(), country, row["city"].lower())
            keys = [key] + ([("code", row["code"].lower())] if row["code"] else [])
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
                problems.extend(_messages(error))
            planned = _plan(
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
    institution = Institution() if stored is None else _copy(stored)
    for column in INSTITUTION_COLUMNS:
        if stored is not None and column not in given:
            continue
        value = parse_country(row[column]) if column == "country" else row[column]
        if column == "code" and stored is not None and value.lower() == stored.code.lower():
            # The code is matched whatever its case; the register keeps its own spelling.
            value = stored.code
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
            self.by_name.setdefault(partner.name.lower(), []).append(partner)

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
                    message = _("%(column)s %(value)r is not a date; write it as 2023-09-01")
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
                problems.extend(_messages(error))
            planned = _plan(
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
    agreement = Agreement(number=row["number"]) if stored is None else _copy(stored)
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
            institution.name,
            institution.name_local,
            institution.country.code,
            institution.city,
            institution.website,
            institution.code,
            institution.notes,
        ]


def agreement_rows(agreements: Iterable[Agreement]) -> Iterable[list[str]]:
    for agreement in agreements:
        yield [
            agreement.partner.code or agreement.partner.name,
            agreement.kind,
            agreement.number,
            agreement.date_signed.isoformat() if agreement.date_signed else "",
            agreement.signatories,
            agreement.valid_from.isoformat(),
            agreement.valid_until.isoformat() if agreement.valid_until else "",
            agreement.notes,
        ]


FORMULA_STARTS = ("=", "+", "-", "@")


def _inert(value: str) -> str:
    """Keeps a spreadsheet from running a cell that looks like a formula (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows([_inert(value) for value in row] for row in rows)
    # The byte-order mark lets Excel open the file as UTF-8, Cyrillic included.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Characters Excel refuses in a sheet's name.
SHEET_NAME_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def to_xlsx(columns: Sequence[str], rows: Iterable[Sequence[Any]], *, title: str) -> bytes:
    return to_workbook([(title, columns, rows)])


def to_workbook(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """One sheet per (title, columns, rows); numbers stay numbers, text never becomes a formula."""
    workbook = Workbook(write_only=True)
    for title, columns, rows in sheets:
        sheet = workbook.create_sheet(title=title.translate(SHEET_NAME_FORBIDDEN)[:31])
        sheet.append(list(columns))
        for row in rows:
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=value)
                # A text starting with "=" stays text, never a formula.
                if isinstance(value, str):
                    cell.data_type = "s"
                cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
