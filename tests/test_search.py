"""Site search at /search/: cities by name, region, country (in Spanish and English), summary and body."""

import pytest
from django.test import Client
from wagtail.rich_text import RichText

from cities.models import CityPage
from tests.factories import SAMPLE_CITIES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_network_for_module")]


@pytest.fixture
def search(client, soup):
    """Search; return the titles and URLs of the results (after checking the response is a 200 page)."""

    def run(query):
        response = client.get("/search/", {"query": query})
        assert response.status_code == 200
        links = soup(response).select("ol.search-results h3 a")
        return [(link.get_text(strip=True), link["href"]) for link in links]

    return run


def titles(results):
    return sorted(title for title, _url in results)


def city_names(**criteria):
    return sorted(
        row["title"]
        for row in SAMPLE_CITIES
        if all(row[column] == value for column, value in criteria.items())
    )


def test_finds_a_city_by_name(search, city_named):
    results = search("Quibdó")
    assert ("Quibdó", city_named("Quibdó").url) in results
    assert titles(results) == ["Quibdó"]


def test_finds_a_city_by_a_name_in_several_countries(search, city_named):
    results = search("La Paz")
    urls = {url for _title, url in results}
    assert {city_named("La Paz", "AR").url, city_named("La Paz", "MX").url} <= urls


@pytest.mark.parametrize("region", ["Pernambuco", "Antioquia", "Yucatán"])
def test_finds_cities_by_region(search, region):
    assert titles(search(region)) == city_names(region=region)


@pytest.mark.parametrize("country_name", ["Brasil", "Brazil"])
def test_finds_cities_by_country_name_in_spanish_and_english(search, country_name):
    assert titles(search(country_name)) == city_names(country="BR")


@pytest.mark.parametrize("country_name", ["México", "Mexico"])
def test_finds_mexican_cities_in_spanish_and_english(search, country_name):
    assert set(city_names(country="MX")) <= set(titles(search(country_name)))


def test_finds_a_city_by_its_summary(search, make_city):
    city = make_city("Villa Ejemplo", country="UY", summary="Bibliotecas móviles para barrios periféricos.")
    assert ("Villa Ejemplo", city.url) in search("bibliotecas")


def test_finds_a_city_by_its_body_text(search, make_city):
    city = make_city(
        "Villa Cuerpo",
        country="UY",
        body=[("text", RichText("<p>Un programa de alfabetización digital con tabletas comunitarias.</p>"))],
    )
    assert ("Villa Cuerpo", city.url) in search("tabletas")
    assert "Villa Cuerpo" not in titles(search("bibliotecas"))


def test_shows_region_and_country_of_each_result(client, soup):
    response = client.get("/search/", {"query": "Quibdó"})
    text = soup(response).select_one("ol.search-results").get_text(" ", strip=True)
    assert "Chocó" in text and "Colombia" in text


def test_unpublished_cities_and_drafts_are_not_found(search, make_city, city_named):
    make_city("Villa Escondida", country="UY", publish=False, summary="Huertos urbanos escolares.")
    assert "Villa Escondida" not in titles(search("Escondida"))
    assert "Villa Escondida" not in titles(search("huertos"))

    medellin = city_named("Medellín")
    medellin.summary = "Texto de borrador con la palabra zarzamora."
    medellin.save_revision()
    assert search("zarzamora") == []

    cali = city_named("Cali")
    cali.unpublish()
    assert "Cali" not in titles(search("Cali"))


def test_nothing_matches_shows_no_results(client, soup):
    response = client.get("/search/", {"query": "Atlántida sumergida"})
    assert response.status_code == 200
    page = soup(response)
    assert page.select("ol.search-results li") == []
    assert page.find(id="results-heading").get_text(strip=True) == "Sin resultados"


def test_an_empty_query_is_a_plain_search_page(client, soup):
    response = client.get("/search/")
    assert response.status_code == 200
    assert soup(response).select_one("input[name=query]") is not None


def test_a_query_at_the_length_limit_is_accepted(client):
    assert client.get("/search/", {"query": "a" * 200}).status_code == 200


def test_a_too_long_query_is_a_400_with_a_message(client, soup):
    response = client.get("/search/", {"query": "Medellín " * 30})
    assert response.status_code == 400
    page = soup(response)
    error = page.select_one("[role=alert]")
    assert error is not None and "200" in error.get_text()
    assert page.select("ol.search-results li") == []


def test_results_link_to_live_city_pages(client, search):
    for _title, url in search("Colombia"):
        assert client.get(url).status_code == 200
    assert len(search("Colombia")) == CityPage.objects.originals().live().filter(country="CO").count()


@pytest.mark.parametrize("query", ['"', 'São Paulo"', 'el "aprendizaje', "nul\x00byte"])
def test_odd_characters_in_a_query_do_not_crash_the_search(query):
    client = Client(raise_request_exception=False)
    response = client.get("/search/", {"query": query})
    assert response.status_code in (200, 400)
    assert "search-query" in response.content.decode(), "the search page, not an error page"


def test_a_quoted_phrase_finds_the_city(search, city_named):
    assert ("La Matanza", city_named("La Matanza").url) in search('"La Matanza"')
