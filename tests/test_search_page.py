"""The search page as a visitor meets it: filters that offer a choice only, and a plain "no results"
when nothing matches, in each of the site's languages."""

import pytest

from tests.factories import CityFactory, EventFactory

pytestmark = pytest.mark.django_db


def search(client, soup, prefix="", **params):
    response = client.get(f"{prefix}/search/", params)
    assert response.status_code == 200
    return soup(response)


def facet_names(page):
    lists = page.select("nav.search-facets ul")
    return [options["aria-labelledby"].removeprefix("facet-") for options in lists]


def test_a_filter_with_nothing_to_choose_is_not_offered(client, soup):
    """Only "All themes" under Theme when no result has a theme: the filter would push the results down
    for nothing."""
    CityFactory(title="Villa Faro", country="CL")
    EventFactory(title="Encuentro del faro")
    page = search(client, soup, query="faro")
    assert facet_names(page) == ["type", "country"]
    assert len(page.select("ol.search-results li")) == 2


def test_a_chosen_filter_stays_offered_to_undo_it(client, soup):
    CityFactory(title="Villa Faro", country="CL")
    page = search(client, soup, query="faro", country="PE")
    assert "country" in facet_names(page)
    assert page.select_one("ul[aria-labelledby=facet-country] a")["href"] == "?query=faro"


@pytest.mark.parametrize(
    ("prefix", "heading"), [("", "Sin resultados"), ("/pt-br", "Nenhum resultado"), ("/en", "No results")]
)
def test_nothing_found_says_so_without_filters(client, soup, prefix, heading):
    """Not "0 resultado" (Portuguese counts 0 as singular), and no filter that only says "All …"."""
    page = search(client, soup, prefix=prefix, query="atlántida")
    assert page.find(id="results-heading").get_text(strip=True) == heading
    assert page.select("nav.search-facets") == []


@pytest.mark.parametrize(("prefix", "hint"), [("/pt-br", "espanhol"), ("/en", "Spanish")])
def test_nothing_found_in_another_language_suggests_spanish_words(client, soup, prefix, hint):
    """Pages not translated yet are found by their Spanish text, so a search that finds nothing in another
    language suggests Spanish words; the Spanish site does not. (The word is one nothing matches on either
    database: PostgreSQL's typo tolerance would find "aprendizaje" for "aprendizagem".)"""
    CityFactory(title="Villa Aprendizaje", country="CL")
    empty = search(client, soup, prefix=prefix, query="xqzwvk").select_one(".empty-state")
    assert hint in empty.get_text()
    spanish = search(client, soup, query="xqzwvk").select_one(".empty-state")
    assert "español" not in spanish.get_text()
