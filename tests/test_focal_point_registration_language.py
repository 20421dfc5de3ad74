"""A focal point registering someone of their city is offered their city's language for the person's
e-mails: Portuguese for a Brazilian city, Spanish for the others (as focal-point invitations are)."""

import pytest
from django.urls import reverse

from tests.factories import CityFactory, EventFactory, FocalPointFactory

pytestmark = pytest.mark.django_db


def language_offered(client, soup, city):
    EventFactory()
    client.force_login(FocalPointFactory(city=city))
    page = soup(client.get(reverse("events_city:registrations")))
    options = page.select("select[name=language] option")
    # What the browser shows chosen: the option marked selected, else the first.
    return next((option for option in options if option.has_attr("selected")), options[0])["value"]


def test_a_brazilian_citys_focal_point_is_offered_portuguese(client, soup):
    assert language_offered(client, soup, CityFactory(title="Curitiba", country="BR")) == "pt"


def test_a_colombian_citys_focal_point_is_offered_spanish(client, soup):
    assert language_offered(client, soup, CityFactory(title="Medellín", country="CO")) == "es"
