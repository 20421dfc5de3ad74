"""A city's focal-point group is named in Spanish, the site's first language: Wagtail's screens show a group's
stored name as it is (a page's or a collection's privacy, the groups listing and form, the users listing's
filter and a user's groups, a review task's groups), in the admin's every language. Sites set up with the
former English names get the Spanish ones from setup."""

import json

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupApprovalTask

from cities.focal_points import REVIEW_TASK_NAME, ensure_city_access
from tests.helpers import client_in_language

pytestmark = pytest.mark.django_db

NAME = "Puntos focales: Medellín (CO)"


def screens(medellin, focal_point):
    """The admin's screens that show a city's group, as HTML."""
    yield reverse("wagtailadmin_pages:set_privacy", args=[medellin.pk])
    yield reverse("wagtailadmin_collections:set_privacy", args=[medellin.access.collection.pk])
    yield reverse("wagtailusers_groups:index")
    yield reverse("wagtailusers_groups:edit", args=[medellin.access.group.pk])
    yield reverse("wagtailusers_users:index")  # its filter by group
    yield reverse("wagtailusers_users:edit", args=[focal_point.pk])
    yield reverse(
        "wagtailadmin_workflows:edit_task", args=[GroupApprovalTask.objects.get(name=REVIEW_TASK_NAME).pk]
    )


def html(response):
    assert response.status_code == 200
    if response["Content-Type"] == "application/json":
        return json.loads(response.content)["html"]
    return response.content.decode()


@pytest.mark.parametrize("language", ["es", "pt-br"])
def test_the_admin_shows_the_city_s_group_in_spanish(superuser, medellin, focal_point_a, language):
    client = client_in_language(superuser, language)
    for url in screens(medellin, focal_point_a):
        page = html(client.get(url))
        assert NAME in page, url
        assert "Focal points:" not in page, url


def test_a_group_with_its_former_english_name_is_renamed_by_setup(medellin):
    group = medellin.access.group
    Group.objects.filter(pk=group.pk).update(name="Focal points: Medellín (CO)")

    assert ensure_city_access(medellin).group.pk == group.pk
    group.refresh_from_db()
    assert group.name == NAME
