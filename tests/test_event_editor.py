"""Staff add and edit events in Wagtail's page editor, typing dates as the clock reads them where the event
happens, whatever the editor's own time zone."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield
from wagtail.users.models import UserProfile

from events.models import EventIndexPage, EventPage
from tests.factories import CityFactory

pytestmark = pytest.mark.django_db

BOGOTA = ZoneInfo("America/Bogota")
SAO_PAULO = ZoneInfo("America/Sao_Paulo")


def event_form(languages=("es", "pt"), **changes):
    values = {
        "title": "Taller de futuras competencias",
        "slug": "taller-futuras-competencias",
        "kind": "workshop",
        "summary": "",
        "starts_at": "2027-03-10 10:00",
        "ends_at": "2027-03-11 17:30",
        "time_zone": "America/Bogota",
        "event_format": "in_person",
        "venue": "Biblioteca Pública Piloto",
        "address": "",
        "host_city": "",
        "latitude": "",
        "longitude": "",
        "online_url": "",
        "programme": streamfield(
            [
                (
                    "session",
                    {
                        "title": "Apertura",
                        "starts_at": "2027-03-10 10:30",
                        "ends_at": "",
                        "speakers": streamfield([]),
                        "description": "",
                    },
                )
            ]
        ),
        "materials": streamfield([]),
        "outcomes": rich_text(""),
        "sources": streamfield([]),
        "registration": "open",
        "capacity": "40",
        "registration_closes_at": "2027-03-09 18:00",
        "invited_segment": "",
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
        "action-publish": "action-publish",
    }
    values.update(changes)
    data = nested_form_data(values)
    data["languages"] = list(languages)
    return data


@pytest.fixture
def events_index():
    return EventIndexPage.objects.get(locale__language_code="es")


def add_url(index):
    return reverse("wagtailadmin_pages:add", args=["events", "eventpage", index.pk])


def test_staff_add_an_event_in_its_own_time_zone_with_languages_and_a_programme(staff_client, events_index):
    # Typed day first, as the editor's date pickers show and write them (network/settings/base.py).
    typed = {"starts_at": "10/03/2027 10:00", "ends_at": "11/03/2027 17:30"}
    response = staff_client.post(
        add_url(events_index), event_form(registration_closes_at="09/03/2027 18:00", **typed)
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    event = EventPage.objects.get(slug="taller-futuras-competencias", locale__language_code="es")
    assert event.live
    # 10:00 in Bogotá, not in the site's (Mexico City's) nor the server's zone.
    assert event.starts_at == datetime(2027, 3, 10, 10, tzinfo=BOGOTA)
    assert event.ends_at == datetime(2027, 3, 11, 17, 30, tzinfo=BOGOTA)
    assert event.registration_closes_at == datetime(2027, 3, 9, 18, tzinfo=BOGOTA)
    assert event.language_codes == ["es", "pt"]
    session = event.programme[0].value
    assert session["title"] == "Apertura"
    assert session["starts_at"] == datetime(2027, 3, 10, 10, 30, tzinfo=BOGOTA)

    # The editor shows the times as they were typed, day first, the programme's included.
    page = staff_client.get(reverse("wagtailadmin_pages:edit", args=[event.pk])).content.decode()
    assert 'value="10/03/2027 10:00"' in page
    assert "10/03/2027 10:30" in page
    # The public page shows them in the event's zone too.
    public = staff_client.get(event.url).content.decode()
    assert "10:30" in public


def test_changing_the_time_zone_keeps_the_clock_times_typed(staff_client, events_index):
    staff_client.post(add_url(events_index), event_form())
    event = EventPage.objects.get(slug="taller-futuras-competencias", locale__language_code="es")
    response = staff_client.post(
        reverse("wagtailadmin_pages:edit", args=[event.pk]), event_form(time_zone="America/Sao_Paulo")
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.starts_at == datetime(2027, 3, 10, 10, tzinfo=SAO_PAULO)
    assert event.programme[0].value["starts_at"] == datetime(2027, 3, 10, 10, 30, tzinfo=SAO_PAULO)


def test_an_editor_with_another_time_zone_of_their_own_types_the_event_s_times(
    staff_client, staff_user, events_index
):
    profile = UserProfile.get_for_user(staff_user)
    profile.current_time_zone = "Europe/Berlin"
    profile.save()
    staff_client.post(add_url(events_index), event_form())
    event = EventPage.objects.get(slug="taller-futuras-competencias", locale__language_code="es")
    assert event.starts_at == datetime(2027, 3, 10, 10, tzinfo=BOGOTA)
    page = staff_client.get(reverse("wagtailadmin_pages:edit", args=[event.pk])).content.decode()
    assert 'value="10/03/2027 10:00"' in page


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"ends_at": "2027-03-09 09:00"}, "ends_at", "cannot end before it starts"),
        ({"ends_at": "2027-03-10 10:00"}, "ends_at", "ends at the very moment it starts"),
        ({"event_format": "online"}, "online_url", "needs the link"),
        ({"latitude": "4.6"}, "longitude", "Give both latitude and longitude"),
        ({"languages": ()}, "languages", "required"),
    ],
)
def test_an_event_that_does_not_add_up_is_refused_with_a_reason(
    staff_client, english_admin, events_index, changes, field, message
):
    before = Page.objects.count()
    response = staff_client.post(add_url(events_index), event_form(**changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors[field]), errors
    assert Page.objects.count() == before


def test_an_event_known_by_its_days_may_end_on_the_day_it_starts(staff_client, events_index):
    response = staff_client.post(
        add_url(events_index),
        event_form(starts_at="2027-03-10 00:00", ends_at="2027-03-10 00:00", all_day="on"),
    )
    assert response.status_code == 302
    event = EventPage.objects.get(slug="taller-futuras-competencias", locale__language_code="es")
    assert event.all_day and event.starts_at == event.ends_at


def test_the_venue_location_is_optional_and_the_host_city_is_chosen_by_its_original(
    staff_client, events_index
):
    medellin = CityFactory(title="Medellín", country="CO")
    response = staff_client.post(
        add_url(events_index), event_form(host_city=medellin.pk, latitude="6.25", longitude="-75.57")
    )
    assert response.status_code == 302
    event = EventPage.objects.get(slug="taller-futuras-competencias", locale__language_code="es")
    assert (event.host_city, event.latitude, event.longitude) == (medellin, 6.25, -75.57)
