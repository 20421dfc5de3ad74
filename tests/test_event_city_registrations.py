"""A focal point of several cities registers someone for the city they choose; a focal point of one city
is asked nothing more."""

import pytest
from django.urls import reverse

from events.models import Registration
from tests.factories import CityFactory, EventFactory, FocalPointFactory

pytestmark = pytest.mark.django_db


def someone(event, **fields):
    return {
        "event": event.pk,
        "given_name": "Elena",
        "family_name": "Gómez",
        "email": "elena@example.org",
        "language": "es",
        **fields,
    }


def test_a_focal_point_of_two_cities_registers_someone_for_the_city_chosen(client, soup):
    envigado = CityFactory(title="Envigado", country="CO")
    medellin = CityFactory(title="Medellín", country="CO")
    user = FocalPointFactory(city=envigado)
    user.groups.add(medellin.access.group)
    event = EventFactory()
    client.force_login(user)
    url = reverse("events_city:registrations")

    choices = [option.get_text() for option in soup(client.get(url)).select("select[name=city] option")]
    assert choices == ["Envigado", "Medellín"]
    response = client.post(url, someone(event, city=medellin.pk))

    assert response.status_code == 302
    assert Registration.objects.get(email="elena@example.org").city == medellin


def test_a_focal_point_of_two_cities_cannot_register_someone_for_another_city(client):
    envigado = CityFactory(title="Envigado", country="CO")
    medellin = CityFactory(title="Medellín", country="CO")
    quito = CityFactory(title="Quito", country="EC")
    user = FocalPointFactory(city=envigado)
    user.groups.add(medellin.access.group)
    client.force_login(user)

    response = client.post(reverse("events_city:registrations"), someone(EventFactory(), city=quito.pk))

    assert response.status_code == 200 and not Registration.objects.exists()


def test_a_focal_point_of_one_city_is_not_asked_for_it(client, soup):
    medellin = CityFactory(title="Medellín", country="CO")
    event = EventFactory()
    client.force_login(FocalPointFactory(city=medellin))
    url = reverse("events_city:registrations")

    assert not soup(client.get(url)).select("[name=city]")
    assert client.post(url, someone(event)).status_code == 302
    assert Registration.objects.get(email="elena@example.org").city == medellin
