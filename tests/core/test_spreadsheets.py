"""Reading and writing spreadsheets, whatever the import: the encoding of a CSV told from its
letters, older column names read under the template's, and formulas kept from running."""

import io

import pytest
from openpyxl import load_workbook

from core.spreadsheets import SpreadsheetError, decode_text, read_table, to_csv, to_xlsx

RUSSIAN = [
    ["name", "name_local", "country", "city"],
    ["Kazan Federal University", "Казанский федеральный университет", "RU", "Казань"],
    ["Belarusian State University", "Белорусский государственный университет", "BY", "Минск"],
]


def upload(content: bytes, name: str = "file.csv") -> io.BytesIO:
    file = io.BytesIO(content)
    file.name = name
    return file


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r", "cp866"])
def test_the_cyrillic_code_page_of_a_file_is_detected(encoding):
    text = "\n".join(";".join(row) for row in RUSSIAN) + "\nСибирский университет;Томск\n"

    decoded, used, guessed = decode_text(text.encode(encoding))

    assert (decoded, used, guessed) == (text, encoding, True)


def test_utf8_with_or_without_a_byte_order_mark_is_not_guessed():
    text = "name;city\nТорайғыров;Павлодар\n"

    assert decode_text(text.encode("utf-8")) == (text, "utf-8-sig", False)
    assert decode_text("\ufeff".encode() + text.encode()) == (text, "utf-8-sig", False)


def test_an_encoding_not_offered_is_refused():
    with pytest.raises(SpreadsheetError):
        decode_text(b"name", encoding="rot13")


def test_an_older_column_name_is_read_under_the_one_the_template_gives_it():
    content = b"name,city\nTuriba University,Riga\n"

    sheet = read_table(
        upload(content),
        columns=["name_en", "city"],
        required=["name_en"],
        aliases={"name": "name_en", "city": "city_en"},
    )

    # "city" stays itself: the template has no city_en to read it as.
    assert sheet.columns == ["name_en", "city"]
    assert sheet.rows == [{"name_en": "Turiba University", "city": "Riga", "_row": 2}]


def test_without_aliases_an_older_column_name_is_unknown():
    with pytest.raises(SpreadsheetError, match="Unknown column"):
        read_table(upload(b"name\nTuriba\n"), columns=["name_en"], required=[])


def test_a_formula_written_to_a_csv_file_stays_text_and_reads_back_as_written():
    content = to_csv(["notes"], [["=HYPERLINK(1)"], ["-5 days"]])

    assert "'=HYPERLINK(1)" in content.decode("utf-8-sig")
    sheet = read_table(upload(content), columns=["notes"], required=["notes"])
    assert [row["notes"] for row in sheet.rows] == ["=HYPERLINK(1)", "-5 days"]


def test_a_formula_written_to_a_workbook_is_a_text_cell():
    content = to_xlsx(["notes"], [["=1+1"]], title="notes")

    cell = load_workbook(io.BytesIO(content)).active["A2"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")
