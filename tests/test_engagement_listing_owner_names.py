"""The engagement listing's Owner column names colleagues as the engagement form and the listing's owner
filter do (contacts.edit_forms.colleague_label): "Carla Gómez (cgomez)", or the user name of a colleague
without a name; the names cost no query a row.

Before, the column showed bare user names, which staff had to translate into people.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

LISTING = "wagtailsnippets_contacts_engagement:list"
# The listing's queries (see tests/test_engagement_listing_costs.py), whatever the number of owners.
MAX_QUERIES = 16


def owner_cells(soup, response):
    table = soup(response).select_one("table.listing")
    headings = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    column = headings.index("Owner")
    rows = {}
    for tr in table.select("tbody tr"):
        cells = tr.find_all(["td", "th"])
        rows[cells[headings.index("Title")].get_text(" ", strip=True)] = cells[column].get_text(
            " ", strip=True
        )
    return rows


def test_the_owner_column_names_each_colleague(
    staff_client, soup, english_admin, medellin, engagement_factory
):
    carla = factories.StaffFactory(username="cgomez", first_name="Carla", last_name="Gómez")
    dora = factories.StaffFactory(username="dora")
    engagement_factory("Reunión con Carla", cities=[medellin], owner=carla)
    engagement_factory("Reunión con Dora", cities=[medellin], owner=dora)
    engagement_factory("Reunión sin responsable", cities=[medellin], owner=None)

    rows = owner_cells(soup, staff_client.get(reverse(LISTING)))

    assert rows["Reunión con Carla"] == "Carla Gómez (cgomez)"
    assert rows["Reunión con Dora"] == "dora"
    assert rows["Reunión sin responsable"] == ""


def test_the_owners_names_cost_no_query_a_row(
    staff_client, english_admin, medellin, engagement_factory, django_assert_max_num_queries
):
    def add(number):
        owner = factories.StaffFactory(first_name=f"Persona {number}")
        engagement_factory(f"Registro {number}", cities=[medellin], owner=owner)

    add(0)
    staff_client.get(reverse(LISTING))  # the count is kept in the shared cache from here on
    with CaptureQueriesContext(connection) as captured:
        staff_client.get(reverse(LISTING))
    one_owner = len(captured)  # read now: the next request clears the connection's log
    for number in range(1, 10):
        add(number)
    staff_client.get(reverse(LISTING))

    with django_assert_max_num_queries(min(one_owner, MAX_QUERIES)):
        response = staff_client.get(reverse(LISTING))
    assert "Persona 9" in response.content.decode()


def test_the_owner_column_still_sorts(staff_client, soup, english_admin, medellin, engagement_factory):
    first = factories.StaffFactory(username="a-first", first_name="Zoe")
    second = factories.StaffFactory(username="b-second", first_name="Ana")
    engagement_factory("Del primero", cities=[medellin], owner=first)
    engagement_factory("Del segundo", cities=[medellin], owner=second)

    for ordering, expected in (("owner", ["Zoe (a-first)", "Ana (b-second)"]), ("-owner", None)):
        response = staff_client.get(reverse(LISTING), {"ordering": ordering})
        names = list(owner_cells(soup, response).values())
        assert names == (expected or ["Ana (b-second)", "Zoe (a-first)"])
