"""Reading and writing spreadsheets: CSV and XLSX, for every import and export.

An import is read and checked whole before anything is written: `read_table` turns the file into
plain rows, the importing app's check names every bad row with its reason (`CheckedRows`), and
only a file without a single error reaches its import service. `plan_row` compares a row's record
with the stored one, field by field as the export writes them, so that the preview shows what the
import will add, change or leave as it is.

Reading trusts nothing a file declares. A file over `IMPORT_MAX_SIZE` is refused unread; a
workbook's zip is checked for what it unpacks to before openpyxl parses a part, its declared
dimension is ignored, and its rows are read one at a time, as are a CSV's, stopping at the first
row over `IMPORT_MAX_ROWS`. A CSV may be UTF-8, UTF-16 or a Cyrillic code page (told from its
letters), separated by commas, semicolons or tabs; the preview says which encoding was used.

Writing keeps a text that looks like a formula from running in the reader's spreadsheet, and
writes dates and numbers as Kazakh and Russian readers read them.
"""

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

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


@dataclass
class Sheet:
    """A file read for an import: its columns, its rows and how its text was read."""

    # The template's columns the file holds, in the template's order.
    columns: list[str]
    rows: list[dict]
    # The text encoding a CSV file was read in ("" for a workbook), and whether it was guessed
    # rather than found for certain (a byte-order mark, valid UTF-8) or chosen by the user.
    encoding: str = ""
    guessed: bool = False
    # (row, column) of cells where a question mark stands between letters: what Excel writes for
    # a letter the file's encoding cannot hold (the Kazakh ә, ғ, қ… in Windows-1251).
    lost_letters: list[tuple[int, str]] = field(default_factory=list)

    @property
    def encoding_label(self) -> str:
        return str(dict(ENCODINGS).get(self.encoding, self.encoding))


# The encodings a CSV may be read in, as the import form offers them. Excel saves "CSV UTF-8"
# with a byte-order mark, "Unicode text" as UTF-16 with one, and plain "CSV" in the Windows code
# page of the computer's language: Windows-1251 for Russian and Kazakh.
ENCODINGS = [
    ("utf-8-sig", gettext_lazy("UTF-8")),
    ("utf-16", gettext_lazy("UTF-16 (Excel “Unicode text”)")),
    ("cp1251", gettext_lazy("Windows-1251 (Cyrillic)")),
    ("koi8_r", gettext_lazy("KOI8-R")),
    ("cp866", gettext_lazy("DOS 866 (Cyrillic)")),
    ("kz1048", gettext_lazy("KZ-1048 (Kazakh)")),
]
# Tried in this order when a CSV is neither UTF-8 nor marked as UTF-16; on a tie the first wins,
# Windows-1251 being what Excel writes on a Russian or Kazakh Windows.
SINGLE_BYTE_GUESSES = ("cp1251", "koi8_r", "cp866")
# Excel keeps at most this many characters in a cell; a longer one did not come from a sheet.
MAX_CELL_CHARS = 32_767
# The most an XLSX may unpack to (all its parts together). The zip's declared sizes are checked
# before any part is parsed, and Python's zipfile never inflates a part beyond its declared size.
# A workbook of 5,000 rows of partners unpacks to about 2 MB.
XLSX_MAX_UNPACKED = 25 * 1024 * 1024
# XML elements a workbook may hold: what its theme and styles take, and so many per row of the
# row limit (a row of nine columns, its texts in the shared strings, takes about forty). openpyxl
# parses all shared strings and styles before the first row, at about 10 µs an element.
ELEMENTS_BASE = 20_000
ELEMENTS_PER_ROW = 60
DOCTYPE_MARKERS = (
    b"<!DOCTYPE",
    "<!DOCTYPE".encode("utf-16-le"),
    "<!DOCTYPE".encode("utf-16-be"),
)
# How far below the row limit a file is read, blank rows included.
BLANK_ROWS_FACTOR = 10
DELIMITERS = (",", ";", "\t")
NOT_A_WORKBOOK = gettext_lazy(
    "The file could not be read as an Excel workbook. Save it as .xlsx and try again."
)


