"""The UIL staff group: city pages and themes yes; users, groups and site settings no."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cities.models import CityPage
from cities.themes import original_themes

pytestmark = pytest.mark.django_db


ADMINISTRATION_URLS = ["/admin/users/", "/admin/groups/", "/admin/sites/"]


@pytest.mark.parametrize("url", ADMINISTRATION_URLS)
def test_staff_cannot_manage_users_groups_or_sites(staff_client, url):
    response = staff_client.get(url)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert url not in response["Location"]


@pytest.mark.parametrize("url", ADMINISTRATION_URLS)
def test_administrators_can_manage_users_groups_and_sites(client, superuser, url):
    client.force_login(superuser)
    assert client.get(url).status_code == 200


def test_staff_can_open_the_admin_dashboard(staff_client):
    assert staff_client.get("/admin/").status_code == 200


def test_staff_can_browse_the_directory_in_the_admin(staff_client, directory, medellin, soup):
    response = staff_client.get(f"/admin/pages/{directory.pk}/")
    assert response.status_code == 200
    assert "Medellín" in response.content.decode()


def test_staff_can_edit_a_city(staff_client, medellin):
    assert staff_client.get(f"/admin/pages/{medellin.pk}/edit/").status_code == 200


def test_staff_can_manage_themes(staff_client):
    # The list offers one language at a time; new themes are originals, in the default language.
    response = staff_client.get("/admin/snippets/cities/theme/", {"locale": "es"})
    assert response.status_code == 200
    html = response.content.decode()
    assert all(theme.name in html for theme in original_themes())
    assert "Climate action" not in html
    assert staff_client.get("/admin/snippets/cities/theme/add/").status_code == 200
    response = staff_client.post(
        "/admin/snippets/cities/theme/add/",
        {"name": "Cultura", "slug": "cultura", "description": "Cultura y patrimonio."},
    )
    assert response.status_code == 302
    assert original_themes().filter(slug="cultura").exists()


def test_anonymous_visitors_are_sent_to_the_admin_login(client, directory):
    response = client.get(f"/admin/pages/{directory.pk}/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_can_add_a_city_to_the_directory(staff_client, directory, client):
    response = staff_client.post(
        f"/admin/pages/add/cities/citypage/{directory.pk}/",
        nested_form_data(
            {
                "title": "Montevideo",
                "slug": "montevideo",
                "country": "UY",
                "region": "Montevideo",
                "year_joined": "2026",
                "membership_status": "active",
                "body": streamfield([]),
                "links": inline_formset([]),
                "action-publish": "action-publish",
            }
        ),
    )
    assert response.status_code == 302
    city = CityPage.objects.child_of(directory).get(slug="montevideo")
    assert city.live and city.year_joined == 2026
    assert client.get("/cities/montevideo/").status_code == 200
