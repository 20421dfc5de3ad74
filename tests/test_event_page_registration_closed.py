"""An upcoming event that took registrations on this site says, where its Register button was, that
registration has closed: not nothing, which leaves a visitor looking for a way to register."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import EventPage
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def registration_note(client, soup, url):
    """What the page says of registering where its Register button goes, and that button."""
    actions = soup(client.get(url)).select_one(".event__actions")
    return actions.get_text(" ", strip=True), actions.select_one("a.button")


def test_an_upcoming_event_whose_registration_closed_says_so(client, soup):
    now = timezone.now()
    event = EventFactory(
        title="Taller de cierre",
        starts_at=now + timedelta(days=10),
        ends_at=now + timedelta(days=10, hours=2),
        registration_closes_at=now - timedelta(days=1),
    )
    text, button = registration_note(client, soup, f"/en{event.url}")
    assert button is None
    assert text.startswith("Registration closed on ")


def test_an_event_without_registration_on_this_site_says_nothing_of_it(client, soup):
    event = EventFactory(title="Foro sin inscripción", registration=EventPage.Registration.CLOSED)
    assert "Registration" not in registration_note(client, soup, f"/en{event.url}")[0]


def test_an_event_that_has_ended_says_nothing_of_its_closed_registration(client, soup):
    now = timezone.now()
    event = EventFactory(
        title="Taller pasado", starts_at=now - timedelta(days=3), ends_at=now - timedelta(days=2)
    )
    assert "Registration" not in registration_note(client, soup, f"/en{event.url}")[0]


def test_an_open_registration_still_says_until_when(client, soup):
    event = EventFactory(title="Taller abierto")
    text, button = registration_note(client, soup, f"/en{event.url}")
    assert "closed" not in text and button.get_text(strip=True) == "Register"
