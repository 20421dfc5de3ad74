"""An event announced before its venue is known still answers "Where" on its page: "In person", as its card in
the list says, never an empty line next to the label."""

import pytest

from events.models import EventPage
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def where(page):
    [term] = [term for term in page.find_all("dt") if term.get_text(strip=True) == "Where"]
    return term.find_next_sibling("dd").get_text(" ", strip=True)


@pytest.mark.parametrize(
    ("event_format", "shown"),
    [
        (EventPage.Format.IN_PERSON, "In person"),
        (EventPage.Format.HYBRID, "In person and online Also online: the link is sent to registrants."),
    ],
)
def test_an_event_without_a_venue_yet_says_how_it_happens(client, soup, event_format, shown):
    event = EventFactory(event_format=event_format)
    english = EventPage.objects.get(translation_key=event.translation_key, locale__language_code="en")
    assert where(soup(client.get(english.url))) == shown


def test_an_event_with_a_venue_names_it(client, soup):
    event = EventFactory(event_format=EventPage.Format.IN_PERSON, venue="Biblioteca España")
    assert where(soup(client.get(event.url.replace("/events/", "/en/events/", 1)))) == "Biblioteca España"
