"""A focal point registering someone of their city learns nothing of other cities' registrations: an address
registered already for another city (or for none) is answered as the public form answers it, by an e-mail to
the address with its personal link, and the focal point is told only that an e-mail says where it stands. An
address registered already for their own city, whom their list shows anyway, is named as such."""

import pytest
from django.core import mail
from django.urls import reverse

from events.models import Registration
from events.registration import Registrant, register
from tests.factories import CityFactory, EventFactory, FocalPointFactory

pytestmark = pytest.mark.django_db

ALREADY = "already registered"


@pytest.fixture
def medellin():
    return CityFactory(title="Medellín", country="CO")


@pytest.fixture
def event():
    return EventFactory(title="Foro regional")


def post(client, event, email):
    data = {"event": event.pk, "given_name": "Elena", "email": email, "language": "es"}
    return client.post(reverse("events_city:registrations"), data, follow=True)


@pytest.mark.parametrize("other_city", [True, False], ids=["another city", "no city"])
def test_an_address_registered_elsewhere_is_not_said_to_be(
    client, medellin, event, other_city, django_capture_on_commit_callbacks
):
    quito = CityFactory(title="Quito", country="EC")
    with django_capture_on_commit_callbacks(execute=True):
        register(event, Registrant("Rosa", "Vera", "rosa@example.org", city=quito if other_city else None))
    mail.outbox.clear()
    client.force_login(FocalPointFactory(city=medellin))

    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, event, "ROSA@example.org")

    page = response.content.decode()
    assert response.status_code == 200 and ALREADY not in page
    assert "Rosa" not in page and "Quito" not in page
    assert Registration.objects.filter(event=event).count() == 1
    [message] = mail.outbox
    assert message.to == ["rosa@example.org"] and "Ya está inscrito" in message.subject


def test_an_address_registered_for_the_focal_point_s_city_is_named(client, medellin, event):
    register(event, Registrant("Rosa", "Vera", "rosa@example.org", city=medellin))
    client.force_login(FocalPointFactory(city=medellin))

    response = post(client, event, "rosa@example.org")

    assert ALREADY in response.content.decode()
    assert Registration.objects.filter(event=event).count() == 1
