"""A password-protected (or otherwise restricted) event stays out of every public list, feed and search, in
every language: the English and Portuguese pages are aliases of the Spanish one, and the restriction is on
the Spanish page or on a section above it."""

import pytest
from wagtail.models import PageViewRestriction

from events.models import EventIndexPage, EventPage
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

PREFIXES = ("", "/en", "/pt-br")
SECRET_SUMMARY = "Reunión reservada vx9 con las alcaldías"


def in_every_language(event):
    """The event's pages in the order of PREFIXES: the Spanish original and its copies."""
    return [
        EventPage.objects.get(translation_key=event.translation_key, locale__language_code=language)
        for language in ("es", "en", "pt-br")
    ]


def restrict(page):
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secreto"
    )


@pytest.fixture
def events():
    """A public workshop and a password-protected one, both upcoming and live."""
    EventFactory(title="Taller Ámbar abierto", summary="Para todas las ciudades.")
    private = EventFactory(title="Taller Ámbar reservado", summary=SECRET_SUMMARY)
    restrict(private)
    return private


def shown(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_restricted_event_is_not_in_the_events_list(client, events, prefix):
    page = shown(client, f"{prefix}/events/")
    assert "Taller Ámbar abierto" in page
    assert "Taller Ámbar reservado" not in page and SECRET_SUMMARY not in page
    assert events.slug not in page


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_restricted_event_is_not_in_the_calendar_feed(client, events, prefix):
    feed = shown(client, f"{prefix}/events/calendar/").replace("\r\n ", "")
    assert "Taller Ámbar abierto" in feed
    assert "Taller Ámbar reservado" not in feed and "vx9" not in feed


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_restricted_event_is_not_found_by_the_site_search(client, events, prefix):
    page = shown(client, f"{prefix}/search/?query=ambar")
    assert "Taller Ámbar abierto" in page
    assert "Taller Ámbar reservado" not in page and "vx9" not in page


def asks_for_the_password(client, url):
    return 'name="password"' in client.get(url).content.decode()


@pytest.mark.parametrize("restricted", ["event", "Spanish events index"])
def test_an_event_is_listed_in_a_language_exactly_when_its_page_there_is_open(client, restricted):
    """The lists follow Wagtail's own rule for serving: an alias is served under its original's restrictions,
    a translated section (the events index of each language is one) under its own."""
    event = EventFactory(title="Taller Ámbar de la sección")
    restrict(event if restricted == "event" else EventIndexPage.objects.get(locale__language_code="es"))
    for prefix, page in zip(PREFIXES, in_every_language(event), strict=True):
        open_page = not asks_for_the_password(client, page.url)
        assert ("Taller Ámbar de la sección" in shown(client, f"{prefix}/search/?query=ambar")) == open_page
        assert ("Taller Ámbar de la sección" in shown(client, f"{prefix}/events/calendar/")) == open_page


def test_an_event_whose_restriction_is_removed_is_listed_again(client, events):
    PageViewRestriction.objects.all().delete()
    assert "Taller Ámbar reservado" in shown(client, "/en/events/")
    assert "Taller Ámbar reservado" in shown(client, "/en/search/?query=ambar")
