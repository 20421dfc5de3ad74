"""A double quote typed in a search box, alone or unpaired, is searched for as written: on SQLite the
full-text index read it as the start of an unfinished phrase, a syntax error that the site answered as a
database outage ("briefly unavailable")."""

import pytest
from django.urls import reverse

from tests.factories import CityFactory

pytestmark = pytest.mark.django_db

QUERIES = ['"', 'Bogotá "', '"Bogotá', 'Bo"gotá', '"""']


@pytest.fixture
def bogota(db):
    return CityFactory(title="Bogotá", country="CO")


@pytest.mark.parametrize("query", QUERIES)
def test_the_site_search_answers_a_query_with_a_quote(client, soup, bogota, query):
    response = client.get("/search/", {"query": query})
    assert response.status_code == 200
    assert soup(response).select_one("main") is not None


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize(
    "listing",
    [
        "wagtailadmin_explore_root",
        "wagtailadmin_choose_page_search",
        "wagtailadmin_pages:search",
        "wagtailimages:index",
        "wagtaildocs:index",
    ],
)
def test_the_admin_s_searches_answer_a_query_with_a_quote(admin_client, bogota, listing, query):
    assert admin_client.get(reverse(listing), {"q": query}).status_code == 200


@pytest.mark.parametrize("query", ['"Bogotá"', 'Bogotá"', "Bogotá"])
def test_a_query_with_quotes_still_finds_the_city(admin_client, bogota, query):
    response = admin_client.get(reverse("wagtailadmin_explore_root"), {"q": query})
    assert response.status_code == 200 and "Bogotá" in response.content.decode()
