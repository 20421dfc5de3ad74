"""Spreadsheet exports that read as words in the user's language (issue #19).

Wagtail's SpreadsheetExportMixin writes what a field holds: a choice's code (`workshop`), a boolean
(`False`), a country's code (`PE`). It names every file alike, and it writes a CSV while the response is
sent, after the view has returned and so outside the admin's switch to the user's language.
`ReadableExportMixin`, put before the view's Wagtail class, writes choice labels, Yes or No, country
names and a translatable row's language (its Wagtail locale, which tells apart the rows of a listing of
every language's), writes the CSV in the view's language after a UTF-8 byte order mark (without one, Excel
reads the file in the computer's legacy encoding and garbles accents), and names the file after what it
holds and the day: `interacciones-2026-12-03.xlsx`. Cells that could start a formula are still neutralised, by
network/csv_export.py, which this mixin's CSV goes through.

Wagtail answers `?export=csv` and `?export=xlsx` on every listing, with the columns the view lists for
export, and shows the download buttons only when there are some: a listing without any (segments, the
progress framework's parts) gave whoever typed the address an empty file. `NoEmptyExportMixin`, which
`ReadableExportMixin` and every listing view of ours carries, answers 404 with the reason instead.
"""

import codecs
import datetime
from functools import partial

from django.core.exceptions import FieldDoesNotExist
from django.http import HttpResponseNotFound
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import get_language_info, gettext
from django_countries.fields import Country, CountryField
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.models import Locale


def yes_or_no(value):
    return gettext("Yes") if value else gettext("No")


def country_name(country):
    return str(country.name) if country else ""


def language_name(locale):
    """A locale's language named in the reader's language: "Inglés" to a Spanish reader."""
    return str(get_language_info(locale.language_code)["name_translated"])


def in_language(language, chunks):
    """The chunks of a stream, each made with `language` active, which is not left active between them
    (the server sends each chunk before asking for the next)."""
    chunks = iter(chunks)
    while True:
        with translation.override(language):
            chunk = next(chunks, None)
        if chunk is None:
            return
        yield chunk


def in_every_format(function):
    return dict.fromkeys(SpreadsheetExportMixin.FORMATS, function)


class NoEmptyExportMixin:
    """For a view with Wagtail's SpreadsheetExportMixin: a listing that lists no columns to export has no
    download, and its `?export=` address says so (404) rather than sending a file with nothing in it.
    Checked when the file would be made, after the view's own permission checks."""

    def as_spreadsheet(self, queryset, spreadsheet_format):
        if not self.list_export:
            return HttpResponseNotFound(
                gettext("This list has no CSV or XLSX download."), content_type="text/plain; charset=utf-8"
            )
        return super().as_spreadsheet(queryset, spreadsheet_format)


class ReadableExportMixin(NoEmptyExportMixin, SpreadsheetExportMixin):
    """Exports of a model listing or a report in words, in the user's language, with times on the admin's
    clock, in a dated file."""

    # What the file holds, for its name; by default the model's plural name, else the page's title.
    export_title = None

    custom_value_preprocess = {
        **SpreadsheetExportMixin.custom_value_preprocess,
        bool: in_every_format(yes_or_no),
        Country: in_every_format(country_name),
        Locale: in_every_format(language_name),
    }

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # The admin's time zone is active now, but no longer when the CSV rows are written.
        self.time_zone = timezone.get_current_timezone()

    def get_preprocess_function(self, field, value, export_format):
        if isinstance(value, datetime.datetime):
            return partial(exported_time, self.time_zone, export_format)
        return super().get_preprocess_function(field, value, export_format)

    def get_export_title(self):
        if self.export_title:
            return self.export_title
        model = getattr(self, "model", None)
        return model._meta.verbose_name_plural if model else self.get_page_title()

    def get_filename(self):
        return f"{slugify(self.get_export_title())}-{timezone.localdate():%Y-%m-%d}"

    @cached_property
    def choice_labels(self):
        """{exported field: {stored value: label}} for the model's fields with choices (countries are
        named by `country_name`)."""
        model = getattr(self, "model", None)
        labels = {}
        for name in self.list_export if model else ():
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.choices and not isinstance(field, CountryField):
                labels[name] = dict(field.flatchoices)
        return labels

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        for name, labels in self.choice_labels.items():
            row[name] = labels.get(row[name], row[name])
        return row

    def stream_csv(self, queryset):
        """Called by the view, which has the user's language active; the rows are written later."""
        chunks = super().stream_csv(queryset)
        return in_language(translation.get_language(), _with_byte_order_mark(chunks))

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response


def exported_time(zone, export_format, moment):
    """A time as the listing shows it, on the clock of the admin's time zone (Wagtail writes UTC): words to
    read in a CSV file, a date and time to compute with in a spreadsheet."""
    if export_format == ReadableExportMixin.FORMAT_CSV:
        return timezone.localtime(moment, zone).strftime("%Y-%m-%d %H:%M")
    return timezone.make_naive(moment, zone)


def _with_byte_order_mark(chunks):
    yield codecs.BOM_UTF8
    yield from chunks
