"""The directory at /cities/: filters by country, theme, year and text, alone and combined, over the sample
cities of tests/factories.py (made once for the module)."""

import re

import pytest
from django.test import Client

from cities.models import Theme
from tests.factories import SAMPLE_CITIES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_network_for_module")]


def listed(soup_page):
    return sorted(link.get_text(strip=True) for link in soup_page.select("table.city-table tbody th a"))


def shown_count(soup_page):
    """The heading's count; a heading without one ("No results") counts none."""
    found = re.search(r"\d+", soup_page.find(id="results-heading").get_text())
    return int(found.group()) if found else 0


def selected(soup_page, name):
    control = soup_page.select_one(f"form [name={name}]")
    if control.name == "select":
        return [option.get("value") for option in control.find_all("option", selected=True)]
    return control.get("value")


def field_errors(soup_page, name):
    """Error messages shown next to a filter field."""
    wrapper = soup_page.select_one(f"form [name={name}]").parent
    return [error.get_text(" ", strip=True) for error in wrapper.select("[role=alert], .field-error")]


def names(**criteria):
    """The sample cities' names whose facts (SAMPLE_CITIES columns) have these values, sorted."""
    return sorted(
        row["title"]
        for row in SAMPLE_CITIES
        if all(row[column] == value for column, value in criteria.items())
    )


@pytest.fixture
def get(client, soup):
    def fetch(**params):
        response = client.get("/en/cities/", params)
        assert response.status_code == 200
        return soup(response)

    return fetch


@pytest.fixture
def themed(city_named, publish_with_themes, themes):
    """Two themes on a few cities: (theme A, its cities), (theme B, its cities)."""
    theme_a, theme_b = themes[0], themes[1]
    with_a = [("Medellín", "CO"), ("Quibdó", "CO"), ("La Paz", "MX")]
    with_b = [("Medellín", "CO"), ("Curitiba", "BR")]
    for name, code in set(with_a) | set(with_b):
        page_themes = [
            theme for theme, cities in ((theme_a, with_a), (theme_b, with_b)) if (name, code) in cities
        ]
        publish_with_themes(city_named(name, code), *page_themes)
    return (theme_a, sorted(name for name, _ in with_a)), (theme_b, sorted(name for name, _ in with_b))


def test_without_filters_every_city_is_on_one_page(get):
    page = get()
    assert listed(page) == names()
    assert shown_count(page) == len(SAMPLE_CITIES)
    assert page.select_one(".pagination") is None


def test_country_filter(get):
    page = get(country="CO")
    expected = names(country="CO")
    assert listed(page) == expected
    assert shown_count(page) == len(expected)


def test_year_filter(get):
    page = get(year="2020")
    expected = names(year_joined=2020)
    assert len({row["country"] for row in SAMPLE_CITIES if row["year_joined"] == 2020}) > 1
    assert listed(page) == expected
    assert shown_count(page) == len(expected)


def test_theme_filter(get, themed):
    (theme_a, cities_a), (theme_b, cities_b) = themed
    assert listed(get(theme=theme_a.slug)) == cities_a
    assert listed(get(theme=theme_b.slug)) == cities_b
    assert shown_count(get(theme=theme_b.slug)) == len(cities_b)
    medellin_row = get(country="CO", q="Medellín").select_one("table.city-table tbody tr").get_text()
    assert english_name(theme_a) in medellin_row and english_name(theme_b) in medellin_row


def english_name(theme):
    return Theme.objects.get(translation_key=theme.translation_key, locale__language_code="en").name


@pytest.mark.parametrize(
    ("text", "column", "value"),
    [
        ("Antioquia", "region", "Antioquia"),
        ("Quibdó", "title", "Quibdó"),
        ("Pernambuco", "region", "Pernambuco"),
    ],
)
def test_text_filter(get, text, column, value):
    page = get(q=text)
    expected = names(**{column: value})
    assert listed(page) == expected
    assert shown_count(page) == len(expected)


def test_text_filter_matches_country_names(get):
    brazilian = names(country="BR")
    assert listed(get(q="Brasil")) == brazilian
    assert listed(get(q="Brazil")) == brazilian


def test_country_and_year_combined(get):
    page = get(country="CO", year="2020")
    expected = names(country="CO", year_joined=2020)
    assert expected and len(expected) < len(names(year_joined=2020))
    assert listed(page) == expected
    assert shown_count(page) == len(expected)


def test_text_and_country_combined(get):
    assert listed(get(q="La Paz")) == ["La Paz", "La Paz"]
    page = get(q="La Paz", country="MX")
    assert listed(page) == ["La Paz"]
    assert "Baja California Sur" in page.select_one("table.city-table tbody").get_text()


