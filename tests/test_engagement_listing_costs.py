"""What keeps the staff engagement listing cheap with thousands of cities and a million engagements
(contacts/filters.py, contacts/views.py): the city filter is a plain select built from (id, title) pairs
that each process keeps until a city changes (cities/city_list.py), counts are kept in the shared cache
until the log changes, and only the cities are prefetched for the page.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page

from cities.models import CityPage
from contacts.models import Engagement
from network.caching.versions import CITY_LIST

LISTING = "wagtailsnippets_contacts_engagement:list"


def listing(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(LISTING), params)
    assert response.status_code == 200
    counts = [query["sql"] for query in queries.captured_queries if "COUNT(" in query["sql"].upper()]
    return response, counts


def test_the_city_filter_offers_every_city_once_by_title_and_keeps_the_choice(
    staff_client, soup, make_city, medellin, engagement_factory
):
    odd = make_city('Villa "Nueva" <Sur> & Norte')
    engagement_factory("Mesa de trabajo", cities=[odd])
    engagement_factory("Llamada", cities=[medellin])

    response, _counts = listing(staff_client, city=odd.pk)

    page = soup(response)
    options = page.select("select[name=city] option")
    assert [option["value"] for option in options[1:]] == [
        str(pk) for pk in CityPage.objects.originals().order_by("title").values_list("pk", flat=True)
    ]
    chosen = page.select("select[name=city] option[selected]")
    assert [(option["value"], option.get_text()) for option in chosen] == [
        (str(odd.pk), 'Villa "Nueva" <Sur> & Norte')
    ]
    assert "Mesa de trabajo" in response.content.decode()
    assert "Llamada" not in response.content.decode()


def test_an_unknown_city_is_a_form_error_not_a_server_error(staff_client, soup, medellin, engagement_factory):
    engagement_factory("Mesa de trabajo", cities=[medellin])
    response, _counts = listing(staff_client, city="999999999")
    page = soup(response)
    assert page.select("select[name=city] option[selected]") == []
    assert "Mesa de trabajo" in response.content.decode(), "an invalid filter hid the log"


def city_options(client, soup):
    response, _counts = listing(client)
    return {
        option.get_text(): option["value"] for option in soup(response).select("select[name=city] option")
    }


def test_the_city_filter_follows_cities_added_renamed_and_deleted(staff_client, soup, make_city, medellin):
    assert "Medellín" in city_options(staff_client, soup)

    added = make_city("Ciudad Nueva", publish=False)
    assert city_options(staff_client, soup)["Ciudad Nueva"] == str(added.pk)

    medellin.title = "Medellín renombrada"
    medellin.save()
    options = city_options(staff_client, soup)
    assert "Medellín renombrada" in options and "Medellín" not in options

    added.delete()
    assert "Ciudad Nueva" not in city_options(staff_client, soup)


def test_the_city_list_is_read_once_per_process_until_another_process_changes_it(
    staff_client, soup, medellin
):
    city_options(staff_client, soup)
    with CaptureQueriesContext(connection) as queries:
        listing(staff_client)
    assert not [
        query for query in queries.captured_queries if 'ORDER BY "wagtailcore_page"."title"' in query["sql"]
    ]

    # Another process renames the city and moves the shared version on: this process reads the list again.
    Page.objects.filter(pk=medellin.pk).update(title="Medellín desde otro proceso")
    assert "Medellín desde otro proceso" not in city_options(staff_client, soup)
    CITY_LIST.bump()
    assert "Medellín desde otro proceso" in city_options(staff_client, soup)


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
