"""A city taken off the site takes its good practices with it, in every language: UIL staff unpublishing
the city page in the admin (without ticking "unpublish the child pages" too) leaves no practice of it in
the practices list, on the map, in the search or at its own address, where each would name a city whose
page is gone."""

import json

import pytest
from django.urls import reverse

from practices.models import PracticePage
from tests.factories import CityFactory
from tests.practice_data import make_practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def withdrawn(staff_client):
    """A city with a published practice, then unpublished by UIL staff; return the practice."""
    city = CityFactory(title="Villa Retirada", country="CO", latitude=6.25, longitude=-75.56)
    practice = make_practice(city, "Huertas escolares")
    response = staff_client.post(reverse("wagtailadmin_pages:unpublish", args=(city.pk,)))
    assert response.status_code == 302, f"the city was not unpublished: HTTP {response.status_code}"
    staff_client.logout()
    return practice


def test_no_copy_of_the_practice_stays_live(withdrawn):
    copies = PracticePage.objects.filter(translation_key=withdrawn.translation_key)
    assert copies.count() == 3
    assert not copies.filter(live=True).exists()


@pytest.mark.parametrize("prefix", ["", "/en", "/pt-br"])
def test_the_practice_is_nowhere_on_the_public_site(client, soup, withdrawn, prefix):
    assert client.get(f"{prefix}/cities/villa-retirada/huertas-escolares/").status_code == 404
    assert not soup(client.get(f"{prefix}/practices/")).select("ul.event-list h3 a")
    assert not soup(client.get(f"{prefix}/search/", {"query": "huertas"})).select("ol.search-results li")


def test_the_map_has_no_marker_for_it(client, withdrawn):
    assert json.loads(client.get("/api/practices.geojson").content)["features"] == []
