"""What an event's page says of registering while it is open, as a visitor of a ticketing site expects
before pressing "Register": until when, and how many places are left or that new registrations join the
waiting list. Only counts: nothing of who registered."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from events.models import EventPage
from events.registration import Registrant, register
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

BOGOTA = ZoneInfo("America/Bogota")


def facts(client, soup, event, language="en"):
    page = EventPage.objects.get(translation_key=event.translation_key, locale__language_code=language)
    found = soup(client.get(page.url))
    return {
        item.dt.get_text(strip=True): item.dd.get_text(" ", strip=True)
        for item in found.select(".facts > div")
    }


def registered(event, *names):
    for name in names:
        register(event, Registrant(given_name=name, family_name="Pérez", email=f"{name.lower()}@example.org"))


def test_the_page_says_until_when_registration_is_open(client, soup):
    event = EventFactory(
        starts_at=datetime(2100, 3, 10, 9, tzinfo=BOGOTA),
        ends_at=datetime(2100, 3, 10, 17, tzinfo=BOGOTA),
        registration_closes_at=datetime(2100, 3, 8, 18, tzinfo=BOGOTA),
    )

    assert facts(client, soup, event)["Registration"] == "Open until 8 March 2100, 18:00"
    assert (
        facts(client, soup, event, "es")["Inscripción"] == "Abierta hasta el 8 de marzo de 2100 a las 18:00"
    )


def test_the_page_counts_the_places_left(client, soup):
    event = EventFactory(capacity=3)
    registered(event, "Ana")

    assert facts(client, soup, event)["Places"] == "3 · 2 left"


def test_a_full_event_says_new_registrations_join_the_waiting_list(client, soup):
    event = EventFactory(capacity=1)
    registered(event, "Ana", "Bruno")

    text = facts(client, soup, event)["Places"]
    assert text == "1 · full: new registrations join the waiting list"
    assert "Ana" not in text and "Bruno" not in text


def test_once_registration_has_closed_the_page_says_nothing_of_places_left(client, soup):
    event = EventFactory(capacity=3)
    registered(event, "Ana")
    EventPage.objects.filter(pk=event.pk).update(registration_closes_at=timezone.now() - timedelta(hours=1))

    shown = facts(client, soup, event)
    assert shown["Places"] == "3" and "Registration" not in shown
