"""Reading files: an upload (CSV or XLSX) or CSV text, into a header and numbered rows, within limits.

A file that cannot be imported at all is refused with `ImportRejected`, which lists its problems,
each with its line where it has one. Unreadable bytes, an unknown format, a damaged or oversized XLSX
archive (a zip bomb), too many rows or an unclosed quote get a clear message, never an error page.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice, zip_longest
from typing import NamedTuple

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .values import cell_text

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 200
# An XLSX sheet states its size and numbers its rows: a few bytes can claim a million rows, empty
# ones in between. Reading refuses a sheet with more rows than this, counting empty ones: a sheet is
# read to its end or not imported, so that no row far below is left out without a word.
MAX_SHEET_ROWS = 10 * MAX_ROWS
# An XLSX file is a zip archive: refuse archives that would unpack to something huge.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024


# What the upload's name may end in: the text formats read as CSV and both Excel formats (the old one gets
# its own message once read).
TABLE_EXTENSIONS = (".csv", ".tsv", ".txt", ".xlsx", ".xls")
XLSX_SIGNATURE = b"PK\x03\x04"  # an XLSX file is a zip archive


def refusal_for_name(name, first_bytes):
    """Why an upload named `name` is no table to import (None if its name does not tell): a text read as
    CSV whatever its name would be refused later for what it is not, "a header but no rows"."""
    lowered = name.lower()
    if not lowered.endswith(TABLE_EXTENSIONS):
        return not_a_table_message()
    if lowered.endswith(".xlsx") and not first_bytes.startswith(XLSX_SIGNATURE):
        return _("The XLSX file is damaged and cannot be read.")
    return None


def not_a_table_message():
    return _("This is not a CSV or XLSX file. Save the sheet as XLSX, or as “CSV UTF-8”.")


def too_large_message():
    return _("The file is too large: the limit is %(size)s MB.") % {"size": f"{MAX_BYTES / 1024 / 1024:g}"}


class Problem(NamedTuple):
    """Why a file cannot be imported: on a line, or (line None) as a whole."""

    line: int | None
    reason: str


class ImportRejected(Exception):
    """The file cannot be imported at all (unreadable, no header, missing columns, bad rows…)."""

    def __init__(self, problems):
        self.problems = [
            problem if isinstance(problem, Problem) else Problem(None, str(problem)) for problem in problems
        ]
        super().__init__("; ".join(self.messages))

    @property
    def messages(self):
        return [problem.reason for problem in self.problems]


@dataclass
class Table:
    header: list
    rows: list  # (line number, cells)
    notices: list = field(default_factory=list)
    # Up to the header's last named column: a row's values past it have no column (in a CSV file, a
    # value holding the separator, unquoted).
    width: int = 0


def read_table(data):
    """The header and the non-empty rows of a CSV (UTF-8, with , ; or tab) or XLSX file."""
    if not data:
        raise ImportRejected([_("The file is empty.")])
    if len(data) > MAX_BYTES:
        raise ImportRejected([too_large_message()])
    if data.startswith(XLSX_SIGNATURE):
        notices = []
        lines = _xlsx_lines(data)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRejected([_("Old Excel files (.xls) are not supported: save the sheet as XLSX or CSV.")])
    else:
        text, notices = _decode(data)
        lines = _csv_lines(text)

    header, header_line, width, rows = None, None, 0, []
    try:
        for line, cells in lines:
            if not any(cell_text(cell) or isinstance(cell, FormulaWithoutValue) for cell in cells):
                continue
            if header is None:
                header = [cell_text(cell) for cell in cells[:MAX_COLUMNS]]
                header_line = line
                width = max(index + 1 for index, cell in enumerate(cells) if cell_text(cell))
                continue
            if len(rows) >= MAX_ROWS:
                raise ImportRejected(
                    [
                        _("The file has more than %(count)d rows: split it into smaller files.")
                        % {"count": MAX_ROWS}
                    ]
                )
            rows.append((line, list(cells)))
    finally:
        lines.close()
    if header is None:
        raise ImportRejected([_("The file is empty.")])
    if not rows:
        raise ImportRejected(
            [_("The file has a header (line %(line)d) but no rows.") % {"line": header_line}]
        )
    return Table(header=header, rows=rows, notices=notices, width=width)


def _decode(data):
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in _first_line(data):
        # NUL bytes on the first line mean UTF-16 without its BOM, or no text at all; one further
        # down is a bad cell, reported on its row.
        try:
            return data.decode("utf-8-sig"), []
        except UnicodeDecodeError:
            pass
        # Excel on Windows saves "CSV" in Windows-1252 unless told to use UTF-8.
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            pass
        else:
            if not re.search(r"[\x01-\x08\x0e-\x1f]", text):
                return text, [
                    _(
                        "The file is not UTF-8: it was read as Windows-1252, the default of Excel on "
                        "Windows. Check that accented letters look right below, or save it as “CSV UTF-8”."
                    )
                ]
    raise ImportRejected([not_a_table_message()])


def _first_line(data):
    end = data.find(b"\n")
    return data if end < 0 else data[:end]


def _delimiter(text):
    """The header line's most frequent separator among comma, semicolon and tab (comma on a tie)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: first.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=lambda delimiter: (counts[delimiter], delimiter == ","))
    return best if counts[best] else ","