def read_rows(
    upload: Any,
    *,
    columns: Sequence[str],
    required: Sequence[str],
    aliases: Mapping[str, str] | None = None,
) -> list[dict]:
    """Reads a CSV or XLSX upload into rows keyed by column name, checking the header."""
    return read_table(upload, columns=columns, required=required, aliases=aliases).rows


def read_sheet(
    upload: Any,
    *,
    columns: Sequence[str],
    required: Sequence[str],
    aliases: Mapping[str, str] | None = None,
) -> tuple[list[str], list[dict]]:
    """The columns the file holds, in the template's order, and its rows (see `read_rows`)."""
    sheet = read_table(upload, columns=columns, required=required, aliases=aliases)
    return sheet.columns, sheet.rows


def read_table(
    upload: Any,
    *,
    columns: Sequence[str],
    required: Sequence[str],
    encoding: str = "",
    aliases: Mapping[str, str] | None = None,
) -> Sheet:
    """Reads an upload row by row, refusing it whole (`SpreadsheetError`) the moment it is too
    big, has a cell too long or a header that is not the template's; `encoding` names the text
    encoding of a CSV, or leaves it to be detected. A tuple in `required` is a choice: the file
    holds at least one of its columns. `aliases` reads a column of older files under the name
    the template now gives it, where the template has that column."""
    aliases = aliases or {}
    limit = settings.IMPORT_MAX_SIZE
    upload.seek(0, io.SEEK_END)
    size = upload.tell()
    if size > limit:
        raise SpreadsheetError(
            _("The file is %(size)s; the import reads files up to %(limit)s. Split it in parts.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )
    name = (getattr(upload, "name", "") or "").lower()
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    if head.startswith(b"PK"):
        with _xlsx_table(upload) as (header, body):
            sheet = _read_table(header, body, columns=columns, required=required, aliases=aliases)
    elif name.endswith(".xlsx"):
        raise SpreadsheetError(_("The file is named .xlsx but is not an Excel workbook."))
    else:
        raw = upload.read()
        text, used, guessed = decode_text(raw, encoding=encoding)
        records = _csv_records(text)
        header = next(records, None)
        sheet = _read_table(
            header, lambda _width: records, columns=columns, required=required, aliases=aliases
        )
        sheet.encoding, sheet.guessed = used, guessed
        if used not in ("utf-8-sig", "utf-16"):
            sheet.lost_letters = [
                (row[ROW_NUMBER], column)
                for row in sheet.rows
                for column in columns
                if LOST_LETTER.search(row[column])
            ]
    return sheet


# Excel writes "?" for a letter the code page lacks: "Торайғыров" becomes "Торай?ыров".
LOST_LETTER = re.compile("\\?[\u0400-\u04ff]")


def _read_table(
    header_cells: Sequence[Any] | None,
    body: Callable[[int], Iterable[Sequence[Any]]],
    *,
    columns: Sequence[str],
    required: Sequence[str],
    aliases: Mapping[str, str],
) -> Sheet:
    """Checks the header (row 1) and keeps the rows below, stopping at the row limit. `body`
    gives the rows below the header, read one at a time and cut to the width it is given."""
    if header_cells is None:
        raise SpreadsheetError(_("The file is empty. Row 1 must hold the column names."))
    # XLSX header cells may be empty (None) or numbers, not only text.
    header = [_cell_text(cell).lower() for cell in header_cells]
    _check_lengths(1, header, header)
    header = [aliases[column] if aliases.get(column) in columns else column for column in header]
    unknown = [column for column in header if column and column not in columns]
    if unknown:
        shown = [column if len(column) <= 40 else column[:40] + "…" for column in unknown[:10]]
        raise SpreadsheetError(
            _("Unknown column(s): %(unknown)s. The columns are: %(columns)s.")
            % {"unknown": ", ".join(shown), "columns": ", ".join(columns)}
        )
    missing = [
        column if isinstance(column, str) else _(" or ").join(column)
        for column in required
        if not set([column] if isinstance(column, str) else column) & set(header)
    ]
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
    # A workbook reads only as many columns as the header has.
    width = max((index + 1 for index, column in enumerate(header) if column), default=0)
    max_rows = settings.IMPORT_MAX_ROWS
    # Blank rows are skipped but still cost reading (a workbook with one cell in its last row
    # reads as a million empty rows), so the file is read no further than this row.
    last_row = max_rows * BLANK_ROWS_FACTOR
    rows = []
    for number, cells in enumerate(body(width), start=2):
        if number > last_row:
            raise SpreadsheetError(
                _(
                    "The sheet goes on below row %(last)s; the import reads no further, blank "
                    "rows included. Delete the rows below your data and upload the file again."
                )
                % {"last": number_format(last_row, force_grouping=True)}
            )
        if not any(cells):
            # Quickly past the empty rows a workbook has between its rows of data.
            continue
        values = [_cell_text(cell) for cell in cells]
        if not any(values):
            continue
        _check_lengths(number, values, header)
        if len(rows) == max_rows:
            raise SpreadsheetError(
                _(
                    "The file has more than %(max)s rows; import at most %(max)s at a time "
                    "and split the rest into other files."
                )
                % {"max": number_format(max_rows, force_grouping=True)}
            )
        row = dict.fromkeys(columns, "")
        for column, value in zip(header, values, strict=False):
            if column:
                row[column] = value
        row[ROW_NUMBER] = number
        rows.append(row)
    if not rows:
        raise SpreadsheetError(_("The file has column names but no rows below them."))
    return Sheet(columns=[column for column in columns if column in header], rows=rows)


def _check_lengths(number: int, values: Sequence[str], header: Sequence[str]) -> None:
    for index, value in enumerate(values):
        if len(value) > MAX_CELL_CHARS:
            named = header[index] if index < len(header) and header[index] else ""
            raise SpreadsheetError(
                _(
                    "Row %(row)d, column %(column)s: the cell holds %(length)s characters; "
                    "a cell holds at most %(max)s. Shorten it and upload the file again."
                )
                % {
                    "row": number,
                    "column": named or get_column_letter(index + 1),
                    "length": number_format(len(value), force_grouping=True),
                    "max": number_format(MAX_CELL_CHARS, force_grouping=True),
                }
            )


def decode_text(raw: bytes, *, encoding: str = "") -> tuple[str, str, bool]:
    """The text of a CSV, the encoding it was read in, and whether that encoding was guessed.

    A chosen encoding is used as it is. Otherwise a byte-order mark decides (UTF-8 or UTF-16),
    then valid UTF-8 is UTF-8; anything else is read in each Cyrillic code page in turn
    (`SINGLE_BYTE_GUESSES`) and the one whose words look most like words wins.
    """
    if encoding:
        if encoding not in dict(ENCODINGS):
            raise SpreadsheetError(_("Choose one of the encodings offered."))
        try:
            return _text(raw.decode(encoding)), encoding, False
        except UnicodeDecodeError:
            raise SpreadsheetError(
                _(
                    "The file cannot be read as %(encoding)s. Choose another encoding, or let it "
                    "be detected."
                )
                % {"encoding": dict(ENCODINGS)[encoding]}
            ) from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _text(raw.decode("utf-16")), "utf-16", False
        except UnicodeDecodeError:
            raise SpreadsheetError(
                _("The file is marked as UTF-16 text but is not. Save it again from Excel.")
            ) from None
    try:
        return _text(raw.decode("utf-8-sig")), "utf-8-sig", False
    except UnicodeDecodeError:
        pass
    readings = []
    for candidate in SINGLE_BYTE_GUESSES:
        try:
            readings.append((candidate, raw.decode(candidate)))
        except UnicodeDecodeError:
            continue
    if not readings:
        raise SpreadsheetError(
            _("The file is not text in an encoding the import knows. Save it as “CSV UTF-8”.")
        )
    # The first 64 KB tell as well as the whole file. max() keeps the first of equal scores, so
    # Windows-1251 wins a tie.
    used, text = max(readings, key=lambda reading: _wordlike(reading[1][:65536]))
    return _text(text), used, True


def _text(text: str) -> str:
    if "\x00" in text:
        raise SpreadsheetError(
            _("The file is not a spreadsheet saved as text. Upload a CSV or an XLSX file.")
        )
    return text


# Letters of the Cyrillic alphabets of Windows-1251 (Russian, Ukrainian, Belarusian, Serbian).
_UPPER = "\u0400-\u042f\u0490"
_LOWER = "\u0430-\u045f\u0491"
_WORD = re.compile(r"[^\W\d_]+")
_CAPITALISED = re.compile(f"[{_UPPER}]?[{_LOWER}]+")
_CAPITALS = re.compile(f"[{_UPPER}]+")
# What else a Russian or Kazakh text holds outside ASCII: quotes, dashes, the number sign.
_PUNCTUATION = set("«»—–№…‘’“”„•\xa0")


def _wordlike(text: str) -> int:
    """How much a decoded text looks like Cyrillic words: read in the wrong code page, capitals
    and small letters swap or become symbols and box-drawing characters."""
    score = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        if _CAPITALISED.fullmatch(word):
            score += 1
        elif not _CAPITALS.fullmatch(word):
            score -= 1
    score -= sum(
        1 for char in text if not char.isascii() and not char.isalpha() and char not in _PUNCTUATION
    )
    return score


def _delimiter(text: str) -> str:
    """The delimiter of a CSV: the one of comma, semicolon and tab found most often outside quotes
    in its first line (the column names, which hold none of them). Excel writes a semicolon where
    the decimal mark is a comma, as in Russian and Kazakh."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in text[:65536]:
        if char == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif char in "\r\n":
            break
        elif char in counts:
            counts[char] += 1
    # max() keeps the first of equal counts: a file of one column reads with commas.
    return max(DELIMITERS, key=lambda delimiter: counts[delimiter])


def _csv_records(text: str) -> Iterator[list[str]]:
    reader = csv.reader(
        io.StringIO(text), delimiter=_delimiter(text), quotechar='"', doublequote=True
    )
    # Raised so that the cell length check, which names the row and column, sees a long cell
    # before the csv module refuses it unnamed; the file's size bounds it.
    if csv.field_size_limit() <= len(text):
        csv.field_size_limit(len(text) + 1)
    number = 0
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise SpreadsheetError(
                _("Row %(row)d cannot be read as CSV (%(error)s). Save the file again from Excel.")
                % {"row": number, "error": error}
            ) from None
        yield cells


@contextmanager
def _xlsx_table(upload: Any) -> Iterator[tuple[Sequence[Any] | None, Callable]]:
    """The first sheet's header row, and a function giving the rows below it one at a time."""
    _check_archive(upload)
    upload.seek(0)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:
        raise SpreadsheetError(NOT_A_WORKBOOK) from None
    try:
        sheet = workbook.worksheets[0]
        # The size a file declares is not trusted: a read-only sheet pads every row to it, so a
        # 1.5 KB file declaring A1:XFD1048576 would be read as a billion empty cells.
        sheet.reset_dimensions()
        first = _guarded(sheet.iter_rows(min_row=1, max_row=1, values_only=True))
        header = next(first, None)
        first.close()

        def body(width: int) -> Iterator[Sequence[Any]]:
            # Only the header's columns are read: openpyxl pads a row up to its last cell.
            if not width:
                return iter(())
            return _guarded(sheet.iter_rows(min_row=2, max_col=width, values_only=True))

        yield header, body
    finally:
        workbook.close()


def _guarded(rows: Iterator[Sequence[Any]]) -> Iterator[Sequence[Any]]:
    """The rows of a sheet, a file broken further down refused as a whole."""
    try:
        yield from rows
    except Exception:
        raise SpreadsheetError(NOT_A_WORKBOOK) from None


def _check_archive(upload: Any) -> None:
    """Refuses a workbook before openpyxl parses it when its parts would unpack to more than
    `XLSX_MAX_UNPACKED`, hold more XML elements than the row limit needs, or declare a document
    type (the way to XML entity expansion, which Excel never writes)."""
    max_elements = ELEMENTS_BASE + settings.IMPORT_MAX_ROWS * ELEMENTS_PER_ROW
    elements = 0
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            unpacked = sum(member.file_size for member in members)
            if unpacked > XLSX_MAX_UNPACKED:
                raise SpreadsheetError(
                    _(
                        "The workbook unpacks to %(size)s; the import reads workbooks of up to "
                        "%(limit)s unpacked. Save only the rows to import, or split them into "
                        "several files."
                    )
                    % {"size": filesizeformat(unpacked), "limit": filesizeformat(XLSX_MAX_UNPACKED)}
                )
            for member in members:
                with archive.open(member) as part:
                    tail = b""
                    while chunk := part.read(1 << 20):
                        window = tail + chunk
                        if any(marker in window for marker in DOCTYPE_MARKERS):
                            raise SpreadsheetError(NOT_A_WORKBOOK)
                        # Every element opens with "<" and a closing tag with "</"; what parsing
                        # a workbook costs grows with their number (each shared text, style and
                        # cell is one or two), whatever their size.
                        elements += chunk.count(b"<") - chunk.count(b"</")
                        tail = window[-len(DOCTYPE_MARKERS[-1]) :]
                if elements > max_elements:
                    raise SpreadsheetError(
                        _(
                            "The workbook holds more cells, texts and styles than %(max)s rows "
                            "need. Copy only the rows to import into a new workbook and upload "
                            "that."
                        )
                        % {"max": number_format(settings.IMPORT_MAX_ROWS, force_grouping=True)}
                    )
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError, NotImplementedError, RuntimeError):
        # A broken archive, an unknown compression or an encrypted part.
        raise SpreadsheetError(NOT_A_WORKBOOK) from None


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


def validation_messages(error: ValidationError) -> list[str]:
    """The messages of a failed full_clean(), each but the general ones named by its field."""
    if hasattr(error, "error_dict"):
        messages = []
        for name, errors in error.message_dict.items():
            for message in errors:
                messages.append(message if name == "__all__" else f"{name}: {message}")
        return messages
    return list(error.messages)


def copy_record(record: Model) -> Model:
    """An unsaved copy of a stored record, to apply a row to without touching the original."""
    copy = type(record)(**{f.attname: getattr(record, f.attname) for f in record._meta.fields})
    copy._state.adding = False
    return copy


def _shown(value: Any) -> Any:
    """A cell of the preview as the reader writes it: a date as 30.11.2026, as the export does."""
    return date_format(value, "SHORT_DATE_FORMAT") if isinstance(value, date) else value


def plan_row(
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
            {"column": column, "value": _shown(value), "old": "", "changed": False}
            for column, value in zip(columns, new_values, strict=True)
        ]
        return PlannedRow(number=number, action=NEW, record=record, cells=cells)
    old_values = next(iter(export([stored])))
    cells = []
    for column, old, new in zip(columns, old_values, new_values, strict=True):
        changed = column in given and old != new
        cells.append(
            {"column": column, "value": _shown(new), "old": _shown(old), "changed": changed}
        )
    action = UPDATE if any(cell["changed"] for cell in cells) else UNCHANGED
    return PlannedRow(number=number, action=action, record=record, cells=cells)


FORMULA_STARTS = ("=", "+", "-", "@")


def _inert(value: str) -> str:
    """Keeps a spreadsheet from running a cell that looks like a formula (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


# How a date is written in a CSV file and shown in a workbook's date cell, in every language: the
# day.month.year that Kazakh and Russian readers (and Excel set to their language) read, and
# that the import reads back (`parse_date`).
CSV_DATE_FORMAT = "%d.%m.%Y"
XLSX_DATE_FORMAT = "DD.MM.YYYY"


def _local(moment: datetime) -> datetime:
    """The moment on the office's clock, without a time zone (Excel has none)."""
    return timezone.localtime(moment).replace(tzinfo=None) if timezone.is_aware(moment) else moment


def _csv_text(value: Any) -> Any:
    """A CSV cell: a date as 30.11.2026; a decimal with the reader's separator (a Kazakh or
    Russian Excel reads 4,5, not 4.5, as a number); text that looks like a formula made inert."""
    if isinstance(value, datetime):
        return _local(value).strftime(CSV_DATE_FORMAT + " %H:%M")
    if isinstance(value, date):
        return value.strftime(CSV_DATE_FORMAT)
    if isinstance(value, (float, Decimal)):
        return number_format(value)
    return _inert(value)


def to_csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows([_csv_text(value) for value in row] for row in rows)
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
                if isinstance(value, datetime):
                    value = _local(value)
                cell = WriteOnlyCell(sheet, value=value)
                # A text starting with "=" stays text, never a formula.
                if isinstance(value, str):
                    cell.data_type = "s"
                elif isinstance(value, datetime):
                    cell.number_format = XLSX_DATE_FORMAT + " hh:mm"
                elif isinstance(value, date):
                    cell.number_format = XLSX_DATE_FORMAT
                cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
