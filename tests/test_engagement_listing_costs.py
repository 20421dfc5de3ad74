"""What keeps the staff engagement listing cheap with thousands of cities and a million engagements
(contacts/filters.py, contacts/views.py): the city filter is Wagtail's chooser, so the page names the
chosen city and never lists every city; counts are kept in the shared cache until the log changes; only
the cities are prefetched for the page. The number of queries does not grow with cities or engagements.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contacts.models import Engagement

LISTING = "wagtailsnippets_contacts_engagement:list"
# The staff listing's queries on a warm cache (session, user, permissions, the page's rows and their
# cities, the filters' owners, assignees and themes, the chosen city): a fixed number, whatever the data.
MAX_QUERIES = 18


def listing(client, **params):
    """The listing's response and its COUNT queries."""
    response, queries = listing_with_queries(client, **params)
    return response, [sql for sql in queries if "COUNT(" in sql.upper()]


def listing_with_queries(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(LISTING), params)
    assert response.status_code == 200
    return response, [query["sql"] for query in queries.captured_queries]


def test_the_city_filter_is_a_chooser_naming_the_chosen_city_only(
    staff_client, soup, make_city, medellin, engagement_factory
):
    odd = make_city('Villa "Nueva" <Sur> & Norte')
    engagement_factory("Mesa de trabajo", cities=[odd])
    engagement_factory("Llamada", cities=[medellin])

    response, _counts = listing(staff_client, city=odd.pk)

    page = soup(response)
    assert page.select_one("input[name=city]")["value"] == str(odd.pk)
    chosen = page.select_one("#id_city-chooser [data-chooser-title]").get_text(strip=True)
    assert chosen == 'Villa "Nueva" <Sur> & Norte'
    html = response.content.decode()
    assert "Mesa de trabajo" in html
    assert "Llamada" not in html
    assert "Medellín" not in html, "the page lists cities that were not chosen"


def test_an_unknown_city_is_a_form_error_not_a_server_error(staff_client, soup, medellin, engagement_factory):
    engagement_factory("Mesa de trabajo", cities=[medellin])
    response, _counts = listing(staff_client, city="999999999")
    assert "blank" in soup(response).select_one("#id_city-chooser")["class"]
    assert "Mesa de trabajo" in response.content.decode(), "an invalid filter hid the log"


def test_the_queries_do_not_grow_with_cities_or_engagements(
    staff_client, make_city, medellin, bogota, engagement_factory
):
    engagement_factory("Primera", cities=[medellin, bogota])
    for params in ({}, {"city": medellin.pk}):
        listing(staff_client, **params)
        _response, small = listing_with_queries(staff_client, **params)
        for number in range(5):
            city = make_city(f"Ciudad {number}")
            engagement_factory(f"Registro {number}", cities=[city, medellin])
        listing(staff_client, **params)
        response, large = listing_with_queries(staff_client, **params)
        assert "Registro 4" in response.content.decode()
        assert len(large) == len(small) <= MAX_QUERIES, params


@pytest.fixture
def log(medellin, engagement_factory):
    return [engagement_factory(f"Registro {number}", cities=[medellin]) for number in range(3)]


def test_the_count_is_kept_until_the_log_changes(staff_client, log, medellin, engagement_factory):
    _response, first = listing(staff_client)
    _response, second = listing(staff_client)
    assert first and not second, "the second page view counted the log again"

    engagement_factory("Registro nuevo", cities=[medellin])
    response, third = listing(staff_client)
    assert third, "a new engagement did not reset the count"
    assert "Registro nuevo" in response.content.decode()

    log[0].delete()
    _response, fourth = listing(staff_client)
    assert fourth, "a deleted engagement did not reset the count"


def test_counts_are_kept_per_filter(staff_client, log, medellin, bogota, engagement_factory):
    engagement_factory("En Bogotá", cities=[bogota])
    listing(staff_client, city=medellin.pk)
    _response, again = listing(staff_client, city=medellin.pk)
    _response, other = listing(staff_client, city=bogota.pk)
    assert not again and other


def test_linking_a_city_resets_the_count(staff_client, log, bogota):
    listing(staff_client, city=bogota.pk)
    engagement = Engagement.objects.get(pk=log[0].pk)
    engagement.cities.add(bogota)
    engagement.save()
    response, counts = listing(staff_client, city=bogota.pk)
    assert counts and "Registro 0" in response.content.decode()
