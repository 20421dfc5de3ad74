"""The bulk delete confirmation of organisations says for each how many contacts and engagements lose it
(contacts/deletion.py) with a number of queries that does not grow with the organisations selected: two
counts for all of them, not two for each."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

BULK_DELETE = reverse("wagtail_bulk_action", args=["contacts", "organisation", "delete"])


def organisation_with_people(number, city):
    organisation = factories.OrganisationFactory(name=f"Organización {number}")
    for given_name in ("Ana", "Bea")[: 1 + number % 2]:
        factories.ContactFactory(given_name=f"{given_name} {number}", organisation=organisation)
    factories.EngagementFactory(title=f"Visita {number}", cities=[city], organisations=[organisation])
    return organisation


def confirmation(client, organisations):
    return client.get(BULK_DELETE + "?" + "&".join(f"id={organisation.pk}" for organisation in organisations))


def test_the_confirmation_costs_the_same_queries_for_one_organisation_or_eight(
    staff_client, soup, medellin, django_assert_max_num_queries
):
    organisations = [organisation_with_people(number, medellin) for number in range(8)]
    confirmation(staff_client, organisations[:1])  # caches, the session and the like are warm
    with CaptureQueriesContext(connection) as captured:
        assert confirmation(staff_client, organisations[:1]).status_code == 200
    for_one = len(captured)

    with django_assert_max_num_queries(for_one):
        response = confirmation(staff_client, organisations)

    items = {
        " ".join(item.select_one("a").get_text().split()): " ".join(item.get_text().split())
        for item in soup(response).select("main li")
        if item.select_one("a")
    }
    assert "2 contacts work for this organisation" in items["Organización 7"]
    assert "1 contact works for this organisation" in items["Organización 6"]
    assert all("1 engagement names this organisation" in items[f"Organización {n}"] for n in range(8))
