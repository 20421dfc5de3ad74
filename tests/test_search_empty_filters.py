"""A search whose words match pages that its filters leave out says that the filters are the reason, and
leads to the results without them (a filter chosen before stays in the form when the words change)."""

import pytest

from tests.factories import CityFactory, EventFactory

pytestmark = pytest.mark.django_db

HINTS = {
    "": "Pruebe con el nombre de una ciudad",
    "/pt-br": "Tente o nome de uma cidade",
    "/en": "Try a city",
}


def search(client, soup, prefix="", **params):
    response = client.get(f"{prefix}/search/", params)
    assert response.status_code == 200
    return soup(response)


@pytest.mark.parametrize("prefix", HINTS)
def test_results_left_out_by_the_filters_are_offered_without_them(client, soup, prefix):
    EventFactory(title="Encuentro de huertos urbanos")
    EventFactory(title="Taller de huertos escolares")
    empty = search(client, soup, prefix=prefix, query="huertos", type="city").select_one(".empty-state")
    assert HINTS[prefix] not in empty.get_text(), "the words are fine: the filter leaves the results out"
    link = empty.select_one("a")
    assert "2" in link.get_text()
    response = client.get(link["href"])
    assert response.status_code == 200
    assert len(soup(response).select("ol.search-results li")) == 2


def test_the_reason_is_the_filters(client, soup):
    EventFactory(title="Encuentro de huertos urbanos")
    empty = search(client, soup, prefix="/en", query="huertos", type="city").select_one(".empty-state")
    assert empty.get_text(" ", strip=True) == "No result matches these filters. Without filters: 1 result"


def test_nothing_found_at_all_still_suggests_other_words(client, soup):
    CityFactory(title="Villa Faro", country="CL")
    empty = search(client, soup, query="xqzwvk", type="city").select_one(".empty-state")
    assert HINTS[""] in empty.get_text()
    assert empty.select_one("a") is None
