"""Public pages make a fixed number of SQL queries, however many cities the network has."""

import random

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.city_pages import add_city_pages
from cities.models import CityPage
from tests.factories import sample_city

pytestmark = pytest.mark.django_db

EXTRA_CITIES = 200
# Fixed ceilings: a page over them has grown a query per city (or per theme) somewhere. The directory's
# include reading every city's activity themes, which the shared cache then keeps until they change; the
# city page's, the list of cities with an accepted progress report (progress/results.py), kept likewise.
MAX_QUERIES = {"home": 20, "directory": 21, "filtered directory": 21, "city": 21}


def count_queries(client, url):
    """Queries of one anonymous request that renders the page (the whole-page cache is emptied)."""
    client.get(url)  # warm the per-process caches (content types, templates)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries.captured_queries)


def measure(client, theme, city_url):
    return {
        "home": count_queries(client, "/"),
        "directory": count_queries(client, "/cities/"),
        "filtered directory": count_queries(client, f"/cities/?theme={theme.slug}&country=CO"),
        "city": count_queries(client, city_url),
    }


def test_query_counts_do_not_grow_with_the_number_of_cities(
    client, soup, directory, themes, publish_with_themes
):
    # A few cities with two themes each, so theme lists are rendered from the start.
    cities = [
        publish_with_themes(sample_city(name), themes[0], themes[1])
        for name in ("Medellín", "Quibdó", "Bogotá", "Recife")
    ]
    medellin = cities[0]

    before = measure(client, themes[0], medellin.url)
    add_city_pages(directory, EXTRA_CITIES, random.Random(20))  # published, with up to three themes
    total = len(cities) + EXTRA_CITIES
    assert CityPage.objects.originals().live().count() == total
    assert f"{total} " in soup(client.get("/cities/")).find(id="results-heading").get_text()
    after = measure(client, themes[0], medellin.url)

    print("queries before", before, "after", after)
    assert after == before
    for page, ceiling in MAX_QUERIES.items():
        assert after[page] <= ceiling, f"{page}: {after[page]} queries"


def test_city_page_queries_do_not_grow_with_its_themes(client, themes, medellin, publish_with_themes):
    publish_with_themes(medellin, themes[0])
    with_one = count_queries(client, medellin.url)
    publish_with_themes(medellin, *themes)
    with_all = count_queries(client, medellin.url)
    assert with_all == with_one
