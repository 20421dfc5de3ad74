"""Country names read as each language spells them, where django-countries' own catalogues got them wrong:
Spanish "Trinidad y Tobago" (its catalogue reads "Trinidad yTobago"), Portuguese "Dominica" (its catalogue
reads "Dominicana", which a reader takes for the Dominican Republic), English "Bahamas", as UNESCO lists its
member states (its list reads "Bahamas (The)", as an index would). On the city page, in the directory's
country filter and in the page editor."""

import pytest
from django.urls import reverse

from cities.models import CityPage
from tests.factories import CityFactory
from tests.helpers import rolled_back_after_module
from tests.test_admin_language import signed_in

pytestmark = pytest.mark.django_db

RIGHT = {
    ("es", "TT"): "Trinidad y Tobago",
    ("pt-br", "TT"): "Trinidad e Tobago",
    ("en", "TT"): "Trinidad and Tobago",
    ("es", "DM"): "Dominica",
    ("pt-br", "DM"): "Dominica",
    ("en", "BS"): "Bahamas",
    ("es", "BS"): "Bahamas",
    ("pt-br", "BS"): "Bahamas",
}


@pytest.fixture(scope="module")
def cities_for_module(django_db_setup, django_db_blocker):
    """A city in each country, by code (their primary keys); made once for the module and rolled back
    after it: no test changes them."""
    with rolled_back_after_module(django_db_blocker):
        made = {
            "TT": CityFactory(title="Puerto España", country="TT"),
            "DM": CityFactory(title="Roseau", country="DM"),
            "BS": CityFactory(title="Nasáu", country="BS"),
        }
        yield {code: city.pk for code, city in made.items()}


@pytest.fixture
def cities(db, cities_for_module):
    """The cities of cities_for_module, fetched afresh for each test."""
    pages = CityPage.objects.in_bulk(cities_for_module.values())
    return {code: pages[pk] for code, pk in cities_for_module.items()}


def in_language(page, language):
    return CityPage.objects.get(translation_key=page.translation_key, locale__language_code=language)


@pytest.mark.parametrize(("language", "code"), list(RIGHT))
def test_the_city_page_spells_its_country_right(client, soup, cities, language, code):
    page = soup(client.get(in_language(cities[code], language).url))
    assert page.select_one(".city__place").get_text(strip=True) == RIGHT[language, code]


@pytest.mark.parametrize(("language", "code"), list(RIGHT))
def test_the_directory_filter_spells_the_country_right(client, soup, cities, language, code):
    directory = in_language(cities[code], language).get_parent()
    page = soup(client.get(directory.url))
    (option,) = page.select(f"select[name=country] option[value={code}]")
    assert option.get_text(strip=True) == RIGHT[language, code]


@pytest.mark.parametrize("language", ["es", "pt-br"])
def test_the_page_editor_offers_the_country_spelled_right(staff_user, soup, cities, language):
    client = signed_in(staff_user, language)
    editor = soup(client.get(reverse("wagtailadmin_pages:edit", args=[cities["TT"].pk])))
    (option,) = editor.select("select[name=country] option[value=TT]")
    assert option.get_text(strip=True) == RIGHT[language, "TT"]
