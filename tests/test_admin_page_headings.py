"""Our custom admin pages show their title as their visible heading (the last breadcrumb, as Wagtail's own
pages do), not only in a heading for screen readers behind a lone "Inicio"."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.users.models import UserProfile

from tests.factories import CityFactory, FocalPointFactory

pytestmark = pytest.mark.django_db


def in_spanish(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "es"
    profile.save()
    client = Client(HTTP_ACCEPT_LANGUAGE="es")
    client.force_login(user)
    return client


def visible_heading(page):
    """The header's visible title: the breadcrumb trail's last item (the others are hidden until opened)."""
    items = page.select("header nav[aria-label] ol li")
    shown = [item for item in items if not item.has_attr("hidden")]
    return " ".join(shown[-1].get_text(" ").split()) if shown else ""


def test_a_focal_point_sees_the_title_of_the_page_of_their_citys_events(soup):
    client = in_spanish(FocalPointFactory(city=CityFactory(title="Envigado", country="CO")))

    page = soup(client.get(reverse("events_city:registrations")))

    assert page.select_one("h1").get_text(strip=True) == "Eventos: personas de mi ciudad"
    assert visible_heading(page) == "Eventos: personas de mi ciudad"
