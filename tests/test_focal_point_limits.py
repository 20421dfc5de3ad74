"""Focal points cannot raise their own rights (account, group, membership facts, scheduled unpublishing), and
removing one takes effect on the next request."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission

from cities.focal_points import remove_focal_point
from cities.models import CityPage
from cities.permissions import STAFF_GROUP_NAME

pytestmark = pytest.mark.django_db


# --- Focal points cannot raise their own rights ----------------------------------------------------------


def test_focal_point_cannot_edit_their_own_account_or_group(client, focal_point_a, medellin, assert_refused):
    client.force_login(focal_point_a)
    group = medellin.access.group
    user_url = reverse("wagtailusers_users:edit", args=[focal_point_a.pk])
    group_url = reverse("wagtailusers_groups:edit", args=[group.pk])
    assert_refused(client.get(user_url))
    assert_refused(client.get(group_url))

    response = client.post(
        user_url,
        {
            "username": focal_point_a.username,
            "email": focal_point_a.email,
            "first_name": "Ana",
            "last_name": "Restrepo",
            "is_superuser": "on",
            "is_active": "on",
            "groups": [group.pk, Group.objects.get(name=STAFF_GROUP_NAME).pk],
        },
    )
    assert_refused(response)
    focal_point_a.refresh_from_db()
    assert not focal_point_a.is_superuser
    assert set(focal_point_a.groups.values_list("name", flat=True)) == {group.name}

    permissions_before = set(group.permissions.values_list("pk", flat=True))
    page_permissions_before = GroupPagePermission.objects.filter(group=group).count()
    response = client.post(group_url, {"name": "Puntos focales: todo"})
    assert_refused(response)
    group.refresh_from_db()
    assert group.name == "Puntos focales: Medellín (CO)"
    assert set(group.permissions.values_list("pk", flat=True)) == permissions_before
    assert GroupPagePermission.objects.filter(group=group).count() == page_permissions_before


def test_focal_point_cannot_change_membership_facts(client, focal_point_a, medellin, city_edit_data):
    client.force_login(focal_point_a)
    html = client.get(f"/admin/pages/{medellin.pk}/edit/").content.decode()
    assert 'name="summary"' in html
    for field in ("membership_status", "year_joined", "awards"):
        assert f'name="{field}"' not in html, field

    data = city_edit_data(
        medellin, summary="Nuevo resumen", membership_status="lapsed", year_joined=1901, awards="Todo"
    )
    response = client.post(f"/admin/pages/{medellin.pk}/edit/", data)
    assert response.status_code == 302
    draft = CityPage.objects.get(pk=medellin.pk).get_latest_revision_as_object()
    assert draft.summary == "Nuevo resumen"
    assert (draft.membership_status, draft.year_joined, draft.awards) == (
        medellin.membership_status,
        medellin.year_joined,
        medellin.awards,
    )


def test_focal_point_publishing_directly_cannot_change_membership_facts(
    client, direct_mode, focal_point_a, medellin, city_edit_data
):
    client.force_login(focal_point_a)
    data = city_edit_data(
        medellin,
        summary="Publicado",
        membership_status="lapsed",
        year_joined=1901,
        awards="Todo",
        **{"action-publish": "action-publish"},
    )
    client.post(f"/admin/pages/{medellin.pk}/edit/", data)
    live = CityPage.objects.get(pk=medellin.pk)
    assert live.summary == "Publicado"
    assert (live.membership_status, live.year_joined, live.awards) == (
        medellin.membership_status,
        medellin.year_joined,
        medellin.awards,
    )


def test_focal_point_publishing_directly_cannot_schedule_an_unpublish(
    client, direct_mode, focal_point_a, medellin, city_edit_data
):
    """An expiry date takes the page offline when it comes: an unpublish, which focal points never do."""
    client.force_login(focal_point_a)
    expiry = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    data = city_edit_data(medellin, summary="Con fecha de caducidad", expire_at=expiry)
    client.post(f"/admin/pages/{medellin.pk}/edit/", {**data, "action-publish": "action-publish"})
    live = CityPage.objects.get(pk=medellin.pk)
    assert live.live
    assert live.expire_at is None, f"the focal point scheduled the page to go offline at {live.expire_at}"


# --- Removal takes effect on the next request ------------------------------------------------------------


def test_removed_focal_point_loses_access_on_the_next_request(client, focal_point_a, medellin):
    client.force_login(focal_point_a)
    edit_url = f"/admin/pages/{medellin.pk}/edit/"
    assert client.get(edit_url).status_code == 200
    remove_focal_point(medellin, focal_point_a)
    response = client.get(edit_url)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] != edit_url
    assert not medellin.permissions_for_user(focal_point_a).can_edit()


def test_focal_point_removed_in_the_admin_loses_access(client, staff_user, focal_point_a, medellin):
    client.force_login(focal_point_a)
    edit_url = f"/admin/pages/{medellin.pk}/edit/"
    assert client.get(edit_url).status_code == 200

    client.force_login(staff_user)
    response = client.post(f"/admin/cities/{medellin.pk}/focal-points/", {"remove": focal_point_a.pk})
    assert response.status_code == 302
    assert not focal_point_a.groups.filter(pk=medellin.access.group.pk).exists()

    client.force_login(focal_point_a)
    response = client.get(edit_url)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] != edit_url
