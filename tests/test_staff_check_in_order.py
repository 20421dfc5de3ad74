"""The check-in list at the door lists people as a dictionary would: Álvaro first, not after Zoe as
code points would have it."""

import pytest
from django.urls import reverse

from events.registration import Registrant, register
from tests.factories import EventFactory
from tests.helpers import parse_html

pytestmark = pytest.mark.django_db


def test_people_at_the_door_are_listed_in_dictionary_order(staff_client):
    event = EventFactory()
    for given, family in [("Zoe", "Ruiz"), ("Álvaro", "Gómez"), ("Bruno", "Silva")]:
        register(event, Registrant(given_name=given, family_name=family, email=f"{family}@example.org"))

    page = parse_html(staff_client.get(reverse("events_check_in:page", args=[event.pk])))

    names = [row.select_one(".who strong").get_text() for row in page.select(".people li")]
    assert names == ["Álvaro Gómez", "Bruno Silva", "Zoe Ruiz"]
