"""The staff's country filters (the engagement listing, the engagement reports, the event attendance report)
offer the countries of the cities, read from the shared cache: every change to them shows on the next view,
a city made as a draft included (it has its country before anyone publishes it)."""

import pytest
from django.urls import reverse

from cities.models import CityPage
from tests import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

FILTERED_VIEWS = (
    "wagtailsnippets_contacts_engagement:list",
    "contacts_engagements_by_country:index",
    "events_attendance_report:index",
)


def offered(client, soup, view=FILTERED_VIEWS[0]):
    response = client.get(reverse(view))
    assert response.status_code == 200
    return [
        option["value"] for option in soup(response).select("select[name=country] option") if option["value"]
    ]


@pytest.fixture
def shown(staff_client, soup, medellin):
    """Every filter's countries now: the first call puts them in the shared cache."""

    def everywhere():
        return {view: offered(staff_client, soup, view) for view in FILTERED_VIEWS}

    assert everywhere() == {view: ["CO"] for view in FILTERED_VIEWS}
    return everywhere


def test_a_city_made_as_a_draft_offers_its_country_on_the_next_view(shown, staff_client, medellin):
    directory = medellin.get_parent()
    draft = form_data.city_edit_data(medellin, title="Leipzig", slug="leipzig", country="DE", geonames_id="")
    response = staff_client.post(
        reverse("wagtailadmin_pages:add", args=["cities", "citypage", directory.pk]), draft
    )
    assert response.status_code == 302
    assert not CityPage.objects.originals().get(slug="leipzig").live

    assert shown() == {view: ["CO", "DE"] for view in FILTERED_VIEWS}


def test_a_city_published_offers_its_country_on_the_next_view(shown, make_city):
    make_city("Lima", country="PE")

    assert shown() == {view: ["CO", "PE"] for view in FILTERED_VIEWS}


def test_a_city_moved_to_another_country_on_publishing_shows_on_the_next_view(
    shown, staff_client, medellin, city_edit_data
):
    edit = city_edit_data(medellin, country="EC", **{"action-publish": "action-publish"})
    assert staff_client.post(reverse("wagtailadmin_pages:edit", args=[medellin.pk]), edit).status_code == 302

    assert shown() == {view: ["EC"] for view in FILTERED_VIEWS}


def test_a_deleted_city_takes_its_country_off_on_the_next_view(shown, staff_client, make_city):
    lima = make_city("Lima", country="PE")
    assert shown() == {view: ["CO", "PE"] for view in FILTERED_VIEWS}

    response = staff_client.post(reverse("wagtailadmin_pages:delete", args=[lima.pk]))
    assert response.status_code == 302 and not CityPage.objects.originals().filter(country="PE").exists()

    assert shown() == {view: ["CO"] for view in FILTERED_VIEWS}
