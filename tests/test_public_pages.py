"""The public site: home page figures, directory, city pages, 404s; drafts never shown."""

import importlib
import re
from datetime import datetime

import pytest
from wagtail.models import PageViewRestriction

from cities.models import CityPage
from tests.factories import SAMPLE_CITIES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_network_for_module")]

COUNTRIES = {row["country"] for row in SAMPLE_CITIES}
YEARS = [row["year_joined"] for row in SAMPLE_CITIES if row["year_joined"]]


def test_directory_lists_every_city(client):
    response = client.get("/en/cities/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{len(SAMPLE_CITIES)} Learning Cities" in html
    assert "Medellín" in html and "Jaboatão dos Guararapes" in html


def test_city_page_shows_country_name_not_code(client):
    response = client.get("/cities/medellin/")
    assert response.status_code == 200
    assert "Colombia" in response.content.decode()


# --- helpers --------------------------------------------------------------------------------------


def directory_names(soup_page):
    return [link.get_text(strip=True) for link in soup_page.select("table.city-table tbody th a")]


def result_count(soup_page):
    return int(re.search(r"\d+", soup_page.find(id="results-heading").get_text()).group())


def home_figures(soup_page):
    return [dd.get_text(strip=True) for dd in soup_page.select("dl.figure-list dd")]


def newest_members(soup_page):
    heading = soup_page.find(id="newest-heading")
    if heading is None:
        return None, []
    year = int(re.search(r"\d{4}", heading.get_text()).group())
    return year, [link.get_text(strip=True) for link in heading.find_parent("section").select("li a")]


def theme_city_count(soup_page, slug):
    link = soup_page.find("a", href=f"/cities/?theme={slug}")
    card = link.find_parent("li")
    found = re.search(r"\d+", card.select_one("p.muted").get_text())
    return int(found.group()) if found else 0  # "No city yet"


def facts(soup_page):
    return [dd.get_text(" ", strip=True) for dd in soup_page.select("aside dl dd")]


# --- home -----------------------------------------------------------------------------------------


def test_home_shows_the_network_in_figures(client, soup):
    response = client.get("/")
    assert response.status_code == 200
    page = soup(response)
    figures = home_figures(page)
    assert figures[:2] == [str(len(SAMPLE_CITIES)), str(len(COUNTRIES))]
    assert str(min(YEARS)) in figures
    assert page.find("a", href="/cities/") is not None


def test_home_lists_the_newest_members(client, soup):
    joined_last = {row["title"] for row in SAMPLE_CITIES if row["year_joined"] == max(YEARS)}
    year, names = newest_members(soup(client.get("/")))
    assert year == max(YEARS)
    assert names, "the newest members are listed"
    assert set(names) <= joined_last


def test_home_figures_follow_a_newly_published_city(client, soup, make_city):
    make_city("Villa Nueva", country="UY", year_joined=2026)
    page = soup(client.get("/"))
    assert home_figures(page)[:2] == [str(len(SAMPLE_CITIES) + 1), str(len(COUNTRIES) + 1)]
    assert newest_members(page) == (2026, ["Villa Nueva"])


def test_home_shows_every_seeded_theme_with_a_directory_link(client, soup):
    seeded = importlib.import_module("cities.migrations.0002_seed_themes").THEMES
    page = soup(client.get("/"))
    for slug, name, _description in seeded:
        link = page.find("a", href=f"/cities/?theme={slug}")
        assert link is not None and link.get_text(strip=True) == name
        assert theme_city_count(page, slug) == 0, "no city has themes yet"


def test_home_theme_counts_count_published_cities(client, soup, make_city, publish_with_themes, themes):
    theme = themes[0]
    for title in ("Medellín", "Quibdó"):
        publish_with_themes(CityPage.objects.originals().get(title=title), theme)
    make_city("Ciudad Borrador", country="UY", publish=False, themes=[theme])
    page = soup(client.get("/"))
    assert theme_city_count(page, theme.slug) == 2
    directory = soup(client.get("/cities/", {"theme": theme.slug}))
    assert result_count(directory) == 2


# --- directory and city pages ---------------------------------------------------------------------


def test_directory_links_every_city_to_its_page(client, soup):
    page = soup(client.get("/cities/"))
    assert sorted(directory_names(page)) == sorted(row["title"] for row in SAMPLE_CITIES)
    links = {link.get_text(strip=True): link["href"] for link in page.select("table.city-table tbody th a")}
    assert links["Medellín"] == "/cities/medellin/"
    assert links["São Paulo"] == "/cities/sao-paulo/"


@pytest.mark.parametrize(
    ("name", "country_code", "spanish_name", "english_name"),
    [
        ("Medellín", "CO", "Colombia", "Colombia"),
        ("São Paulo", "BR", "Brasil", "Brazil"),
        ("La Paz", "MX", "México", "Mexico"),
        ("La Matanza", "AR", "Argentina", "Argentina"),
    ],
)
def test_city_page_shows_its_facts(client, soup, city_named, name, country_code, spanish_name, english_name):
    (row,) = [r for r in SAMPLE_CITIES if r["title"] == name and r["country"] == country_code]
    city = city_named(name, country_code)
    for prefix, country_name in (("", spanish_name), ("/en", english_name)):
        response = client.get(f"{prefix}/cities/{city.slug}/")
        assert response.status_code == 200
        page = soup(response)
        assert page.h1.get_text(strip=True) == name
        shown = facts(page)
        assert country_name in shown, prefix
        assert country_code not in shown
        assert row["region"] in shown
        if row["population"]:
            assert str(row["population"]) in [re.sub(r"\D", "", fact) for fact in shown]
        if row["year_joined"]:
            assert str(row["year_joined"]) in shown
        published = page.select_one("aside time[datetime]")
        assert datetime.fromisoformat(published["datetime"]) == city.last_published_at


def test_unknown_urls_get_the_sites_404_page(client, soup):
    for url in ("/no-such-page/", "/cities/no-such-city/"):
        response = client.get(url)
        assert response.status_code == 404
        page = soup(response)
        assert page.find("a", href="/cities/") is not None, "the 404 page offers the directory"


# --- drafts and unpublished pages -----------------------------------------------------------------


def test_an_unpublished_city_appears_nowhere(client, soup, make_city):
    hidden = make_city(
        "Ciudad Oculta",
        country="UY",
        publish=False,
        region="Región Oculta",
        year_joined=2030,
        summary="Una ciudad que nadie debe ver todavía.",
    )
    directory = soup(client.get("/cities/"))
    assert "Ciudad Oculta" not in directory_names(directory)
    assert result_count(directory) == len(SAMPLE_CITIES)

    home = soup(client.get("/"))
    assert home_figures(home)[:2] == [str(len(SAMPLE_CITIES)), str(len(COUNTRIES))]
    year, names = newest_members(home)
    assert year != 2030 and "Ciudad Oculta" not in names

    search = client.get("/search/", {"query": "Oculta"}).content.decode()
    assert "Ciudad Oculta" not in search

    assert client.get(f"/cities/{hidden.slug}/").status_code == 404


def test_an_unpublished_city_leaves_the_site(client, soup, city_named):
    cali = city_named("Cali")
    cali.unpublish()
    directory = soup(client.get("/cities/"))
    assert "Cali" not in directory_names(directory)
    assert result_count(directory) == len(SAMPLE_CITIES) - 1
    assert home_figures(soup(client.get("/")))[0] == str(len(SAMPLE_CITIES) - 1)
    assert "/cities/cali/" not in client.get("/search/", {"query": "Cali"}).content.decode()
    assert client.get("/cities/cali/").status_code == 404


def test_draft_edits_are_not_shown_until_published(client, soup, city_named):
    medellin = city_named("Medellín")
    medellin.title = "Medellín Borrador"
    medellin.region = "Región Borrador"
    medellin.year_joined = 2030
    medellin.save_revision()

    directory = soup(client.get("/cities/"))
    assert "Medellín" in directory_names(directory)
    assert "Medellín Borrador" not in directory_names(directory)
    page = client.get("/cities/medellin/").content.decode()
    assert "Borrador" not in page
    year, _names = newest_members(soup(client.get("/")))
    assert year != 2030
    assert "/cities/medellin/" not in client.get("/search/", {"query": "Borrador"}).content.decode()


def test_a_password_protected_city_is_not_counted_as_public(
    client, soup, city_named, publish_with_themes, themes
):
    theme = themes[0]
    publish_with_themes(city_named("Medellín"), theme)
    private = publish_with_themes(city_named("Quibdó"), theme)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secreto")

    directory = soup(client.get("/cities/"))
    assert "Quibdó" not in directory_names(directory)
    assert result_count(soup(client.get("/cities/", {"theme": theme.slug}))) == 1
    home = soup(client.get("/"))
    assert home_figures(home)[0] == str(len(SAMPLE_CITIES) - 1)
    assert theme_city_count(home, theme.slug) == 1, "the theme's count matches the directory"
