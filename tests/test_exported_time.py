"""A time in a listing's download is written as the listing shows it, on the admin's clock (Wagtail writes
UTC): words in a CSV file, a date and time to compute with in an XLSX. One helper for every listing that
exports a time (network/exports.py, ReadableExportMixin)."""

import csv
import datetime
import io
import zoneinfo

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry
from wagtail.users.models import UserProfile

from network.exports import ReadableExportMixin, exported_time
from tests.factories import FocalPointFactory
from tests.helpers import export_content

LIMA = zoneinfo.ZoneInfo("America/Lima")
MOMENT = datetime.datetime(2026, 11, 30, 14, 15, tzinfo=datetime.UTC)


def test_a_csv_reads_the_time_on_the_admins_clock():
    assert exported_time(LIMA, ReadableExportMixin.FORMAT_CSV, MOMENT) == "2026-11-30 09:15"


def test_an_xlsx_holds_a_date_and_time_on_the_admins_clock():
    assert exported_time(LIMA, ReadableExportMixin.FORMAT_XLSX, MOMENT) == datetime.datetime(
        2026, 11, 30, 9, 15
    )


@pytest.mark.django_db
def test_the_focal_point_activity_download_reads_the_time_on_the_admins_clock(
    staff_client, staff_user, medellin
):
    """Every readable export, not only the registrations' and the mailings': the focal points' activity
    report wrote the time of each change in UTC."""
    focal_point = FocalPointFactory(city=medellin, email="ana@example.org")
    entry = PageLogEntry.objects.log_action(medellin, "wagtail.edit", user=focal_point)
    PageLogEntry.objects.filter(pk=entry.pk).update(timestamp=MOMENT)

    profile = UserProfile.get_for_user(staff_user)
    profile.current_time_zone = "America/Lima"
    profile.save()

    response = staff_client.get(reverse("cities_focal_point_activity:index"), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(export_content(response).decode("utf-8-sig"))))

    assert [row[:2] for row in rows[1:]] == [["2026-11-30 09:15", "ana@example.org"]]
