"""Nearby Learning Cities: nearest published cities by geodesic distance, listed on each city page.

The cities are the sample network of tests/factories.py and a few more near Medellín and Buenos Aires,
made once for the module; the expected rankings are computed from their coordinates with geopy.
"""

import pytest
from geopy.distance import geodesic
from wagtail.models import PageViewRestriction

from cities.models import CityPage
from cities.nearby import nearby_cities
from tests.factories import SAMPLE_CITIES, CityFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("neighbourhoods")]

# Real Learning Cities (values of the shipped list) added to the sample network: Manizales, 130 km from
# Medellín, just nearer than Quibdó (135 km); Buenos Aires and its neighbours 37 to 850 km away.
MORE_CITIES = [
    dict(zip(("title", "country", "region", "latitude", "longitude"), values, strict=True))
    for values in [
        ("Manizales", "CO", "Caldas", 5.0668, -75.50684),
        ("Buenos Aires", "AR", "Ciudad Autónoma de Buenos Aires", -34.61315, -58.37723),
        ("Concepción del Uruguay", "AR", "Entre Ríos", -32.48463, -58.23217),
        ("Firmat", "AR", "Santa Fe", -33.45937, -61.4832),
        ("Villa María", "AR", "Córdoba", -32.40751, -63.24016),
    ]
]
CITIES = SAMPLE_CITIES + MORE_CITIES
LOCATED = [row for row in CITIES if row["latitude"] is not None]


@pytest.fixture(scope="module")
def neighbourhoods(sample_network_for_module, django_db_blocker):
    """The sample network and MORE_CITIES, made once for the module (rolled back with the network)."""
    with django_db_blocker.unblock():
        for row in MORE_CITIES:
            CityFactory(**row)


@pytest.fixture
def medellin(city_named):
    return city_named("Medellín")


def expected_nearby(name, exclude=()):
    """(name, km) of every located city but the origin, nearest first, computed from the cities' facts."""
    (origin,) = [row for row in LOCATED if row["title"] == name]
    point = (origin["latitude"], origin["longitude"])
    distances = [
        (geodesic(point, (row["latitude"], row["longitude"])).km, row["title"])
        for row in LOCATED
        if row is not origin and row["title"] not in exclude
    ]
    return [(city, km) for km, city in sorted(distances)]


def as_pairs(nearby):
    return [(item.city.title, item.distance_km) for item in nearby]


def assert_same(found, expected):
    assert [name for name, _km in found] == [name for name, _km in expected]
    for (name, km), (_name, expected_km) in zip(found, expected, strict=True):
        assert km == pytest.approx(expected_km, abs=0.01), name


def nearby_list(soup, response):
    """(name, distance text) of each item of the page's nearby list, in order."""
    items = soup(response).select("ol.nearby-list > li")
    return [
        (item.a.get_text(strip=True), item.find(class_="muted").get_text(" ", strip=True)) for item in items
    ]


def test_medellin_neighbours_nearest_first(medellin):
    found = as_pairs(nearby_cities(medellin))

    expected = expected_nearby("Medellín")[:5]
    assert [name for name, _km in expected] == ["Envigado", "La Estrella", "Rionegro", "Manizales", "Quibdó"]
    assert_same(found, expected)
    assert found[0][1] == pytest.approx(7.96, abs=0.01)


def test_every_located_city_ranked_like_geodesic_distance(medellin):
    """With a large limit every other located city comes back, in geodesic order (La Matanza has no place)."""
    found = as_pairs(nearby_cities(medellin, limit=100))

    expected = expected_nearby("Medellín")
    assert len(expected) == len(CITIES) - 2
    assert_same(found, expected)


def test_distances_from_a_far_city(city_named):
    """The ranking holds far from Medellín too, among the Argentine cities around Buenos Aires."""
    found = as_pairs(nearby_cities(city_named("Buenos Aires")))

    assert_same(found, expected_nearby("Buenos Aires")[:5])


