"""A good practice moved to another city in the admin (say it was written under the wrong one) belongs to
that city from then on, in every language: the practices list names it and filters by its country, the
map puts the practice at its location, and the city's themes follow (the practice's themes leave the
city it came from and reach the city it moved to)."""

import json

import pytest
from django.urls import reverse

from cities.activity_themes import theme_ids_by_city
from cities.models import CityPage
from practices.models import PracticePage
from tests.factories import CityFactory, ThemeFactory
from tests.practice_data import make_practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def moved(staff_client):
    """A practice written under a Colombian city, moved by UIL staff to a Brazilian one in the admin;
    return (practice, city it left, city it moved to)."""
    reading = ThemeFactory(name="Lectura nocturna", slug="lectura-nocturna")
    first = CityFactory(title="Villa Origen", country="CO", latitude=6.25, longitude=-75.56)
    second = CityFactory(title="Villa Destino", country="BR", latitude=-25.43, longitude=-49.27)
    practice = make_practice(first, "Bibliotecas de noche", themes=[reading])
    assert reading.pk in theme_ids_by_city(CityPage.objects.filter(pk=first.pk))[first.pk]
    confirm = reverse("wagtailadmin_pages:move_confirm", args=(practice.pk, second.pk))
    assert staff_client.get(confirm).status_code == 200
    response = staff_client.post(confirm)
    assert response.status_code == 302, f"the move was refused: HTTP {response.status_code}"
    return practice, first, second, reading


def test_every_copy_of_a_moved_practice_belongs_to_its_new_city(moved):
    practice, _first, second, _theme = moved
    copies = PracticePage.objects.filter(translation_key=practice.translation_key)
    assert copies.count() == 3
    assert {copy.city_id for copy in copies} == {second.pk}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_list_names_the_new_city_and_filters_by_its_country(client, soup, moved, prefix):
    card = soup(client.get(f"{prefix}/practices/")).select_one("ul.event-list li")
    assert "Villa Destino" in card.get_text(" ", strip=True)
    assert "Villa Origen" not in card.get_text(" ", strip=True)
    brazil = soup(client.get(f"{prefix}/practices/", {"country": "BR"})).select("ul.event-list h3 a")
    assert [link.get_text(strip=True) for link in brazil] == ["Bibliotecas de noche"]
    assert not soup(client.get(f"{prefix}/practices/", {"country": "CO"})).select("ul.event-list h3 a")


def test_the_map_puts_a_moved_practice_at_its_new_city(client, moved):
    features = json.loads(client.get("/api/practices.geojson").content)["features"]
    assert [feature["geometry"]["coordinates"] for feature in features] == [[-49.27, -25.43]]
    assert features[0]["properties"]["city"] == "Villa Destino"


def test_the_themes_of_a_moved_practice_follow_it_to_its_new_city(moved):
    _practice, first, second, reading = moved
    themes = theme_ids_by_city(CityPage.objects.filter(pk__in=[first.pk, second.pk]))
    assert reading.pk not in themes.get(first.pk, set())
    assert reading.pk in themes.get(second.pk, set())
