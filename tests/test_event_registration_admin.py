"""A registration as staff read it in the admin: its inspect page and its export in words, in the admin's
time zone as the listing shows it, and never the key of the person's personal link (their credential);
and a decision on one that someone deleted meanwhile."""

import io
from datetime import UTC, datetime

import openpyxl
import pytest
from django.urls import reverse

from events.approval_views import DecisionView
from events.models import EventPage, Registration
from events.registration import Registrant, register
from tests.factories import EventFactory
from tests.helpers import csv_rows, export_content

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

# 15:31 UTC is 09:31 on the site's clock (America/Mexico_City).
REGISTERED_AT = datetime(2026, 12, 5, 15, 31, 48, 604541, tzinfo=UTC)


@pytest.fixture
def registration():
    """Ana's registration, with no city, no consent, made at REGISTERED_AT."""
    made = register(EventFactory(title="Taller de datos"), Registrant("Ana", "Pérez", "ana@example.org"))
    Registration.objects.filter(pk=made.pk).update(created_at=REGISTERED_AT)
    return Registration.objects.get(pk=made.pk)


def inspected(staff_client, soup, registration):
    """{label: value} of the inspect page."""
    response = staff_client.get(
        reverse("wagtailsnippets_events_registration:inspect", args=[registration.pk])
    )
    assert response.status_code == 200
    page = soup(response)
    labels = [label.get_text(strip=True) for label in page.select("main dl dt")]
    values = [value.get_text(" ", strip=True) for value in page.select("main dl dd")]
    return dict(zip(labels, values, strict=True)), response.content.decode()


def test_the_inspect_page_never_shows_the_personal_link_key(staff_client, soup, registration):
    fields, html = inspected(staff_client, soup, registration)
    assert registration.manage_key not in html
    assert not [label for label in fields if "key" in label.casefold()]


def test_the_inspect_page_reads_as_words_in_the_admins_time(staff_client, soup, registration):
    fields, _html = inspected(staff_client, soup, registration)
    assert fields["City"] == "—"
    assert fields["Agrees to be contacted about the network's activities"] == "No"
    assert fields["Registered"] == "5 December 2026, 09:31"
    assert fields["Status"] == "Confirmed" and fields["Event"] == "Taller de datos"


def export(staff_client, export_format):
    url = reverse("wagtailsnippets_events_registration:list")
    return staff_client.get(url, {"export": export_format})


def test_the_csv_export_gives_the_registration_time_on_the_admins_clock(staff_client, registration):
    headings, row = csv_rows(export(staff_client, "csv"))
    assert dict(zip(headings, row, strict=True))["Registered"] == "2026-12-05 09:31"


def test_the_spreadsheet_export_gives_the_registration_time_on_the_admins_clock(staff_client, registration):
    sheet = openpyxl.load_workbook(io.BytesIO(export_content(export(staff_client, "xlsx")))).active
    headings, row = [[cell.value for cell in line] for line in sheet.iter_rows()]
    registered = dict(zip(headings, row, strict=True))["Registered"]
    assert registered.replace(microsecond=0) == datetime(2026, 12, 5, 9, 31, 48), "to the second (Excel: ms)"


@pytest.mark.parametrize("deleted", ["registration", "event"])
def test_deciding_on_a_registration_deleted_meanwhile_says_so(staff_client, monkeypatch, deleted):
    event = EventFactory(registration=EventPage.Registration.APPROVAL)
    pending = register(event, Registrant("Ana", "Pérez", "ana@example.org"))
    is_pending = DecisionView.is_pending

    def deleted_first(view):
        """Another member of staff deletes it after this page read it, before the decision."""
        {"registration": pending, "event": event}[deleted].delete()
        return is_pending(view)

    monkeypatch.setattr(DecisionView, "is_pending", deleted_first)
    response = staff_client.post(reverse("events_approval:decide", args=[pending.pk, "approve"]), follow=True)
    assert response.status_code == 200, "a message, not an error page"
    assert "This registration was deleted meanwhile" in response.content.decode()
    assert not Registration.objects.filter(pk=pending.pk).exists()