@pytest.mark.parametrize("limit", [1, 3, 8])
def test_limit_is_respected(limit, medellin):
    found = as_pairs(nearby_cities(medellin, limit=limit))

    assert len(found) == limit
    assert_same(found, expected_nearby("Medellín")[:limit])


def test_city_page_lists_five_neighbours_with_km(client, soup):
    response = client.get("/cities/medellin/")

    assert response.status_code == 200
    listed = nearby_list(soup, response)
    expected = expected_nearby("Medellín")[:5]
    assert [name for name, _text in listed] == [name for name, _km in expected]
    for (name, text), (_name, km) in zip(listed, expected, strict=True):
        assert f"{round(km)} km" in text, name
    assert listed[0] == ("Envigado", "(Colombia) · 8 km")
    # Each neighbour links to its page.
    links = [item.a["href"] for item in soup(response).select("ol.nearby-list > li")]
    assert links[:3] == ["/cities/envigado/", "/cities/la-estrella/", "/cities/rionegro/"]


def test_unpublished_city_is_never_nearby(client, soup, medellin):
    CityPage.objects.originals().get(title="Envigado").unpublish()

    found = as_pairs(nearby_cities(medellin))
    assert_same(found, expected_nearby("Medellín", exclude={"Envigado"})[:5])
    listed = [name for name, _text in nearby_list(soup, client.get("/cities/medellin/"))]
    assert "Envigado" not in listed
    assert listed[0] == "La Estrella"


def test_never_published_city_next_door_is_not_nearby(medellin, make_city):
    make_city("Itagüí", country="CO", publish=False, latitude=6.18461, longitude=-75.59913)

    assert "Itagüí" not in [item.city.title for item in nearby_cities(medellin)]


def test_private_city_is_not_nearby(client, soup, medellin):
    PageViewRestriction.objects.create(
        page=CityPage.objects.originals().get(title="Envigado"),
        restriction_type=PageViewRestriction.PASSWORD,
        password="secreto",
    )

    assert "Envigado" not in [item.city.title for item in nearby_cities(medellin)]
    assert "Envigado" not in [name for name, _text in nearby_list(soup, client.get("/cities/medellin/"))]


def test_newly_published_city_next_door_comes_first(client, soup, medellin, make_city):
    make_city("Itagüí", country="CO", region="Antioquia", latitude=6.18461, longitude=-75.59913)

    found = as_pairs(nearby_cities(medellin))
    km = geodesic((6.245, -75.57151), (6.18461, -75.59913)).km
    assert found[0] == ("Itagüí", pytest.approx(km, abs=0.01))
    assert [name for name, _km in found[1:]] == ["Envigado", "La Estrella", "Rionegro", "Manizales"]
    assert nearby_list(soup, client.get("/cities/medellin/"))[0][0] == "Itagüí"


def test_draft_coordinates_do_not_move_a_city(medellin):
    envigado = CityPage.objects.originals().get(title="Envigado")
    envigado.latitude, envigado.longitude = -34.6, -58.4
    envigado.save_revision()

    assert_same(as_pairs(nearby_cities(medellin)), expected_nearby("Medellín")[:5])


def test_city_without_coordinates_has_no_nearby_list(client, soup, city_named):
    la_matanza = city_named("La Matanza")
    assert not la_matanza.has_location

    assert nearby_cities(la_matanza) == []
    response = client.get("/cities/la-matanza/")
    assert response.status_code == 200
    page = soup(response)
    assert page.select("ol.nearby-list") == []
    assert page.find(id="nearby-heading") is None
    assert "La Matanza" in page.h1.get_text()


def test_city_without_coordinates_is_nobody_s_neighbour(medellin, city_named):
    found = [item.city.title for item in nearby_cities(city_named("Buenos Aires"), limit=100)]

    assert "La Matanza" not in found
    assert len(found) == len(CITIES) - 2
