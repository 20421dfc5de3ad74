"""A framework version as the file its import reads (progress/framework_import.py), in CSV or XLSX: staff
download a version, edit it in a spreadsheet (its version first) and load it back as the next version.

One row per question in the version's order, each repeating its area, focus area and feature, under the
columns the import names them by (the shipped file's header, progress/data/key_features_2013.csv); the
feature columns only where the version has features. Kinds and "required" are written as in that file
(yes_no, scale, number, text, file; yes or no), whatever the reader's language, so that the file reads
the same for everyone. In the CSV, text that could start a formula gets the quote the project's CSV
exports put before it (network/csv_export.py), which the import removes (network.imports.values.cell_text);
the XLSX stores it as text, never as a formula.

The file holds questions: an area, focus area or feature without any question has no row, and a file
cannot create one either.
"""

import codecs
import io
import re

from django.utils.text import slugify

from network.csv_export import FormulaSafeDictWriter

from .framework_import import LANGUAGE_SUFFIXES

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Characters a sheet's name cannot hold.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

LANGUAGES = tuple(LANGUAGE_SUFFIXES)
FEATURE_COLUMNS = ("feature_code", *(f"feature_{language}" for language in LANGUAGES))


def header(with_features):
    """The columns, in the shipped file's order, the feature's after the focus area's if there are any."""
    levels = ("area", "focus", "feature") if with_features else ("area", "focus")
    columns = ["framework", "version"]
    for level in levels:
        columns += [f"{level}_code", *(f"{level}_{language}" for language in LANGUAGES)]
    columns += ["question_code", "kind", "unit", "required"]
    columns += [f"question_{language}" for language in LANGUAGES]
    return columns


def labels(prefix, record):
    return {f"{prefix}_{language}": getattr(record, f"label_{language}") for language in LANGUAGES}


def framework_rows(framework):
    """(header, rows as {column: text}) of the version: one row per question, in its order."""
    questions = list(framework.questions())
    with_features = any(question.feature_id for question in questions)
    rows = []
    for question in questions:
        focus, feature = question.focus_area, question.feature
        row = {
            "framework": framework.name,
            "version": framework.version,
            "area_code": focus.area.code,
            **labels("area", focus.area),
            "focus_code": focus.code,
            **labels("focus", focus),
            "question_code": question.code,
            "kind": question.kind,
            "unit": question.unit,
            "required": "yes" if question.required else "no",
            **labels("question", question),
        }
        if with_features:
            row.update(dict.fromkeys(FEATURE_COLUMNS, ""))
            if feature is not None:
                row.update({"feature_code": feature.code, **labels("feature", feature)})
        rows.append(row)
    return header(with_features), rows


def as_csv(framework):
    """The version as CSV bytes, UTF-8 after a byte order mark (Excel reads accents right then)."""
    columns, rows = framework_rows(framework)
    text = io.StringIO(newline="")
    writer = FormulaSafeDictWriter(text, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return codecs.BOM_UTF8 + text.getvalue().encode("utf-8")


def as_xlsx(framework):
    """The version as an XLSX workbook of one sheet, every cell text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    columns, rows = framework_rows(framework)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_NAME_FORBIDDEN.sub("-", framework.version)[:31] or "framework")

    def text_cells(values):
        for value in values:
            cell = WriteOnlyCell(sheet, value=value or None)
            if value:
                cell.data_type = "s"  # openpyxl would take "=…" for a formula
            yield cell

    sheet.append(list(text_cells(columns)))
    for row in rows:
        sheet.append(list(text_cells(row[name] for name in columns)))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def filename(framework, file_format):
    """The version's name and version, as a file name: "key-features-of-learning-cities-2013.csv"."""
    version = ".".join(filter(None, map(slugify, framework.version.split("."))))
    stem = "-".join(filter(None, (slugify(framework.name), version))) or f"framework-{framework.pk}"
    return f"{stem}.{file_format}"


WRITERS = {"csv": (as_csv, CSV_CONTENT_TYPE), "xlsx": (as_xlsx, XLSX_CONTENT_TYPE)}
