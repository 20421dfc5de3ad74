"""A focal point refused an admin page reads why in the language chosen in their account, not their
browser's: the refusal of cities/admin_scope.py comes before Wagtail's views switch to that language."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.users.models import UserProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def portuguese_focal_point(focal_point_a):
    profile = UserProfile.get_for_user(focal_point_a)
    profile.preferred_language = "pt-br"
    profile.save()
    return focal_point_a


def refused_page(browser_language, user, url):
    """The dashboard the refusal leads to, with its message, as the user's browser shows it."""
    client = Client(HTTP_ACCEPT_LANGUAGE=browser_language)
    client.force_login(user)
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_home")
    return response.content.decode()


def test_another_citys_page_is_refused_in_the_focal_points_language(portuguese_focal_point, bogota):
    page = refused_page("en", portuguese_focal_point, reverse("wagtailadmin_pages:edit", args=[bogota.pk]))
    assert "Desculpe, você não tem permissão para acessar esta área." in page
    assert "Sorry" not in page


def test_the_crm_is_refused_in_the_focal_points_language_whatever_the_browser(portuguese_focal_point):
    page = refused_page("es", portuguese_focal_point, reverse("wagtailsnippets_contacts_contact:list"))
    assert "Desculpe, você não tem permissão para acessar esta área." in page
    assert "Lo sentimos" not in page


def test_without_a_chosen_language_the_refusal_follows_the_browser(focal_point_a, bogota):
    page = refused_page("es", focal_point_a, reverse("wagtailadmin_pages:edit", args=[bogota.pk]))
    assert "Lo sentimos, no tiene permiso para acceder a esta área." in page
