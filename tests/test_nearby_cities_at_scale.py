"""A city page's "Nearby Learning Cities" are the geodesically nearest ones, found by the database:
reading them costs the same queries with 30 cities as with 600 (issue #17: a city page's cold render
must not grow with the network)."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from geopy.distance import geodesic

from bench.city_pages import add_city_pages
from cities.directory import published_cities
from cities.models import CityPage
from cities.nearby import nearby_cities
from tests.factories import spanish_directory

pytestmark = pytest.mark.django_db


def nearest_by_brute_force(city, limit=5):
    """What the page should list: every other located city, ranked by its geodesic distance."""
    others = published_cities(city.locale).exclude(pk=city.pk).exclude(latitude=None)
    ranked = sorted(
        others,
        key=lambda other: geodesic((city.latitude, city.longitude), (other.latitude, other.longitude)).km,
    )
    return [other.pk for other in ranked[:limit]]


def queries_for_nearby(city):
    with CaptureQueriesContext(connection) as queries:
        nearby_cities(city)
    return len(queries)


def test_the_nearby_list_is_the_geodesic_ranking_of_every_city():
    rng = random.Random(17)
    pages = add_city_pages(spanish_directory(), 400, rng)
    for page in rng.sample(pages, 12):
        city = CityPage.objects.get(pk=page.pk)
        assert [nearby.city.pk for nearby in nearby_cities(city)] == nearest_by_brute_force(city)


def test_a_lone_city_far_south_gets_its_nearest_thousands_of_kilometres_away():
    """Ranking by the cosine of the angle is right far from the origin too: a lone city in the far
    south-east still gets the five nearest, which are thousands of kilometres away."""
    add_city_pages(spanish_directory(), 60, random.Random(3))
    lone = CityPage.objects.filter(live=True).order_by("pk").last()
    lone.latitude, lone.longitude = -54.8, -68.3  # Ushuaia, at the map's southern end
    lone.save(update_fields=["latitude", "longitude"])

    listed = nearby_cities(lone)

    assert [nearby.city.pk for nearby in listed] == nearest_by_brute_force(lone)
    distances = [nearby.distance_km for nearby in listed]
    assert distances == sorted(distances)


def test_the_queries_do_not_grow_with_the_number_of_cities():
    directory = spanish_directory()
    [city] = add_city_pages(directory, 1, random.Random(1))
    add_city_pages(directory, 30, random.Random(2))
    city = CityPage.objects.get(pk=city.pk)
    nearby_cities(city)  # the first call also reads what stays cached (the locale)
    with_few = queries_for_nearby(city)

    add_city_pages(directory, 600, random.Random(4))

    assert queries_for_nearby(city) == with_few
