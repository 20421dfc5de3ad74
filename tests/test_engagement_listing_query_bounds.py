"""The engagement listing's filters ask the database for each list of choices once: the themes' names once,
the theme filter offering the themes by them (the empty choice first), and the colleagues once for both the
owner and the follow-up assignee filters; the cities' countries come from the shared cache. Pinned on the
plain listing and on its accent-free search, with the page's total, so that the saving cannot regress
(tests/test_engagement_listing_costs.py pins that the total does not grow with the data).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

LISTING = "wagtailsnippets_contacts_engagement:list"
# Session, user, permissions (8), the themes' names, the colleagues, the page's rows and their cities (the
# count and the cities' countries are kept in the shared cache).
MAX_QUERIES = 15


def queries_of(client, **params):
    client.get(reverse(LISTING), params)  # the count is kept in the shared cache from here on
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(LISTING), params)
    assert response.status_code == 200
    return response, [query["sql"] for query in captured.captured_queries]


def reads_of(table, sql):
    return [query for query in sql if f'FROM "{table}"' in query and "LIMIT 21" not in query]


@pytest.mark.parametrize("params", [{}, {"q": "reunion"}], ids=["listing", "search"])
def test_the_listing_reads_themes_and_colleagues_once(
    staff_client, soup, english_admin, medellin, engagement_factory, params
):
    carla = factories.StaffFactory(first_name="Carla", last_name="Gómez", username="cgomez")
    factories.StaffFactory(first_name="Dora", username="dora")
    engagement_factory("Reunión de seguimiento", cities=[medellin], owner=carla)

    response, sql = queries_of(staff_client, **params)

    assert "Reunión de seguimiento" in response.content.decode()
    page = soup(response)
    for name in ("owner", "follow_up_assignee"):
        offered = [option.get_text(strip=True) for option in page.select(f"select[name={name}] option")]
        assert "Carla Gómez (cgomez)" in offered and "Dora (dora)" in offered, name
    assert len(page.select("select[name=theme] option")) > 1
    assert len(reads_of("cities_theme", sql)) == 1, "the themes' names, once, for the filter too"
    assert len(reads_of("auth_user", sql)) == 1, "the colleagues, once for both filters"
    assert not [query for query in sql if '"cities_citypage"."country"' in query], "the countries, cached"
    assert len(sql) <= MAX_QUERIES


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no server-side cursors")
def test_the_filters_open_no_server_side_cursor(staff_client, english_admin, medellin, engagement_factory):
    """Django's model choice iterator reads through a server-side cursor on PostgreSQL: DECLARE, FETCH and
    CLOSE, three round trips for a dozen themes or colleagues that are read whole anyway."""
    engagement_factory("Reunión de seguimiento", cities=[medellin])

    _response, sql = queries_of(staff_client)

    assert not [query for query in sql if query.lstrip().upper().startswith("DECLARE")]
