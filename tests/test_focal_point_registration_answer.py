"""A focal point registering someone of their city reads the same answer whether the address was new to the
event or registered already for another city: the answer tells them nothing of other cities'
registrations. Their own city's list still shows the state of their own registrations."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from events.models import EventPage, Registration
from events.registration import Registrant, register
from tests.factories import CityFactory, EventFactory, FocalPointFactory

pytestmark = pytest.mark.django_db


def answer(client, event, email):
    """The message the focal point reads after sending the form, and the page they land on."""
    data = {"event": event.pk, "given_name": "Rosa", "email": email, "language": "es"}
    response = client.post(reverse("events_city:registrations"), data)
    assert response.status_code == 302
    (message,) = [str(message) for message in get_messages(response.wsgi_request)]
    return message, client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("way", [EventPage.Registration.APPROVAL, EventPage.Registration.OPEN])
def test_a_new_address_and_one_registered_for_another_city_get_the_same_answer(client, way):
    medellin = CityFactory(title="Medellín", country="CO")
    quito = CityFactory(title="Quito", country="EC")
    registered_in_quito = EventFactory(title="Foro regional", registration=way)
    new_to_it = EventFactory(title="Taller abierto", registration=way)
    register(registered_in_quito, Registrant("Rosa", "Vera", "rosa@example.org", city=quito))
    client.force_login(FocalPointFactory(city=medellin))

    elsewhere, _page = answer(client, registered_in_quito, "rosa@example.org")
    new, page = answer(client, new_to_it, "rosa@example.org")

    assert new == elsewhere
    registration = Registration.objects.get(event=new_to_it)
    assert registration.get_status_display() not in new
    assert registration.get_status_display() in page, "the focal point's own list shows the state"
