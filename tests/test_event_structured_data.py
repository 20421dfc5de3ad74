"""An event's page tells search engines what it is in schema.org's words (JSON-LD): its name, dates in its
own time zone, whether it is in person or online, where, and in which languages; never the online link."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from events.cancellation import cancel_event
from events.models import EventPage
from tests.factories import CityFactory, EventFactory

pytestmark = pytest.mark.django_db

BOGOTA = ZoneInfo("America/Bogota")
ONLINE_LINK = "https://meet.example.org/sala-privada-qz4"


def structured_data(event):
    """The JSON-LD objects on the event's public page."""
    response = Client().get(event.url)
    assert response.status_code == 200
    html = response.content.decode()
    start_tag = '<script type="application/ld+json">'
    found = []
    for chunk in html.split(start_tag)[1:]:
        found.append(json.loads(chunk.split("</script>", 1)[0]))
    return found


def test_an_event_in_person_says_when_where_and_in_which_languages(home):
    medellin = CityFactory(title="Medellín", country="CO")
    event = EventFactory(
        title="Taller de aprendizaje digital",
        summary="Dos días para planificar la alfabetización digital de personas adultas.",
        starts_at=datetime(2027, 3, 10, 9, 0, tzinfo=BOGOTA),
        ends_at=datetime(2027, 3, 11, 17, 30, tzinfo=BOGOTA),
        time_zone="America/Bogota",
        languages="es,pt",
        venue="Biblioteca Pública Piloto",
        address="Carrera 64 # 50-32",
        host_city=medellin,
        latitude=6.2553,
        longitude=-75.5802,
    )

    (data,) = structured_data(event)

    assert data == {
        "@context": "https://schema.org/",
        "@type": "Event",
        "name": "Taller de aprendizaje digital",
        "description": "Dos días para planificar la alfabetización digital de personas adultas.",
        "url": f"http://testserver{event.url}",
        "startDate": "2027-03-10T09:00:00-05:00",
        "endDate": "2027-03-11T17:30:00-05:00",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "eventStatus": "https://schema.org/EventScheduled",
        "inLanguage": ["es", "pt"],
        "location": {
            "@type": "Place",
            "name": "Biblioteca Pública Piloto",
            "address": {
                "@type": "PostalAddress",
                "streetAddress": "Carrera 64 # 50-32",
                "addressLocality": "Medellín",
                "addressCountry": "CO",
            },
            "geo": {"@type": "GeoCoordinates", "latitude": 6.2553, "longitude": -75.5802},
        },
    }


def test_an_online_event_points_to_its_page_never_to_its_link(home):
    event = EventFactory(
        title="Seminario web sobre ciudades verdes",
        event_format=EventPage.Format.ONLINE,
        online_url=ONLINE_LINK,
    )

    (data,) = structured_data(event)

    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": f"http://testserver{event.url}"}
    assert "sala-privada-qz4" not in Client().get(event.url).content.decode()


def test_a_hybrid_event_on_dates_only_gives_both_places_and_days(home):
    quito = CityFactory(title="Quito", country="EC")
    event = EventFactory(
        title="Foro regional",
        event_format=EventPage.Format.HYBRID,
        online_url=ONLINE_LINK,
        all_day=True,
        starts_at=datetime(2027, 6, 2, 0, 0, tzinfo=ZoneInfo("America/Guayaquil")),
        ends_at=datetime(2027, 6, 4, 23, 59, tzinfo=ZoneInfo("America/Guayaquil")),
        time_zone="America/Guayaquil",
        host_city=quito,
    )

    (data,) = structured_data(event)

    assert (data["startDate"], data["endDate"]) == ("2027-06-02", "2027-06-04")
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["location"] == [
        {
            "@type": "Place",
            "name": "Quito",
            "address": {"@type": "PostalAddress", "addressLocality": "Quito", "addressCountry": "EC"},
        },
        {"@type": "VirtualLocation", "url": f"http://testserver{event.url}"},
    ]


def test_a_draft_host_city_is_not_named(home):
    hidden = CityFactory(title="Ciudad Reservada", publish=False)
    event = EventFactory(title="Taller sin lugar público", host_city=hidden)

    (data,) = structured_data(event)

    assert "location" not in data, "neither a venue nor a city visitors may see"
    assert "Ciudad Reservada" not in json.dumps(data)


def test_a_venue_known_only_by_its_name_has_no_empty_address(home):
    event = EventFactory(title="Taller en la biblioteca", venue="Biblioteca Pública Piloto")

    (data,) = structured_data(event)

    assert data["location"] == {"@type": "Place", "name": "Biblioteca Pública Piloto"}


def test_text_that_looks_like_markup_stays_inside_the_data(home):
    title = 'Taller </script><script>alert("x")</script> & más'
    event = EventFactory(title=title, summary="<b>negrita</b>")

    (data,) = structured_data(event)

    assert data["name"] == title
    assert data["description"] == "<b>negrita</b>"


def test_an_untranslated_copy_gives_the_address_it_names_as_canonical(home):
    event = EventFactory(
        title="Taller sin traducir", event_format=EventPage.Format.HYBRID, online_url=ONLINE_LINK
    )
    copy = EventPage.objects.get(alias_of=event, locale__language_code="en")

    response = Client().get(copy.url)
    html = response.content.decode()
    canonical = html.split('<link rel="canonical" href="', 1)[1].split('"', 1)[0]
    data = json.loads(html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0])

    assert canonical == f"http://testserver{event.url}"
    assert data["url"] == canonical, (
        "search engines are sent to the original, as the page's canonical link says"
    )
    assert data["location"] == {"@type": "VirtualLocation", "url": canonical}


def test_a_cancelled_event_says_so_to_search_engines(home, staff_user):
    event = EventFactory(title="Foro suspendido")

    cancel_event(event, staff_user)

    (data,) = structured_data(event)
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
