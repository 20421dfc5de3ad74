"""Every public list of city names reads in the order a reader of the page's language expects, as the
directory does (tests/test_directory_filters.py): accents do not push "Córdoba" after "Curitiba" or
"Chía" after "Chihuahua", and in Spanish ñ is a letter after n. Here: the city choices of an event's
registration form and of a registration's own page, an event's participating cities, a library item's
related cities and the places of a library item in the search results."""

import pytest

from cities.models import CityPage
from events.models import Registration
from tests.factories import CityFactory, EventFactory, ResourceFactory
from tests.helpers import rolled_back_after_module
from tests.test_knowledge_search import search

pytestmark = pytest.mark.django_db

# Created in this order, which is also the order of their titles' code points.
TITLES = ["Chihuahua Sur", "Chía Sur", "Curitiba Sur", "Córdoba Sur", "Nuevo Sur", "Ñandú Sur"]
SPANISH_ORDER = ["Chía Sur", "Chihuahua Sur", "Córdoba Sur", "Curitiba Sur", "Nuevo Sur", "Ñandú Sur"]
OTHER_ORDER = ["Chía Sur", "Chihuahua Sur", "Córdoba Sur", "Curitiba Sur", "Ñandú Sur", "Nuevo Sur"]
ORDERS = [("", SPANISH_ORDER), ("/pt-br", OTHER_ORDER), ("/en", OTHER_ORDER)]


@pytest.fixture(scope="module")
def cities_for_module(django_db_setup, django_db_blocker):
    """The primary keys of the six cities, in the order of TITLES; made once for the module (a city page
    takes tenths of a second) and rolled back after it."""
    with rolled_back_after_module(django_db_blocker):
        yield [CityFactory(title=title, country="AR").pk for title in TITLES]


@pytest.fixture
def cities(db, cities_for_module):
    """The six cities (cities_for_module), fetched afresh for each test, in the order of TITLES."""
    pages = CityPage.objects.in_bulk(cities_for_module)
    return [pages[pk] for pk in cities_for_module]


def named(texts):
    """The names of these test cities among `texts`, in their order, without what comes before ("Guía ·
    2020 · ") or after (" (Argentina)", ", Argentina") the name."""
    return [text.split(" · ")[-1].split(" (")[0].split(",")[0] for text in texts if " Sur" in text]


def city_choices(page):
    return named(option.get_text(strip=True) for option in page.select("select#id_city option"))


@pytest.mark.parametrize(("prefix", "expected"), ORDERS)
def test_the_registration_form_offers_cities_in_reading_order(client, soup, cities, prefix, expected):
    event = EventFactory(title="Taller abierto", slug="taller-abierto")
    page = soup(client.get(f"{prefix}/events/taller-abierto/register/"))
    assert event.registration_is_open()
    assert city_choices(page) == expected


@pytest.mark.parametrize(("prefix", "expected"), ORDERS)
def test_a_registrations_own_page_offers_cities_in_reading_order(client, soup, cities, prefix, expected):
    EventFactory(title="Taller abierto", slug="taller-abierto")
    details = {"given_name": "Ana", "email": "ana@example.org", "language": "es"}
    assert client.post("/events/taller-abierto/register/", details).status_code == 302
    key = Registration.objects.get().manage_key
    assert city_choices(soup(client.get(f"{prefix}/registration/{key}/"))) == expected


@pytest.mark.parametrize(("prefix", "expected"), ORDERS)
def test_an_event_lists_its_participating_cities_in_reading_order(client, soup, cities, prefix, expected):
    EventFactory(title="Foro del sur", slug="foro-del-sur", cities=cities)
    page = soup(client.get(f"{prefix}/events/foro-del-sur/"))
    taking_part = page.select_one('section[aria-labelledby="cities-heading"]')
    assert named(link.get_text(strip=True) for link in taking_part.select("a")) == expected


@pytest.mark.parametrize(("prefix", "expected"), ORDERS)
def test_a_library_item_lists_its_related_cities_in_reading_order(client, soup, cities, prefix, expected):
    ResourceFactory(title="Guía del sur", slug="guia-del-sur", cities=cities)
    page = soup(client.get(f"{prefix}/resources/guia-del-sur/"))
    related = page.select_one('section[aria-labelledby="cities-heading"]')
    assert named(link.get_text(strip=True) for link in related.select("a")) == expected


@pytest.mark.parametrize(("prefix", "expected"), ORDERS)
def test_a_library_item_found_by_the_search_names_its_cities_in_reading_order(
    client, soup, cities, prefix, expected
):
    ResourceFactory(title="Guía austral", slug="guia-austral", cities=cities)
    card = search(client, soup, "austral", prefix=prefix).select_one(".search-results li .muted")
    assert named(part.strip() for part in card.get_text(" ", strip=True).split(";")) == expected
