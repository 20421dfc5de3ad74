"""Numbers too large for any id, typed into the admin's filters, forms or addresses, find nothing instead of
a server error (SQLite refused numbers past 64 bits: network/integer_lookups.py)."""

import pytest
from wagtail.models import Page

from cities.models import CityPage
from contacts.models import Contact
from events.models import EventPage
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

TOO_LARGE = "9" * 20


@pytest.mark.parametrize(
    "url",
    [
        f"/admin/pages/?owner={TOO_LARGE}",
        f"/admin/pages/?site={TOO_LARGE}",
        f"/admin/pages/?content_type={TOO_LARGE}",
        f"/admin/pages/search/?q=a&owner={TOO_LARGE}",
        f"/admin/choose-page/chosen-multiple/?id={TOO_LARGE}",
    ],
)
def test_a_too_large_id_finds_nothing(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("too_large", [2**63, -(2**63) - 1, 10**30])
def test_in_leaves_out_only_the_numbers_no_id_can_be(home, django_user_model, too_large):
    assert list(Page.objects.filter(pk__in=[too_large, home.pk])) == [home.page_ptr]
    assert not Page.objects.filter(pk__in=[too_large]).exists()
    assert not django_user_model.objects.filter(pk__in=[too_large]).exists()


@pytest.mark.parametrize(
    "path",
    [
        f"/admin/events/check-in/{TOO_LARGE}/",
        f"/admin/events/invitation/{TOO_LARGE}/",
        f"/admin/cities/{TOO_LARGE}/timeline/",
        f"/admin/cities/{TOO_LARGE}/focal-points/",
        f"/admin/engagement-log/choose-city/chosen/{TOO_LARGE}/",
        "/admin/engagement-log/choose-city/chosen/abc/",
        "/admin/snippets/choose/contacts/contact/chosen/abc/",
        "/admin/snippets/choose/contacts/organisation/chosen/%C2%B2/",
        f"/admin/snippets/choose/contacts/engagement/chosen/{TOO_LARGE}/",
    ],
)
def test_an_address_of_an_id_no_record_can_have_is_not_found(staff_client, path):
    assert staff_client.get(path).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        f"/admin/snippets/contacts/engagement/?city={TOO_LARGE}",
        f"/admin/snippets/contacts/contact/?city={TOO_LARGE}",
        f"/admin/snippets/events/registration/?city={TOO_LARGE}",
        f"/admin/snippets/events/registration/?event={TOO_LARGE}",
    ],
)
def test_a_listing_filtered_by_a_too_large_city_or_event_lists_nothing(staff_client, url):
    response = staff_client.get(url)
    assert response.status_code == 200
    assert not response.context["object_list"]


def test_a_focal_point_registering_someone_for_a_too_large_event_is_told_to_choose_one(client, focal_point_a):
    EventFactory(title="Taller abierto")
    client.force_login(focal_point_a)
    data = {"event": TOO_LARGE, "given_name": "Lucía", "email": "lucia@example.org", "language": "es"}

    response = client.post("/admin/events/my-city/", data)

    assert response.status_code == 200
    assert "event" in response.context["form"].errors


@pytest.mark.parametrize("too_large", [2**63, 10**30])
def test_a_city_or_an_event_of_a_too_large_id_is_none(medellin, too_large):
    assert not CityPage.objects.filter(pk=too_large).exists()
    assert list(CityPage.objects.filter(pk__in=[too_large, medellin.pk])) == [medellin]
    assert not Contact.objects.filter(city=too_large).exists()
    assert not Contact.objects.filter(city__in=[too_large]).exists()
    assert not EventPage.objects.filter(pk=str(too_large)).exists()
