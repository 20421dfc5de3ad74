"""A list of cities, good practices or library items with nothing in it says so in its heading, as the search
does (tests/test_search_page.py), instead of counting zero: Portuguese counts 0 as singular, and "0
prática" or "0 item" reads as a mistake to a Brazilian visitor. A list with items keeps its count. So
does a theme of the home page that no city has yet."""

import pytest

from tests.factories import CityFactory, ResourceFactory, ThemeFactory
from tests.practice_data import make_practice

pytestmark = pytest.mark.django_db

NOTHING = [("", "Sin resultados"), ("/pt-br", "Nenhum resultado"), ("/en", "No results")]


def heading(client, soup, url, heading_id):
    response = client.get(url)
    assert response.status_code == 200, url
    return soup(response).find(id=heading_id).get_text(" ", strip=True)


@pytest.mark.parametrize(("prefix", "nothing"), NOTHING)
def test_no_practice_yet_says_so_in_the_heading(client, soup, prefix, nothing):
    assert heading(client, soup, f"{prefix}/practices/", "practices-heading") == nothing


@pytest.mark.parametrize(("prefix", "nothing"), NOTHING)
def test_no_practice_matching_the_filters_says_so_in_the_heading(client, soup, prefix, nothing):
    make_practice(CityFactory(title="Villa Práctica", country="CL"), "Práctica de prueba")
    url = f"{prefix}/practices/?population=metropolis"
    assert heading(client, soup, url, "practices-heading") == nothing


@pytest.mark.parametrize(("prefix", "nothing"), NOTHING)
def test_no_library_item_matching_the_filters_says_so_in_the_heading(client, soup, prefix, nothing):
    ResourceFactory(title="Guía de prueba", kind="guide")
    url = f"{prefix}/resources/?kind=recording"
    assert heading(client, soup, url, "resources-heading") == nothing


@pytest.mark.parametrize(
    ("prefix", "practices", "items"),
    [("", "1 práctica", "1 elemento"), ("/pt-br", "1 prática", "1 item"), ("/en", "1 practice", "1 item")],
)
def test_a_list_with_something_in_it_still_counts_it(client, soup, prefix, practices, items):
    make_practice(CityFactory(title="Villa Práctica", country="CL"), "Práctica de prueba")
    ResourceFactory(title="Guía de prueba")
    assert heading(client, soup, f"{prefix}/practices/", "practices-heading") == practices
    assert heading(client, soup, f"{prefix}/resources/", "resources-heading") == items


@pytest.mark.parametrize(("prefix", "nothing"), NOTHING)
def test_no_city_matching_the_filters_says_so_in_the_heading(client, soup, prefix, nothing):
    CityFactory(title="Villa Práctica", country="CL")
    assert heading(client, soup, f"{prefix}/cities/?q=zzz", "results-heading") == nothing


@pytest.mark.parametrize(
    ("prefix", "none_yet", "one"),
    [("", "Ninguna ciudad por ahora", "1 ciudad"), ("/pt-br", "Nenhuma cidade por enquanto", "1 cidade")],
)
def test_a_theme_no_city_has_yet_says_so_on_the_home_page(client, soup, prefix, none_yet, one):
    theme = ThemeFactory(name="Salud comunitaria")
    CityFactory(title="Villa Práctica", country="CL", themes=[theme])
    page = soup(client.get(f"{prefix}/"))
    counts = {
        card.find("h3").get_text(strip=True): card.select_one("p.muted").get_text(strip=True)
        for card in page.select("li.theme-card")
    }
    assert one in counts.values() and none_yet in counts.values()
