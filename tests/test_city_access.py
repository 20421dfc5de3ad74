"""Every city gets its own focal-point group and media collection, made and renamed with its page."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cities.models import CityAccess, CityPage
from tests.factories import sample_city

pytestmark = pytest.mark.django_db

MEDIA_CODENAMES = {
    "add_image",
    "change_image",
    "choose_image",
    "add_document",
    "change_document",
    "choose_document",
}


def assert_city_access(city):
    """The city's group edits this page (and adds its good practices) only, and uses its own collection
    only."""
    access = CityAccess.objects.select_related("group", "collection").get(page=city)
    assert access.group.name == f"Puntos focales: {city.title} ({city.country.code})"
    assert access.collection.name == f"{city.title} ({city.country.code})"
    page_permissions = GroupPagePermission.objects.filter(group=access.group)
    assert {(p.page_id, p.permission.codename) for p in page_permissions} == {
        (city.pk, "change_page"),
        (city.pk, "add_page"),
    }
    collection_permissions = GroupCollectionPermission.objects.filter(group=access.group)
    assert {p.collection_id for p in collection_permissions} == {access.collection.pk}
    assert {p.permission.codename for p in collection_permissions} == MEDIA_CODENAMES
    return access


def test_every_city_has_its_own_access(medellin, bogota, make_city):
    make_city("Ciudad Borrador", publish=False)
    cities = list(CityPage.objects.originals().all())
    assert len(cities) == 3
    groups, collections = set(), set()
    for city in cities:
        access = assert_city_access(city)
        groups.add(access.group.pk)
        collections.add(access.collection.pk)
    assert len(groups) == len(collections) == 3


def test_la_paz_argentina_and_mexico_get_distinct_groups():
    argentina, mexico = sample_city("La Paz", "AR"), sample_city("La Paz", "MX")
    assert argentina.access.group.name == "Puntos focales: La Paz (AR)"
    assert mexico.access.group.name == "Puntos focales: La Paz (MX)"
    assert argentina.access.collection != mexico.access.collection


def test_a_city_made_in_code_gets_its_access(make_city):
    assert_city_access(make_city("Envigado Sur", country="CO"))


def test_a_city_added_in_the_admin_gets_its_access(staff_client, directory):
    data = {
        "title": "Villa Nueva",
        "slug": "villa-nueva",
        "country": "GT",
        "region": "Guatemala",
        "latitude": "",
        "longitude": "",
        "population": "",
        "population_year": "",
        "summary": "",
        "hero_image": "",
        "mayor_name": "",
        "mayor_title": "",
        "mayor_term_start": "",
        "mayor_term_end": "",
        "website": "",
        "year_joined": "",
        "membership_status": "active",
        "awards": "",
        "membership_sources": "",
        "geonames_id": "",
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
        "action-publish": "action-publish",
    }
    data = nested_form_data({**data, "body": streamfield([]), "links": inline_formset([])})
    response = staff_client.post(f"/admin/pages/add/cities/citypage/{directory.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    city = CityPage.objects.originals().get(slug="villa-nueva")
    assert city.live
    assert_city_access(city)


def test_renaming_a_city_renames_its_group_and_collection(client, admin_user, medellin, city_edit_data):
    access = medellin.access
    client.force_login(admin_user)
    response = client.post(
        f"/admin/pages/{medellin.pk}/edit/",
        city_edit_data(medellin, title="Medellín de Antioquia", **{"action-publish": "action-publish"}),
    )
    assert response.status_code == 302
    access.group.refresh_from_db()
    access.collection.refresh_from_db()
    assert access.group.name == "Puntos focales: Medellín de Antioquia (CO)"
    assert access.collection.name == "Medellín de Antioquia (CO)"


def test_running_setup_again_duplicates_nothing(medellin, bogota):
    def counts():
        return {
            "groups": Group.objects.count(),
            "collections": Collection.objects.count(),
            "access": CityAccess.objects.count(),
            "page permissions": GroupPagePermission.objects.count(),
            "collection permissions": GroupCollectionPermission.objects.count(),
        }

    before = counts()
    call_command("setup_network", no_cities=True, stdout=io.StringIO(), stderr=io.StringIO())
    assert counts() == before
