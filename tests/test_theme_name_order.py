"""Theme names in the alphabetical order of the page's language, accents aside: in Portuguese "Ação
climática" comes before "Alfabetização", in the filters and on the home page alike."""

import pytest

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