def _csv_lines(text):
    """(line number where the record starts, cells) for every record."""
    try:
        yield from csv_records(text, delimiter=_delimiter(text))
    except ImportRejected as rejection:
        raise ImportRejected(
            [
                _("Line %(line)d cannot be read: %(reason)s.") % {"line": line, "reason": reason}
                for line, reason in rejection.problems
            ]
        ) from None


def _xlsx_lines(data):
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        raise ImportRejected([_("The XLSX file is damaged and cannot be read.")]) from None
    if "xl/workbook.xml" not in names:
        raise ImportRejected([_("This is not an XLSX file. Save the sheet as XLSX, or as “CSV UTF-8”.")])
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportRejected([too_large_message()])
    try:
        # The values a spreadsheet program stored, and the formulas, to tell a formula saved without its
        # value (by a script or converter) from an empty cell.
        workbooks = [
            load_workbook(io.BytesIO(data), read_only=True, data_only=only) for only in (True, False)
        ]
    except Exception:  # openpyxl raises many kinds of errors on damaged files
        raise ImportRejected([_("The XLSX file is damaged and cannot be read.")]) from None
    return _sheet_lines(workbooks)


def _sheet_lines(workbooks):
    """(row number, cells) of the first sheet, read as the caller goes (it stops at the row limit).

    Only the rows in the file count, whatever size the sheet claims, up to MAX_SHEET_ROWS.
    """
    try:
        rows = enumerate(_present_rows(*workbooks), start=1)
        while True:
            try:
                line, cells = next(rows)
            except StopIteration:
                return
            except Exception:  # a damaged sheet
                raise ImportRejected([_("The XLSX file is damaged and cannot be read.")]) from None
            if line > MAX_SHEET_ROWS:
                raise ImportRejected(
                    [
                        _(
                            "The sheet has more than %(count)s rows, counting empty ones: delete the empty "
                            "rows or split it into smaller files."
                        )
                        % {"count": number_format(MAX_SHEET_ROWS, force_grouping=True)}
                    ]
                )
            yield line, [_cell(value) for value in cells[: MAX_COLUMNS * 2]]
    finally:
        for workbook in workbooks:
            workbook.close()


class FormulaWithoutValue(str):
    """A cell holding a formula saved without its value: empty as text, reported by the import's plan."""


def _present_rows(values, formulas):
    """The values of the first sheet's rows, from the rows in the file, not the size the sheet claims;
    a formula without a stored value is a FormulaWithoutValue."""
    sheets = [values.worksheets[0], formulas.worksheets[0]]
    for sheet in sheets:
        sheet.reset_dimensions()
    for row, written in zip(*(sheet.iter_rows(values_only=True) for sheet in sheets), strict=True):
        yield tuple(
            FormulaWithoutValue("")
            if value is None and isinstance(formula, str) and formula.startswith("=")
            else value
            for value, formula in zip_longest(row, written)
        )


def _cell(value):
    if isinstance(value, FormulaWithoutValue):
        return value
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return cell_text(value)


# --- CSV text --------------------------------------------------------------------------------------

LINE_BREAK = re.compile(r"\r\n|\r|\n")
QUOTED_CELL = re.compile(r'"[^"]*(?:""[^"]*)*')


def csv_records(text, delimiter=","):
    """(line where the record starts, cells) for each record of the text, as `csv.reader` reads it.

    Raises ImportRejected with the line, after the records before it, where the reader would fail
    (a cell longer than the csv module's limit, which is left as it is) or would silently read the
    rest of the text as one cell (a quote that is never closed).
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = last = 1
    try:
        for cells in reader:
            yield start, cells
            last, start = start, reader.line_num + 1
    except csv.Error as error:
        _check_quotes(text, start, delimiter)
        if "field limit" in str(error):
            reason = _("a cell is longer than %(limit)s characters") % {
                "limit": number_format(csv.field_size_limit(), force_grouping=True)
            }
        else:
            reason = str(error)
        raise ImportRejected([Problem(start, reason)]) from None
    _check_quotes(text, last, delimiter)


def _check_quotes(text, line, delimiter):
    """Refuse the text if a quoted cell of the record starting on this line is never closed."""
    start = 0
    for match in islice(LINE_BREAK.finditer(text), line - 1):
        start = match.end()
    opening = _unclosed_quote(text, start, delimiter)
    if opening is not None:
        reason = _(
            "the quote that opens on this line is never closed, so the rest of the file would be "
            "read as one cell"
        )
        raise ImportRejected([Problem(line + len(LINE_BREAK.findall(text, start, opening)), reason)])


def _unclosed_quote(text, position, delimiter):
    """Where a quoted cell of the record at `position` opens if it runs to the end of the text, else None.

    Follows `csv.reader`: a cell is quoted if it starts with a quote; "" inside it is a quote; text
    after its closing quote belongs to the cell; a line break outside quotes ends the record.
    """
    unquoted = re.compile(f"[^{re.escape(delimiter)}\r\n]*")
    while True:
        if text.startswith('"', position):
            end = QUOTED_CELL.match(text, position).end()
            if end == len(text):
                return position
            position = end + 1
        position = unquoted.match(text, position).end()
        if not text.startswith(delimiter, position):
            return None
        position += 1
