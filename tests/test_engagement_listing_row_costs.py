"""What each row of the engagement listing costs (contacts/views.py): the rows' query reads only what the
table shows (not the summaries, outcomes or the owners' account details), and the permission policy is
asked once per page for the links every row offers (edit, inspect, delete), not once per row and link.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contacts.permissions import engagement_policy
from tests import factories

pytestmark = pytest.mark.django_db

LISTING = "wagtailsnippets_contacts_engagement:list"


def listing(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(LISTING))
    assert response.status_code == 200
    return response, [query["sql"] for query in captured.captured_queries]


def test_the_rows_query_reads_only_what_the_table_shows(
    staff_client, soup, english_admin, medellin, engagement_factory
):
    carla = factories.StaffFactory(username="cgomez", first_name="Carla", last_name="Gómez")
    engagement = engagement_factory(
        "Reunión de seguimiento",
        cities=[medellin],
        owner=carla,
        summary="Un resumen largo que la lista no muestra.",
        outcome="Un resultado que la lista no muestra.",
    )

    response, sql = listing(staff_client)

    row = soup(response).select_one("table.listing tbody tr").get_text(" ", strip=True)
    assert "Reunión de seguimiento" in row
    assert "Medellín" in row
    assert "Carla Gómez (cgomez)" in row
    assert engagement.get_kind_display() in row
    rows_query = next(query for query in sql if 'FROM "contacts_engagement"' in query and "LIMIT" in query)
    for column in ('"summary"', '"outcome"', '"auth_user"."password"', '"auth_user"."email"'):
        assert column not in rows_query, f"the listing read {column}, which it does not show"


def test_the_policy_is_asked_once_a_page_not_once_a_row(
    staff_client, english_admin, medellin, engagement_factory, monkeypatch
):
    asked = []
    answer = engagement_policy.user_has_permission

    def counted(user, action):
        asked.append(action)
        return answer(user, action)

    monkeypatch.setattr(engagement_policy, "user_has_permission", counted)

    engagement_factory("Registro 0", cities=[medellin])
    listing(staff_client)
    one_row = len(asked)
    for number in range(1, 10):
        engagement_factory(f"Registro {number}", cities=[medellin])
    asked.clear()
    response, _sql = listing(staff_client)

    html = response.content.decode()
    assert "Registro 9" in html
    assert html.count("/admin/snippets/contacts/engagement/delete/") >= 10, "every row offers Delete"
    assert len(asked) == one_row, "the policy was asked again for each row"
