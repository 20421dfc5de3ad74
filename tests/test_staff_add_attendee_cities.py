"""Add attendee names each city with its country, as the public registration form does, so that the two
La Paz of the network (Bolivia's and Mexico's) can be told apart, and lists the cities in dictionary
order (Córdoba before Curitiba)."""

import pytest

from tests.factories import CityFactory, EventFactory
from tests.helpers import parse_html

pytestmark = pytest.mark.django_db

URL = "/admin/snippets/events/registration/add-attendee/"


@pytest.fixture
def cities():
    EventFactory()
    for title, country in [("La Paz", "MX"), ("Curitiba", "BR"), ("La Paz", "BO"), ("Córdoba", "AR")]:
        CityFactory(title=title, country=country)


def city_choices(response):
    options = parse_html(response).select("select[name=city] option")
    return [option.get_text(strip=True) for option in options if option["value"]]


def test_each_city_is_named_with_its_country_in_dictionary_order(staff_client, cities):
    choices = city_choices(staff_client.get(URL))
    assert choices[:2] == ["Córdoba (Argentina)", "Curitiba (Brazil)"]
    assert sorted(choices[2:]) == ["La Paz (Bolivia)", "La Paz (Mexico)"]
