"""On PostgreSQL the site search matches the forms of a Spanish word ("educativa" finds a page that says
"educativos") whatever text search configuration the database server defaults to: the search backend names
its own (SEARCH_CONFIG, search/migrations/0005). Without it, PostgreSQL indexes and queries with the server's
`default_text_search_config`, which initdb chooses from the server's locale (`english` on this one): these
tests set the session's default to `english` and to `simple` to show that it no longer matters.
SQLite's full-text index matches whole words, without stemming, on every machine."""

import pytest
from django.db import connection

from tests.factories import CityFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's full-text index has no stemming"),
]


@pytest.fixture(params=["pg_catalog.english", "pg_catalog.simple"])
def server_default(request, db):
    """The database's default configuration for this test's transaction (the test runs in one)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL default_text_search_config = %s", [request.param])
    return request.param


@pytest.fixture
def titles(client, soup):
    def run(query):
        response = client.get("/search/", {"query": query})
        assert response.status_code == 200
        return [link.get_text(strip=True) for link in soup(response).select("ol.search-results h3 a")]

    return run


@pytest.fixture
def cities(server_default):
    CityFactory(title="Rosario", country="AR", summary="Huertas escolares y programas educativos para todos.")
    CityFactory(title="Montevideo", country="UY", summary="Una red de bibliotecas barriales.")


def test_a_spanish_word_finds_its_other_forms_whatever_the_server_default(cities, titles):
    assert titles("educativa") == ["Rosario"]
    assert titles("programa educativo") == ["Rosario"]
    assert titles("biblioteca barrial") == ["Montevideo"]


def test_short_spanish_words_count_as_on_sqlite(cities, titles):
    """PostgreSQL's `spanish` would drop them ("para", "todos", "la", "de") from page and query alike: a
    search of such words only would find nothing, and one with them would find pages without them. They
    are words of names ("La Paz": tests/test_directory_filters.py) and of the other languages too."""
    assert titles("para todos") == ["Rosario"]
    assert titles("huertas de los programas") == []
