"""Accepting or declining a registration from the staff listing comes back to the listing as it was
(its filters, its search, its page), so that staff go through the people awaiting approval one after the
other; a "next" address to another site is ignored."""

import html
import re

import pytest
from django.urls import reverse

from events.models import EventPage
from events.registration import Registrant, register
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending():
    event = EventFactory(registration=EventPage.Registration.APPROVAL, capacity=5)
    return register(event, Registrant(given_name="Ana", family_name="Pérez", email="ana@example.org"))


def decision_link(staff_client, listing, registration, decision):
    page = html.unescape(staff_client.get(listing).content.decode())
    path = re.escape(reverse("events_approval:decide", args=[registration.pk, decision]))
    return re.search(rf'href="({path}[^"]*)"', page).group(1)


@pytest.mark.parametrize("decision", ["approve", "decline"])
def test_a_decision_comes_back_to_the_filtered_listing(staff_client, pending, decision):
    listing = (
        reverse("wagtailsnippets_events_registration:list") + f"?event={pending.event_id}&status=pending"
    )
    link = decision_link(staff_client, listing, pending, decision)

    assert staff_client.get(link).status_code == 200
    response = staff_client.post(link)

    assert response.status_code == 302
    assert response["Location"] == listing


def test_a_next_address_to_another_site_is_ignored(staff_client, pending):
    url = reverse("events_approval:decide", args=[pending.pk, "approve"]) + "?next=https://evil.example/"

    response = staff_client.post(url)

    expected = reverse("wagtailsnippets_events_registration:list") + f"?event={pending.event_id}"
    assert response.status_code == 302 and response["Location"] == expected


@pytest.mark.parametrize("address", ["listado", "999"])
def test_a_next_address_that_is_no_url_is_refused(staff_client, pending, address):
    """Django's redirect() would take it for a URL pattern's name, and fail to find one: the admin refuses
    it before any view (network/next_addresses.py), and nothing is decided."""
    url = reverse("events_approval:decide", args=[pending.pk, "approve"]) + f"?next={address}"

    response = staff_client.post(url)

    assert response.status_code == 400
    pending.refresh_from_db()
    assert pending.status == pending.Status.PENDING


def test_from_the_table_redrawn_by_the_filters_a_decision_comes_back_to_the_listing_page(
    staff_client, pending
):
    query = f"?event={pending.event_id}&status=pending"
    results = reverse("wagtailsnippets_events_registration:list_results") + query
    link = decision_link(staff_client, results, pending, "approve")

    response = staff_client.post(link)

    assert response["Location"] == reverse("wagtailsnippets_events_registration:list") + query
