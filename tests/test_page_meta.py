"""What search engines and link previews read: a description and Open Graph tags on every public page, and
an icon at the address browsers ask for."""

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def meta(soup, page, **attrs):
    tag = soup.find("meta", attrs=attrs)
    assert tag is not None, f"no {attrs} on {page}"
    return tag["content"]


def test_a_city_is_described_by_its_summary(client, soup, make_city):
    city = make_city("Ciudad Ejemplo", summary="Una ciudad que aprende a lo largo de la vida.")
    page = soup(client.get(city.url))
    assert meta(page, city.url, name="description") == "Una ciudad que aprende a lo largo de la vida."
    assert meta(page, city.url, property="og:description") == "Una ciudad que aprende a lo largo de la vida."
    assert meta(page, city.url, property="og:title") == "Ciudad Ejemplo"
    assert meta(page, city.url, property="og:url") == f"http://testserver{city.url}"
    assert meta(page, city.url, property="og:locale") == "es"


def test_the_editors_search_description_comes_first(client, soup, make_city):
    city = make_city("Ciudad Ejemplo", summary="Resumen.", search_description="Lo que ve un buscador.")
    page = soup(client.get(city.url))
    assert meta(page, city.url, name="description") == "Lo que ve un buscador."


def test_a_long_summary_is_cut_to_a_preview(client, soup, make_city):
    city = make_city("Ciudad Ejemplo", summary=" ".join(["palabra"] * 80))
    description = meta(soup(client.get(city.url)), city.url, name="description")
    assert len(description.split()) == 30
    assert description.endswith("…")


def test_every_public_page_has_a_description(client, soup, home, directory, make_city):
    make_city("Ciudad Ejemplo")
    for url in (home.url, directory.url, "/search/?query=ciudad", "/en/"):
        page = soup(client.get(url))
        assert meta(page, url, name="description").strip()
        assert meta(page, url, property="og:title").strip()


def test_pages_in_portuguese_say_so_to_previews(client, soup, home):
    page = soup(client.get("/pt-br/"))
    assert meta(page, "/pt-br/", property="og:locale") == "pt_BR"


def test_favicon_ico_leads_to_the_sites_icon(client, soup):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")
    assert finders.find("img/favicon.svg") is not None
    icon = soup(client.get("/")).find("link", rel="icon")
    assert icon["href"] == response["Location"]
