"""The map data and the directory stay at a fixed number of SQL queries however many cities there are.

A few cities are made with the factories, once for the module; then 5,000 city pages are generated
straight into the page tree after them by the benchmark's builder (bench/city_pages.py). The tree is
checked with treebeard's `find_problems()` and a generated page is served at its URL.
"""

import json
import random
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page

from bench.city_pages import add_city_pages
from cities.models import CityPage
from cities.themes import original_themes
from tests import factories, helpers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("made_cities")]

# Cities made the usual way (factories.SAMPLE_CITIES) before the generated ones: two in Colombia, for the
# filtered requests, and one elsewhere.
MADE = ["Medellín", "Bogotá", "São Paulo"]
GENERATED = 5_000
# Cold answers, whatever the number of cities (the cities' activity themes are read once, then kept).
MAX_QUERIES = 22


@pytest.fixture(scope="module")
def made_cities(django_db_setup, django_db_blocker):
    """The MADE cities, once for the module: each test adds its generated ones after them."""
    with helpers.rolled_back_after_module(django_db_blocker):
        for name in MADE:
            factories.sample_city(name)
        yield


def generate_cities(directory, count, seed=2026):
    """Insert `count` published city pages under the directory, fast; return their slugs."""
    return [page.slug for page in add_city_pages(directory, count, random.Random(seed))]


def cold_get(client, url):
    """GET with an empty cache; return the response, its queries and the time it took."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, url
    return response, len(queries), elapsed


def warm_get(client, url):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, url
    return response, len(queries), elapsed


def test_generated_cities_form_a_sound_page_tree(client, directory):
    slugs = generate_cities(directory, 200)

    assert CityPage.objects.originals().live().public().count() == len(MADE) + 200
    assert Page.find_problems() == ([], [], [], [], [])
    directory = Page.objects.get(pk=directory.pk)
    assert directory.get_children().count() == directory.numchild == len(MADE) + 200
    page = CityPage.objects.originals().get(slug=slugs[-1])
    assert page.get_parent().pk == directory.pk
    assert page.url == f"/cities/{slugs[-1]}/"
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Ciudad Generada 00199" in response.content.decode()
    # A page added the normal way after them still gets a free place in the tree.
    directory.specific.add_child(instance=CityPage(title="Ciudad Posterior", country="CO"))
    assert Page.find_problems() == ([], [], [], [], [])


def test_query_counts_do_not_grow_with_5000_cities(client, directory, publish_with_themes, city_named):
    # The filtered requests must find cities among the made ones too, or they would skip queries.
    publish_with_themes(city_named("Medellín"), original_themes().get(slug="aprendizaje-digital"))
    geojson_url = reverse("cities_geojson")
    filtered_url = geojson_url + "?country=CO&theme=aprendizaje-digital"
    urls = {
        "geojson": geojson_url,
        "geojson filtered": filtered_url,
        "directory": "/cities/",
        "directory filtered": "/cities/?country=CO&theme=aprendizaje-digital",
        "city page": "/cities/medellin/",
    }
    few = {name: cold_get(client, url)[1] for name, url in urls.items()}

    started = time.perf_counter()
    generate_cities(directory, GENERATED)
    generation_seconds = time.perf_counter() - started
    total = len(MADE) + GENERATED
    assert CityPage.objects.originals().live().public().count() == total

    figures = {}
    for name, url in urls.items():
        response, queries, cold_seconds = cold_get(client, url)
        figures[name] = (response, queries, cold_seconds)
        assert queries == few[name], (
            f"{name}: {queries} queries with {total:,} cities, {few[name]} with {len(MADE)}"
        )
        assert queries <= MAX_QUERIES, name

    response = figures["geojson"][0]
    data = json.loads(response.content)
    assert len(data["features"]) == total
    assert f"{total} Ciudades del Aprendizaje" in figures["directory"][0].content.decode(), (
        "Spanish at the root"
    )

    client.get(geojson_url)  # the city page's cold request emptied the cache
    _warm, warm_queries, warm_seconds = warm_get(client, geojson_url)
    assert warm_queries <= 1

    print(
        f"\n{GENERATED:,} generated cities (+{len(MADE)}), {connection.vendor}:"
        f" inserted in {generation_seconds:.1f} s"
        f"\n  GeoJSON: {len(response.content):,} bytes, cold {figures['geojson'][2] * 1000:.0f} ms,"
        f" warm {warm_seconds * 1000:.1f} ms ({warm_queries} queries)"
        + "".join(
            f"\n  {name}: {queries} queries ({len(MADE)} cities: {few[name]}), cold {seconds * 1000:.0f} ms"
            for name, (_response, queries, seconds) in figures.items()
        )
    )
