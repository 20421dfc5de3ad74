"""The figures the door and the engagement log give: "N of M present" counts the people the check-in
list shows, and the engagement's summary reads as a sentence for one person or one city."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from events import attendance
from events.models import EventPage, Registration
from events.registration import Registrant, cancel, register
from tests.factories import CityFactory, EventFactory

pytestmark = pytest.mark.django_db

BOGOTA = ZoneInfo("America/Bogota")


@pytest.fixture
def workshop():
    """A workshop on today in Bogotá, with three confirmed people."""
    today = timezone.localtime(timezone.now(), BOGOTA).date()
    event = EventFactory(
        starts_at=timezone.now() + timedelta(hours=1),
        ends_at=datetime(today.year, today.month, today.day, 23, tzinfo=BOGOTA) + timedelta(days=1),
        capacity=10,
    )
    for name in ("Ana", "Bruno", "Carla"):
        register(event, Registrant(given_name=name, family_name="Pérez", email=f"{name.lower()}@example.org"))
    EventPage.objects.filter(pk=event.pk).update(
        starts_at=datetime(today.year, today.month, today.day, tzinfo=BOGOTA)
    )
    event.refresh_from_db()
    return event


def test_someone_who_cancels_after_being_checked_in_leaves_the_count_with_the_list(
    staff_client, staff_user, workshop, soup
):
    day = timezone.localtime(timezone.now(), BOGOTA).date()
    ana, bruno = Registration.objects.filter(email__in=["ana@example.org", "bruno@example.org"])
    attendance.check_in(ana, day, staff_user)
    attendance.check_in(bruno, day, staff_user)
    cancel(bruno)

    page = soup(staff_client.get(reverse("events_check_in:page", args=[workshop.pk])))

    shown_present = [row for row in page.select(".people li") if "present" in row.get("class", [])]
    assert len(shown_present) == 1
    assert "1 of 2 present" in page.select_one(".count").get_text()


def test_the_engagement_summary_speaks_of_one_city_and_one_person_in_the_singular(staff_user, workshop):
    medellin = CityFactory(title="Medellín", country="CO")
    ana = Registration.objects.get(email="ana@example.org")
    Registration.objects.filter(pk=ana.pk).update(city=medellin)
    attendance.check_in(ana, timezone.localtime(timezone.now(), BOGOTA).date(), staff_user)

    with translation.override("en"):
        engagement = attendance.record_attendance(workshop, staff_user)
    assert engagement.summary == "Attendance recorded at the door: 1 person from 1 city."
    with translation.override("es"):
        engagement = attendance.record_attendance(workshop, staff_user)
    assert engagement.summary == "Asistencia registrada en la entrada: 1 persona de 1 ciudad."
