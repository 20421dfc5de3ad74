"""What a search result's card tells a visitor choosing among them: the kind of page, its place (city,
country) and its date or year where it has them, and the language of its text when that is not the
page's (an untranslated copy); read in a few queries per kind, however many results."""

from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from wagtail.models import Locale

from search.engine import FEW_RESULTS
from tests.factories import CityFactory, EventFactory, PracticeFactory, ResourceFactory
from tests.test_knowledge_search import search

pytestmark = pytest.mark.django_db


def cards(page):
    """{title: card element} of the results."""
    return {item.h3.get_text(strip=True): item for item in page.select("ol.search-results li")}


def text(card):
    return card.get_text(" ", strip=True)


@pytest.fixture
def orchard():
    """A city, and an event, a practice and a library item about orchards there (and one hidden city)."""
    city = CityFactory(title="Villa Huerta", country="UY", region="Canelones")
    hidden = CityFactory(title="Villa Oculta", country="PE", publish=False)
    EventFactory(
        title="Taller de la huerta",
        host_city=city,
        venue="Casa de la Cultura",
        starts_at=datetime(2031, 3, 4, 14, tzinfo=UTC),
        ends_at=datetime(2031, 3, 4, 17, tzinfo=UTC),
    )
    PracticeFactory(city=city, title="Huertas escolares", start_year=2016)
    ResourceFactory(title="Guía de huertas urbanas", year=2019, cities=[city, hidden])
    return city


def test_each_card_names_the_kind_place_and_date_of_its_page(client, soup, orchard):
    found = cards(search(client, soup, "huerta"))
    city, event = text(found["Villa Huerta"]), text(found["Taller de la huerta"])
    practice, resource = text(found["Huertas escolares"]), text(found["Guía de huertas urbanas"])
    assert "Ciudad" in city and "Canelones" in city and "Uruguay" in city
    assert "Evento" in event and "2031" in event and "Villa Huerta, Uruguay" in event
    assert "Buena práctica" in practice and "Villa Huerta, Uruguay" in practice and "Desde 2016" in practice
    assert "Recurso" in resource and "Guía" in resource and "2019" in resource
    assert "Villa Huerta, Uruguay" in resource
    assert "Oculta" not in resource and "Perú" not in resource, "a city visitors may not see is not named"


def test_the_cards_speak_the_page_language(client, soup, orchard):
    found = cards(search(client, soup, "huerta", prefix="/en"))
    practice, resource = text(found["Huertas escolares"]), text(found["Guía de huertas urbanas"])
    assert "Good practice" in practice and "Since 2016" in practice and "Villa Huerta, Uruguay" in practice
    assert "Library item" in resource and "Guide" in resource and "2019" in resource


def test_an_untranslated_result_is_marked_with_its_language(client, soup, orchard):
    """On the English search an untranslated page (a copy of the Spanish one) shows Spanish text: screen
    readers must read it as Spanish; a Spanish result on the Spanish search needs no mark."""
    english = cards(search(client, soup, "huerta", prefix="/en"))
    for title in ("Villa Huerta", "Huertas escolares", "Guía de huertas urbanas", "Taller de la huerta"):
        assert english[title].h3.get("lang") == "es", title
        summary = english[title].select_one(".search-result__summary")
        assert summary is None or summary.get("lang") == "es", title
    spanish = cards(search(client, soup, "huerta"))
    assert all(card.h3.get("lang") in (None, "es") for card in spanish.values())


def test_a_translated_result_is_not_marked(client, soup, orchard):
    english_copy = orchard.get_translation(Locale.objects.get(language_code="en"))
    english_copy.alias_of = None
    english_copy.title = "Orchard Town"
    english_copy.save_revision().publish()
    found = cards(search(client, soup, "orchard", prefix="/en"))
    assert found["Orchard Town"].h3.get("lang") in (None, "en")


def many_results(city, first, count):
    for number in range(first, first + count):
        CityFactory(title=f"Faro {number}", country="CL")
        EventFactory(title=f"Encuentro del faro {number}", host_city=city)
        PracticeFactory(city=city, title=f"Faro escolar {number}")
        ResourceFactory(title=f"Manual del faro {number}", cities=[city])


def test_the_cards_cost_the_same_few_queries_however_many_results(
    client, soup, django_assert_max_num_queries
):
    city = CityFactory(title="Villa Sin Nombre", country="CL")
    # Enough results that PostgreSQL's typo matches are not looked for (search.engine).
    many_results(city, 0, FEW_RESULTS // 4 + 1)
    # On the English search, where every result is an untranslated copy (its text's language is its
    # original's). A search made afresh (not from the page cache nor the shared cache): it also reads
    # the filters' facts of every searchable page, a few queries per type (search.facet_data).
    client.get("/en/search/", {"query": "faro"})  # the per-process look-ups (content types, locales)
    cache.clear()
    with django_assert_max_num_queries(36) as few:
        search(client, soup, "faro", prefix="/en")
    many_results(city, FEW_RESULTS, 2)
    cache.clear()
    with django_assert_max_num_queries(len(few)):
        page = search(client, soup, "faro", prefix="/en")
    assert len(page.select("ol.search-results li")) == 16
