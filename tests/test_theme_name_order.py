"""Theme names in the alphabetical order of the page's language, accents aside: in Portuguese "Ação
climática" comes before "Alfabetização", in the filters and on the home page alike; a city's themes
("Ética ciudadana" before "Zonas verdes") in the directory and in the maps' popups too, and on the
English site by their English names ("Active citizenship" before "Digital learning", whose Spanish names
come the other way round) in the directory and on the city's page."""

import pytest

from tests.factories import ThemeFactory, publish_with_themes
from tests.practice_data import make_practice

pytestmark = pytest.mark.django_db

PORTUGUESE_ORDER = [
    "Ação climática",
    "Alfabetização",
    "Aprendizagem digital",
    "Cidadania ativa",
    "Competências para o futuro",
    "Saúde e bem-estar",
    "Sistemas de aprendizagem inclusivos",
]


def get(client, soup, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return soup(response)


@pytest.mark.parametrize("url", ["/pt-br/practices/", "/pt-br/resources/", "/pt-br/cities/"])
def test_the_theme_filter_lists_portuguese_names_in_order(client, soup, url):
    options = get(client, soup, url).select("select#id_theme option")
    assert [option.get_text(strip=True) for option in options if option["value"]] == PORTUGUESE_ORDER


def test_the_home_page_lists_portuguese_themes_in_order(client, soup, medellin):
    cards = get(client, soup, "/pt-br/").select(".theme-card h3")
    assert [card.get_text(strip=True) for card in cards] == PORTUGUESE_ORDER


CITY_THEMES = ["Ética ciudadana", "Zonas verdes"]


@pytest.fixture
def city_with_themes(medellin):
    """Medellín names "Zonas verdes" and has a practice on both themes (which gives it "Ética ciudadana")."""
    zones = ThemeFactory(name="Zonas verdes", slug="zonas-verdes")
    ethics = ThemeFactory(name="Ética ciudadana", slug="etica-ciudadana")
    city = publish_with_themes(medellin, zones)
    make_practice(city, "Ética en la plaza", themes=[zones, ethics])
    return city


def test_the_directory_lists_a_city_s_themes_in_order(client, soup, city_with_themes):
    row = get(client, soup, "/cities/").select_one("table.city-table tbody tr")
    assert row.find_all("td")[-1].get_text(strip=True) == ", ".join(CITY_THEMES)


@pytest.mark.parametrize("url", ["/api/cities.geojson", "/api/practices.geojson"])
def test_the_map_popups_list_themes_in_order(client, city_with_themes, url):
    (feature,) = client.get(url).json()["features"]
    assert feature["properties"]["themes"] == CITY_THEMES


def test_a_city_s_themes_follow_the_english_names_on_the_english_site(client, soup, medellin, themes):
    city = publish_with_themes(
        medellin, *(t for t in themes if t.slug in ("aprendizaje-digital", "ciudadania-activa"))
    )
    expected = ["Active citizenship", "Digital learning"]

    row = get(client, soup, "/en/cities/").select_one("table.city-table tbody tr")
    assert row.find_all("td")[-1].get_text(strip=True) == ", ".join(expected)
    page = get(client, soup, f"/en/cities/{city.slug}/")
    assert [link.get_text(strip=True) for link in page.select("a[href*='?theme=']")] == expected
    spanish = get(client, soup, f"/cities/{city.slug}/")
    assert [link.get_text(strip=True) for link in spanish.select("a[href*='?theme=']")] == [
        "Aprendizaje digital",
        "Ciudadanía activa",
    ]
