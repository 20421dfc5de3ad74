"""The site search finds knowledge: good practices and library items beside cities and events, by their
own words, accented or not, misspelt on PostgreSQL, with each result's type, the type facet counting
them, and a number of queries that does not grow with the results."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.engine import FEW_RESULTS
from tests.factories import CityFactory, EventFactory, PracticeFactory, ResourceFactory

pytestmark = pytest.mark.django_db


def search(client, soup, query, prefix="", **params):
    response = client.get(f"{prefix}/search/", {"query": query, **params})
    assert response.status_code == 200
    return soup(response)


def cards(page):
    """{title: card text} of the results."""
    return {
        item.h3.get_text(strip=True): item.get_text(" ", strip=True)
        for item in page.select(".search-results li")
    }


@pytest.fixture
def knowledge():
    city = CityFactory(title="Villa Huerta", country="UY")
    PracticeFactory(
        city=city,
        title="Huertas escolares",
        summary="Las escuelas cultivan huertas y enseñan nutrición a las familias.",
    )
    ResourceFactory(title="Guía de huertas urbanas", abstract="Cómo enseñar con una huerta en la ciudad.")
    EventFactory(title="Taller de la huerta")
    return city


def test_one_search_finds_a_city_a_practice_a_library_item_and_an_event(client, soup, knowledge):
    page = search(client, soup, "huerta")
    found = cards(page)
    assert {"Villa Huerta", "Huertas escolares", "Guía de huertas urbanas", "Taller de la huerta"} <= set(
        found
    )
    assert "Buena práctica" in found["Huertas escolares"] and "Recurso" in found["Guía de huertas urbanas"]
    types = {link.find(string=True).strip() for link in page.select("ul[aria-labelledby=facet-type] a")}
    assert {"Buenas prácticas", "Biblioteca"} <= types
    english = cards(search(client, soup, "huerta", prefix="/en"))
    assert (
        "Good practice" in english["Huertas escolares"]
        and "Library item" in english["Guía de huertas urbanas"]
    )


@pytest.mark.parametrize("query", ["nutricion", "NUTRICIÓN", "ensenar huerta"])
def test_practices_and_library_items_are_found_without_accents_or_case(client, soup, knowledge, query):
    found = set(cards(search(client, soup, query)))
    assert "Huertas escolares" in found or "Guía de huertas urbanas" in found


def test_the_type_filter_keeps_one_kind_of_knowledge(client, soup, knowledge):
    assert set(cards(search(client, soup, "huerta", type="practice"))) == {"Huertas escolares"}
    assert set(cards(search(client, soup, "huerta", type="resource"))) == {"Guía de huertas urbanas"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="typo tolerance uses PostgreSQL's pg_trgm")
def test_a_misspelt_title_finds_the_practice_on_postgresql(client, soup, knowledge):
    assert "Huertas escolares" in cards(search(client, soup, "huertas escolraes"))


def queries_for(client, query):
    client.get("/search/", {"query": query})
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/search/", {"query": query}).status_code == 200
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_knowledge_results(client):
    city = CityFactory(title="Villa Sin Nombre", country="CL")
    # Enough results that PostgreSQL's typo matches are not looked for in either search (search.engine).
    first = FEW_RESULTS // 2 + 1
    for number in range(first):
        PracticeFactory(city=city, title=f"Faro escolar {number}")
        ResourceFactory(title=f"Manual del faro {number}")
    few = queries_for(client, "faro")
    for number in range(first, first + 6):
        PracticeFactory(city=city, title=f"Faro escolar {number}")
        ResourceFactory(title=f"Manual del faro {number}")
    assert queries_for(client, "faro") == few
