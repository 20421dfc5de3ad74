"""Recording the attendance of an event puts it on its host city's timeline too, also when nobody's city is
known; the summary counts the cities the people come from or that take part, and says no "0 cities"."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from events import attendance
from events.models import EventPage, Registration
from events.registration import Registrant, register
from tests.factories import CityFactory, EventFactory

pytestmark = pytest.mark.django_db

BOGOTA = ZoneInfo("America/Bogota")


@pytest.fixture
def host():
    return CityFactory(title="Querétaro", country="MX")


@pytest.fixture
def workshop(host):
    """A workshop hosted by Querétaro, on today in Bogotá, with three confirmed people of no known city."""
    today = timezone.localtime(timezone.now(), BOGOTA).date()
    event = EventFactory(
        title="Taller de ciudades del aprendizaje",
        starts_at=timezone.now() + timedelta(hours=1),
        ends_at=datetime(today.year, today.month, today.day, 23, tzinfo=BOGOTA) + timedelta(days=1),
        capacity=10,
        host_city=host,
    )
    for name in ("Ana", "Bruno", "Carla"):
        register(event, Registrant(given_name=name, family_name="Pérez", email=f"{name.lower()}@example.org"))
    EventPage.objects.filter(pk=event.pk).update(
        starts_at=datetime(today.year, today.month, today.day, tzinfo=BOGOTA)
    )
    event.refresh_from_db()
    return event


def check_in_everyone(event, user):
    day = timezone.localtime(timezone.now(), BOGOTA).date()
    for registration in Registration.objects.filter(event=event):
        attendance.check_in(registration, day, user)


def test_attendance_of_people_without_a_city_is_on_the_host_citys_timeline(
    staff_client, staff_user, workshop, host
):
    check_in_everyone(workshop, staff_user)

    with translation.override("en"):
        engagement = attendance.record_attendance(workshop, staff_user)

    assert list(engagement.cities.all()) == [host]
    assert engagement.summary == "Attendance recorded at the door: 3 people."
    timeline = staff_client.get(reverse("contacts_timeline:city", args=[host.pk])).content.decode()
    assert "Taller de ciudades del aprendizaje" in timeline


def test_the_summary_counts_where_people_come_from_not_the_host_on_its_own(staff_user, workshop, host):
    medellin = CityFactory(title="Medellín", country="CO")
    Registration.objects.filter(event=workshop, email="ana@example.org").update(city=medellin)
    check_in_everyone(workshop, staff_user)

    with translation.override("en"):
        engagement = attendance.record_attendance(workshop, staff_user)

    assert set(engagement.cities.all()) == {medellin, host}
    assert engagement.summary == "Attendance recorded at the door: 3 people from 1 city."