def test_theme_country_year_and_text_combined(get, themed):
    (theme_a, _cities_a), _ = themed
    assert listed(get(theme=theme_a.slug, country="CO")) == ["Medellín", "Quibdó"]
    assert listed(get(theme=theme_a.slug, country="CO", year="2020")) == ["Quibdó"]
    assert listed(get(theme=theme_a.slug, country="CO", year="2020", q="Chocó")) == ["Quibdó"]
    assert listed(get(theme=theme_a.slug, country="CO", year="2020", q="Antioquia")) == []


def test_no_match_shows_the_empty_state(get):
    years = {row["year_joined"] for row in SAMPLE_CITIES if row["year_joined"]}
    colombian_years = {row["year_joined"] for row in SAMPLE_CITIES if row["country"] == "CO"}
    year = sorted(years - colombian_years)[0]
    page = get(country="CO", year=year)
    assert shown_count(page) == 0
    assert page.select_one("table.city-table") is None
    assert "No Learning City matches these filters." in page.get_text()
    assert page.select_one(".empty-state a[href='/en/cities/']") is not None


def test_the_form_keeps_the_chosen_filters(get, themed):
    (theme_a, _cities), _ = themed
    page = get(country="CO", theme=theme_a.slug, year="2020", q="Quib")
    assert selected(page, "country") == ["CO"]
    assert selected(page, "theme") == [theme_a.slug]
    assert selected(page, "year") == ["2020"]
    assert selected(page, "q") == "Quib"
    assert listed(page) == ["Quibdó"]


@pytest.mark.parametrize(
    ("params", "shown"),
    [
        ({"country": "co"}, {"country": "CO"}),
        ({"country": "UY"}, {"country": "UY"}),
        ({"year": "2001"}, {"year": "2001"}),
        ({"year": "2020.0", "country": "CO"}, {"year": "2020", "country": "CO"}),
    ],
    ids=["lower-case-code", "country-without-cities", "year-without-cities", "year-written-otherwise"],
)
def test_the_form_selects_a_filter_as_applied_even_without_cities_or_written_otherwise(get, params, shown):
    """The map reads its filters from the form: a select left on "all" would map every city."""
    page = get(**params)
    for name, value in shown.items():
        assert selected(page, name) == [value]
    assert not field_errors(page, "country") and not field_errors(page, "year")


def test_unfiltered_form_selects_nothing(get):
    page = get()
    for name in ("country", "theme", "year"):
        assert selected(page, name) in ([], [""])
    assert not selected(page, "q")


def test_an_unknown_country_shows_an_error_not_a_crash(get):
    page = get(country="ZZ")
    errors = field_errors(page, "country")
    assert errors and "ZZ" in errors[0]
    assert field_errors(page, "year") == []


def test_a_year_that_is_not_a_number_shows_an_error(get):
    page = get(year="abc")
    assert field_errors(page, "year")
    assert field_errors(page, "country") == []


def test_an_unknown_theme_shows_an_error(get):
    page = get(theme="no-such-theme")
    assert field_errors(page, "theme")


def test_too_long_text_shows_an_error(get):
    page = get(q="x" * 101)
    assert field_errors(page, "q")


def test_valid_filters_still_apply_next_to_an_invalid_one(get):
    page = get(country="ZZ", year="2020")
    assert field_errors(page, "country")
    assert listed(page) == names(year_joined=2020)


@pytest.mark.parametrize("text", ['"', 'São Paulo"', 'el "aprendizaje'])
def test_odd_characters_in_the_text_filter_do_not_crash_the_directory(text):
    response = Client(raise_request_exception=False).get("/cities/", {"q": text})
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()


SPANISH_ORDER = ["Córdoba Sur", "Curitiba Sur", "Nuevo Sur", "Ñandú Sur", "São Sur", "Sorocaba Sur"]
ENGLISH_ORDER = ["Córdoba Sur", "Curitiba Sur", "Ñandú Sur", "Nuevo Sur", "São Sur", "Sorocaba Sur"]


def test_names_sort_as_a_reader_of_the_language_expects(client, soup, make_city):
    """Accents do not push a name to the end; in Spanish ñ is a letter after n."""
    for title in reversed(SPANISH_ORDER):
        make_city(title, country="AR")
    for language, prefix, expected in (("Spanish", "", SPANISH_ORDER), ("English", "/en", ENGLISH_ORDER)):
        page = soup(client.get(f"{prefix}/cities/", {"q": "Sur", "country": "AR"}))
        shown = [row.th.get_text(strip=True) for row in page.select("#directory-results tbody tr")]
        assert shown == expected, language
