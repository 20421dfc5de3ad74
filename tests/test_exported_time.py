"""A time in a listing's download is written as the listing shows it, on the admin's clock (Wagtail writes
UTC): words in a CSV file, a date and time to compute with in an XLSX. One helper for every listing that
exports a time (the registrations', the mailings')."""

import datetime
import zoneinfo

from network.exports import ReadableExportMixin, exported_time

LIMA = zoneinfo.ZoneInfo("America/Lima")
MOMENT = datetime.datetime(2026, 11, 30, 14, 15, tzinfo=datetime.UTC)


def test_a_csv_reads_the_time_on_the_admins_clock():
    assert exported_time(LIMA, ReadableExportMixin.FORMAT_CSV, MOMENT) == "2026-11-30 09:15"


def test_an_xlsx_holds_a_date_and_time_on_the_admins_clock():
    assert exported_time(LIMA, ReadableExportMixin.FORMAT_XLSX, MOMENT) == datetime.datetime(
        2026, 11, 30, 9, 15
    )
