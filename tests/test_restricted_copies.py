"""A page restricted in Spanish (a password, a login, groups) is left out of every public list, map, feed
and the home page in every language: its English and Portuguese pages are aliases, which Wagtail serves
under the Spanish page's restriction, and so are the pages under it. It comes back when the restriction is
removed, through the cached pages and map data too."""

import pytest
from django.utils import translation
from wagtail.models import PageViewRestriction

from cities.models import CityPage
from events.models import EventPage
from home.models import FeaturedCity, HomePage
from tests.factories import EventFactory, ResourceFactory, sample_city
from tests.helpers import parse_html, rolled_back_after_module
from tests.practice_data import make_practice

pytestmark = pytest.mark.django_db

PREFIXES = ("", "/en", "/pt-br")


def language(prefix):
    return prefix.strip("/") or "es"


def restrict(page):
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secreto"
    )


def shown(client, url):
    """What a visitor reads at the URL: the page's main text, or the whole feed or map data."""
    response = client.get(url)
    assert response.status_code == 200, url
    if response["Content-Type"].startswith("text/html"):
        return parse_html(response).find("main").get_text(" ")
    return response.content.decode()


@pytest.fixture(scope="class")
def quibdo_for_class(django_db_setup, django_db_blocker):
    """Quibdó with a practice, the newest member of the network, featured on the home pages, host of an
    event Medellín takes part in and a city of a library item (its primary key); made once for the tests
    of TestQuibdo, whose restrictions are rolled back after each, and rolled back after them."""
    with rolled_back_after_module(django_db_blocker), translation.override("en"):
        medellin, quibdo = sample_city("Medellín"), sample_city("Quibdó")
        make_practice(quibdo, "Bibliotecas nocturnas del Chocó")
        for home in HomePage.objects.all():
            FeaturedCity.objects.create(page=home, city=quibdo)
        event = EventFactory(
            title="Taller regional", event_format="in_person", venue="Casa de la Cultura", host_city=quibdo
        )
        event.cities.set([medellin, quibdo])
        event.save_revision().publish()
        ResourceFactory(title="Informe regional", cities=[medellin, quibdo])
        yield quibdo.pk


@pytest.fixture
def quibdo(db, quibdo_for_class):
    """Quibdó of quibdo_for_class, fetched afresh for each test."""
    return CityPage.objects.get(pk=quibdo_for_class)


def pages_naming(client, prefix, text):
    """The public lists, maps and pages of the language (prefix) that name `text`."""
    lang = language(prefix)
    urls = {
        "directory": f"{prefix}/cities/",
        "directory search": f"{prefix}/cities/?q=quibdo",
        "map data": f"/api/cities.geojson?lang={lang}",
        "home": f"{prefix}/",
        "nearby cities": f"{prefix}/cities/medellin/",
        "practices": f"{prefix}/practices/",
        "practices map data": f"/api/practices.geojson?lang={lang}",
        "events": f"{prefix}/events/",
        "event page": f"{prefix}/events/taller-regional/",
        "library item": f"{prefix}/resources/informe-regional/",
    }
    return {name for name, url in urls.items() if text in shown(client, url)}


class TestQuibdo:
    """A restricted city, in the world of quibdo_for_class."""

    @pytest.mark.parametrize("prefix", PREFIXES)
    def test_a_restricted_city_is_named_by_no_public_page(self, client, quibdo, prefix):
        everywhere = pages_naming(client, prefix, "Quibdó")
        assert len(everywhere) == 10

        restriction = restrict(quibdo)
        assert pages_naming(client, prefix, "Quibdó") == set()
        assert "Bibliotecas nocturnas del Chocó" not in shown(client, f"{prefix}/practices/")

        restriction.delete()
        assert pages_naming(client, prefix, "Quibdó") == everywhere

    @pytest.mark.parametrize("prefix", PREFIXES)
    def test_the_home_page_counts_no_restricted_city(self, client, soup, quibdo, prefix):
        def figures():
            page = soup(client.get(f"{prefix}/"))
            return [dd.get_text(strip=True) for dd in page.select("dl.figure-list dd")]

        assert figures()[0] == "2"
        restrict(quibdo)
        assert figures()[0] == "1"


@pytest.fixture(scope="class")
def restricted_items(django_db_setup, django_db_blocker):
    """An open and a restricted item of each kind: library items, events (related to the open item) and
    practices of Medellín; made once for the tests of TestRestrictedItems, which may lift the restrictions
    (rolled back after each), and rolled back after them."""
    with rolled_back_after_module(django_db_blocker), translation.override("en"):
        medellin = sample_city("Medellín")
        make_practice(medellin, "Práctica abierta")
        restrict(make_practice(medellin, "Práctica reservada"))
        open_event = EventFactory(title="Foro abierto")
        restricted_event = EventFactory(title="Foro reservado")
        restrict(restricted_event)
        ResourceFactory(title="Guía abierta", events=[open_event, restricted_event])
        restrict(ResourceFactory(title="Informe reservado"))
        yield


@pytest.mark.usefixtures("restricted_items")
class TestRestrictedItems:
    """Restricted pages of each kind, in the world of restricted_items."""

    @pytest.mark.parametrize("prefix", PREFIXES)
    def test_restricted_pages_are_in_no_list_feed_or_map(self, client, prefix):
        lang = language(prefix)
        lists = {
            f"{prefix}/resources/": ("Guía abierta", "Informe reservado"),
            f"{prefix}/resources/feed/": ("Guía abierta", "Informe reservado"),
            f"{prefix}/resources/guia-abierta/": ("Foro abierto", "Foro reservado"),
            f"{prefix}/practices/": ("Práctica abierta", "Práctica reservada"),
            f"/api/practices.geojson?lang={lang}": ("Práctica abierta", "Práctica reservada"),
            f"{prefix}/cities/medellin/": ("Práctica abierta", "Práctica reservada"),
        }
        texts = {url: shown(client, url) for url in lists}
        assert [url for url, (listed, _left_out) in lists.items() if listed not in texts[url]] == []
        assert [url for url, (_listed, left_out) in lists.items() if left_out in texts[url]] == []

        PageViewRestriction.objects.all().delete()
        assert [url for url, (_listed, left_out) in lists.items() if left_out not in shown(client, url)] == []


def test_an_alias_of_a_copy_is_left_out_too(client):
    """Wagtail follows an alias to its original, through aliases of aliases."""
    event = EventFactory(title="Taller encadenado")
    restrict(event)
    english = EventPage.objects.get(translation_key=event.translation_key, locale__language_code="en")
    chained = english.create_alias(update_slug="taller-encadenado-bis")
    assert chained.alias_of_id == english.pk
    assert 'name="password"' in client.get(chained.url).content.decode()
    assert "Taller encadenado" not in shown(client, "/en/events/")
