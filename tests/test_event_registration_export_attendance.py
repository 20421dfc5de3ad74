"""The registrations' export says who came: the days each person was checked in, as the person page and
the focal point's page count them (days, not sessions), so that staff find the attendees in a spreadsheet
after the event."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from events import attendance
from events.models import EventPage
from events.registration import Registrant, register
from tests.factories import EventFactory
from tests.helpers import csv_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

BOGOTA = ZoneInfo("America/Bogota")


def test_the_export_gives_the_days_each_person_was_present(staff_client, staff_user):
    event = EventFactory(
        starts_at=timezone.now() + timedelta(hours=1), ends_at=timezone.now() + timedelta(hours=2)
    )
    ana = register(event, Registrant("Ana", "Pérez", "ana@example.org"))
    register(event, Registrant("Bruno", "Silva", "bruno@example.org"))
    first = datetime(2026, 3, 9, 8, tzinfo=BOGOTA)
    EventPage.objects.filter(pk=event.pk).update(starts_at=first, ends_at=first + timedelta(days=1, hours=9))
    event.refresh_from_db()
    ana.refresh_from_db()
    for day in attendance.event_days(event):
        attendance.check_in(ana, day, staff_user)

    response = staff_client.get(
        reverse("wagtailsnippets_events_registration:list"), {"export": "csv", "event": event.pk}
    )

    headings, *rows = csv_rows(response)
    days = {row[headings.index("Name")]: row[headings.index("Days present")] for row in rows}
    assert days == {"Ana Pérez": "2", "Bruno Silva": "0"}
