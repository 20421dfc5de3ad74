"""A focal point cannot change the staff-only membership facts of their city by reverting to an older
revision, nor by posting those fields by hand: they keep the values of the page's latest revision."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cities.models import CityPage
from tests.form_data import city_edit_data

pytestmark = pytest.mark.django_db

STAFF_FACTS = {"membership_status": "lapsed", "year_joined": 2019, "awards": "STAFFAWARD"}
WITHHELD = ("membership_status", "year_joined", "awards", "membership_sources", "geonames_id")
PUBLISH = {"action-publish": "action-publish"}


def staff_publish(client, page, **changes):
    response = client.post(f"/admin/pages/{page.pk}/edit/", city_edit_data(page, **changes, **PUBLISH))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return CityPage.objects.get(pk=page.pk)


def as_posted_by_focal_point(page, **fields):
    """The editor's form as a focal point's browser posts it: without the fields they may not see."""
    data = city_edit_data(page, **fields)
    for name in (*WITHHELD, "go_live_at", "expire_at"):
        data.pop(name)
    return data


@pytest.fixture
def older_revision(staff_client, medellin):
    """A revision from before staff published the membership facts (STAFF_FACTS) of Medellín."""
    before = staff_publish(staff_client, medellin, membership_status="active", year_joined=2017, awards="")
    staff_publish(staff_client, before, **STAFF_FACTS)
    return before.latest_revision


def revert(client, page, revision, data):
    url = f"/admin/pages/{page.pk}/revisions/{revision.pk}/revert/"
    assert client.get(url).status_code == 200
    return client.post(url, data)


def staff_facts_of(page):
    return {name: getattr(page, name) for name in STAFF_FACTS}


def test_publishing_an_older_revision_keeps_the_staff_facts(
    client, focal_point_a, medellin, older_revision, direct_mode
):
    client.force_login(focal_point_a)
    data = as_posted_by_focal_point(medellin, summary="Vuelta atrás", **PUBLISH)
    response = revert(client, medellin, older_revision, data)

    assert response.status_code == 302
    page = CityPage.objects.get(pk=medellin.pk)
    assert page.summary == "Vuelta atrás", "the revert was published"
    assert staff_facts_of(page) == STAFF_FACTS
    assert client.get("/cities/medellin/").content.decode().count("2019") >= 1


def test_a_draft_from_an_older_revision_keeps_the_staff_facts(
    client, focal_point_a, medellin, older_revision
):
    client.force_login(focal_point_a)
    response = revert(
        client, medellin, older_revision, as_posted_by_focal_point(medellin, summary="Borrador")
    )

    assert response.status_code == 302
    page = CityPage.objects.get(pk=medellin.pk)
    draft = page.get_latest_revision_as_object()
    assert draft.summary == "Borrador", "the draft was saved"
    assert staff_facts_of(draft) == STAFF_FACTS
    assert staff_facts_of(page) == STAFF_FACTS


def test_staff_facts_posted_by_hand_with_a_revert_change_nothing(
    client, focal_point_a, medellin, older_revision, direct_mode
):
    client.force_login(focal_point_a)
    data = city_edit_data(medellin, membership_status="under_review", year_joined=1990, awards="", **PUBLISH)
    response = revert(client, medellin, older_revision, data)

    assert response.status_code == 302
    assert staff_facts_of(CityPage.objects.get(pk=medellin.pk)) == STAFF_FACTS


def test_staff_facts_posted_by_hand_to_the_editor_change_nothing(
    client, focal_point_a, medellin, older_revision, direct_mode
):
    client.force_login(focal_point_a)
    data = city_edit_data(medellin, membership_status="under_review", year_joined=1990, awards="", **PUBLISH)
    response = client.post(f"/admin/pages/{medellin.pk}/edit/", data)

    assert response.status_code == 302
    assert staff_facts_of(CityPage.objects.get(pk=medellin.pk)) == STAFF_FACTS


def test_a_staff_draft_of_the_facts_survives_a_revert(
    staff_client, client, focal_point_a, medellin, older_revision
):
    """The facts come from the latest revision, not the live page: staff's unpublished change stays.
    (staff_client is the `client`, signed in as staff until the focal point signs in.)"""
    page = CityPage.objects.get(pk=medellin.pk)
    staff_client.post(f"/admin/pages/{page.pk}/edit/", city_edit_data(page, awards="DRAFTAWARD"))
    client.force_login(focal_point_a)
    revert(client, page, older_revision, as_posted_by_focal_point(page, summary="Borrador"))

    draft = CityPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert (draft.summary, draft.awards) == ("Borrador", "DRAFTAWARD")


def test_an_expiry_date_of_an_older_revision_is_not_restored(
    staff_client, client, focal_point_a, medellin, direct_mode
):
    expiry = (timezone.now() + timedelta(days=30)).strftime("%Y-%m-%d %H:%M")
    with_expiry = staff_publish(staff_client, medellin, expire_at=expiry)
    assert with_expiry.expire_at is not None
    staff_publish(staff_client, with_expiry, expire_at="")
    client.force_login(focal_point_a)
    revert(client, medellin, with_expiry.latest_revision, as_posted_by_focal_point(medellin, **PUBLISH))

    assert CityPage.objects.get(pk=medellin.pk).expire_at is None


def test_staff_may_revert_the_facts(staff_client, medellin, older_revision, direct_mode):
    data = city_edit_data(medellin, membership_status="active", year_joined=2017, awards="", **PUBLISH)
    revert(staff_client, medellin, older_revision, data)

    page = CityPage.objects.get(pk=medellin.pk)
    assert (page.membership_status, page.year_joined, page.awards) == ("active", 2017, "")
