"""Membership facts (year joined, status, awards…) are editable by UIL staff only, not by page editors."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

from cities.models import CityPage
from tests.form_data import city_edit_data

pytestmark = pytest.mark.django_db

MEMBERSHIP_CHANGES = {
    "year_joined": 1999,
    "membership_status": "lapsed",
    "awards": "UNESCO Learning City Award 2099",
}
CONTENT_CHANGES = {"region": "Valle de Aburrá", "summary": "La ciudad de la eterna primavera."}


@pytest.fixture
def page_editor(django_user_model, directory):
    """A city focal point: may edit and publish the directory's pages, without the membership permission."""
    group = Group.objects.create(name="City editors")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for codename in ("change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=directory, permission=Permission.objects.get(codename=codename)
        )
    user = django_user_model.objects.create_user(username="editor", email="editor@example.org", password="pw")
    user.groups.add(group)
    assert not user.has_perm("cities.change_membership")
    return user


def publish_edit(client, page, **changes):
    data = city_edit_data(page, **changes, **{"action-publish": "action-publish"})
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert f"/admin/pages/{page.pk}/edit/" not in response["Location"], "the form was not accepted"
    return CityPage.objects.get(pk=page.pk)


def test_page_editor_cannot_change_membership_facts(client, page_editor, medellin):
    client.force_login(page_editor)
    edited = publish_edit(client, medellin, **CONTENT_CHANGES, **MEMBERSHIP_CHANGES)

    assert (edited.region, edited.summary) == (CONTENT_CHANGES["region"], CONTENT_CHANGES["summary"])
    assert edited.live and not edited.has_unpublished_changes
    assert edited.year_joined == medellin.year_joined
    assert edited.membership_status == medellin.membership_status
    assert edited.awards == medellin.awards


def test_page_editor_does_not_see_the_membership_fields(client, page_editor, medellin):
    client.force_login(page_editor)
    response = client.get(f"/admin/pages/{medellin.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="region"' in html
    for field in ("year_joined", "membership_status", "awards", "membership_sources", "geonames_id"):
        assert f'name="{field}"' not in html, field


def test_page_editor_cannot_change_membership_of_a_new_draft_either(client, page_editor, medellin):
    client.force_login(page_editor)
    data = city_edit_data(medellin, **MEMBERSHIP_CHANGES)
    response = client.post(f"/admin/pages/{medellin.pk}/edit/", data)
    assert response.status_code == 302
    draft = CityPage.objects.get(pk=medellin.pk).get_latest_revision_as_object()
    assert draft.year_joined == medellin.year_joined
    assert draft.membership_status == medellin.membership_status


def test_uil_staff_can_change_membership_facts(staff_client, staff_user, medellin):
    assert staff_user.has_perm("cities.change_membership")
    edited = publish_edit(staff_client, medellin, **CONTENT_CHANGES, **MEMBERSHIP_CHANGES)
    assert edited.region == CONTENT_CHANGES["region"]
    assert edited.year_joined == MEMBERSHIP_CHANGES["year_joined"]
    assert edited.membership_status == MEMBERSHIP_CHANGES["membership_status"]
    assert edited.awards == MEMBERSHIP_CHANGES["awards"]


def test_uil_staff_see_the_membership_fields(staff_client, medellin):
    response = staff_client.get(f"/admin/pages/{medellin.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    for field in ("year_joined", "membership_status", "awards"):
        assert f'name="{field}"' in html, field


def test_membership_changes_by_staff_show_on_the_public_page(staff_client, client, soup, medellin):
    publish_edit(staff_client, medellin, year_joined=2015, awards="Premio UNESCO Ciudad del Aprendizaje 2017")
    page = soup(client.get("/cities/medellin/"))
    facts = [dd.get_text(strip=True) for dd in page.select("aside dl dd")]
    assert "2015" in facts
    assert "Premio UNESCO Ciudad del Aprendizaje 2017" in page.select_one("aside").get_text()
