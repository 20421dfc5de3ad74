"""Where an event is, in its calendar files and its registrants' e-mails: after the venue and the address,
the host city and its country, as the event page says them, since a calendar app finds the place by these
words ("Biblioteca EPM, Carrera 64" alone is in many cities). A city visitors may not see is not named, and
an address that names the city already does not get it twice."""

import pytest
from django.core import mail
from icalendar import Calendar
from wagtail.models import PageViewRestriction

from events.calendar import registrant_calendar
from events.models import Notice, Registration
from events.notices import send_notices
from tests.factories import CityFactory, ContactFactory, EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def medellin():
    return CityFactory(title="Medellín", country="CO")


def location(response):
    (item,) = Calendar.from_ical(response.content).walk("VEVENT")
    return str(item["LOCATION"])


def confirmed(event, language="es"):
    return Registration.objects.create(
        event=event,
        contact=ContactFactory(),
        name="Ana Pérez",
        email="ana@example.org",
        language=language,
        status=Registration.Status.CONFIRMED,
    )


@pytest.mark.parametrize(
    ("prefix", "country"), [("", "Colombia"), ("/pt-br", "Colômbia"), ("/en", "Colombia")]
)
def test_the_calendar_file_names_the_host_city_and_its_country(client, medellin, prefix, country):
    event = EventFactory(
        title="Foro", venue="Biblioteca EPM", address="Carrera 64 # 50-32", host_city=medellin
    )
    url = f"{prefix}{event.url}calendar/" if prefix else f"{event.url}calendar/"
    assert location(client.get(url)) == f"Biblioteca EPM, Carrera 64 # 50-32, Medellín, {country}"


def test_an_address_that_names_the_city_does_not_get_it_twice(client, medellin):
    event = EventFactory(
        title="Foro", venue="Biblioteca EPM", address="Carrera 64, Medellín", host_city=medellin
    )
    assert location(client.get(f"{event.url}calendar/")) == "Biblioteca EPM, Carrera 64, Medellín, Colombia"


def test_a_host_city_visitors_may_not_see_is_not_named(client, medellin):
    PageViewRestriction.objects.create(
        page=medellin, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    event = EventFactory(title="Foro", venue="Biblioteca EPM", host_city=medellin)
    assert location(client.get(f"{event.url}calendar/")) == "Biblioteca EPM"


def test_an_online_event_is_not_placed_in_its_host_city(client, medellin):
    event = EventFactory(title="Webinar", event_format="online", host_city=medellin)
    (item,) = Calendar.from_ical(client.get(f"{event.url}calendar/").content).walk("VEVENT")
    assert "LOCATION" not in item


def test_the_feed_names_each_event_s_host_city(client, medellin):
    bogota = CityFactory(title="Bogotá", country="CO")
    EventFactory(title="Foro", venue="Biblioteca EPM", host_city=medellin)
    EventFactory(title="Taller", venue="Casa de la cultura", host_city=bogota)
    calendar = Calendar.from_ical(client.get("/events/calendar/").content)
    places = sorted(str(item["LOCATION"]) for item in calendar.walk("VEVENT"))
    assert places == ["Biblioteca EPM, Medellín, Colombia", "Casa de la cultura, Bogotá, Colombia"]


def test_the_registrant_s_e_mail_and_calendar_name_the_host_city(
    medellin, django_capture_on_commit_callbacks
):
    event = EventFactory(
        title="Foro", venue="Biblioteca EPM", address="Carrera 64 # 50-32", host_city=medellin
    )
    registration = confirmed(event, language="pt")
    Notice.objects.create(registration=registration, kind=Notice.Kind.CONFIRMED)
    assert send_notices.call(registration.pk) == 1
    [message] = mail.outbox
    assert "Onde: Biblioteca EPM, Carrera 64 # 50-32, Medellín, Colômbia" in message.body
    (item,) = Calendar.from_ical(registrant_calendar(registration)).walk("VEVENT")
    assert str(item["LOCATION"]) == "Biblioteca EPM, Carrera 64 # 50-32, Medellín, Colômbia"
