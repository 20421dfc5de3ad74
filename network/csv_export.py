"""No formula leaves the admin in a CSV file (CSV injection, OWASP).

Excel and LibreOffice run a cell that begins with =, +, -, @, a tab or a carriage return as a formula,
and the admin's CSV exports write text that visitors, focal points and imports choose. Every CSV export,
ours and Wagtail's (reports, redirects, snippet and model listings), is written by
`SpreadsheetExportMixin.stream_csv`, which Wagtail offers no setting to change: `neutralise_csv_exports()`
replaces it, once, at start-up (home/apps.py) with a copy whose writer puts a single quote before such a
cell, headings included (docs/upgrading.md). The XLSX exports are left alone: Wagtail stores their text
as text.
"""

import csv
from decimal import Decimal

from wagtail.admin.views.mixins import Echo, SpreadsheetExportMixin

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The cell as a spreadsheet should read it: text that could start a formula gets a leading quote.

    Numbers (a negative one starts with "-") cannot carry a formula and stay numbers; None stays empty.
    Text whose quotes stand before such a start ("'=x") gets one more, as the imports remove one
    (network/imports/values.py): it imports as it was.
    """
    if value is None or isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    return "'" + text if text.lstrip("'").startswith(FORMULA_STARTS) else text


class FormulaSafeDictWriter(csv.DictWriter):
    def writerow(self, rowdict):
        return super().writerow({field: neutralise(value) for field, value in rowdict.items()})


def stream_csv(self, queryset):
    """Wagtail's SpreadsheetExportMixin.stream_csv (8.0), with the formula-safe writer: headings and
    rows (through write_csv_row, which writes with this writer) are all neutralised."""
    writer = FormulaSafeDictWriter(Echo(), fieldnames=self.list_export)
    yield writer.writerow({field: self.get_heading(queryset, field) for field in self.list_export})

    for item in queryset:
        yield self.write_csv_row(writer, self.to_row_dict(item))


def neutralise_csv_exports():
    if SpreadsheetExportMixin.stream_csv is stream_csv:
        return
    stream_csv.wagtail_original = SpreadsheetExportMixin.stream_csv
    SpreadsheetExportMixin.stream_csv = stream_csv
