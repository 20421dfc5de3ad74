"""The public event pages as a visitor finds them: the lists of upcoming and past events and their filters,
an event's page, its calendar file and the feed of them all, the site navigation, and what never reaches
the public (the online link, the registrants).

Why this module is long: the list, its filters, the event page and the calendar files are one public
surface, tested from the same events.
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from events.models import EventPage
from tests import helpers
from tests.factories import CityFactory, EventFactory, ThemeFactory

pytestmark = pytest.mark.django_db

ONLINE_LINK = "https://meet.example.org/sala-privada-vx7"
ONLINE_TOKEN = "sala-privada-vx7"


def days(number):
    return timezone.now() + timedelta(days=number)


def event_between(title, starts_in_days, ends_in_days, **fields):
    return EventFactory(title=title, starts_at=days(starts_in_days), ends_at=days(ends_in_days), **fields)


def in_language(event, language):
    """The event's page in a language: the original (es) or its copy in that language's tree."""
    return EventPage.objects.get(translation_key=event.translation_key, locale__language_code=language)


def text_of(response):
    return response.content.decode()


def unfolded(response):
    """A calendar file's text with its folded lines (RFC 5545, 3.1) joined again."""
    return response.content.decode().replace("\r\n ", "").replace("\r\n\t", "")


def listed(page, section):
    """Titles of the events listed in the index's "upcoming" or "past" section, in order."""
    part = page.select_one(f'section[aria-labelledby="{section}-heading"]')
    return [link.get_text(strip=True) for link in part.select(".event-card h3 a")]


def empty_state(page, section):
    part = page.select_one(f'section[aria-labelledby="{section}-heading"]')
    message = part.select_one(".empty-state")
    return message.get_text(strip=True) if message else None


def event_calendar_url(client, soup, event_url):
    """The event page's "Add to your calendar" link, as a visitor follows it."""
    page = soup(client.get(event_url))
    link = page.select_one(".event__actions a[download]")
    assert link is not None, "the event page offers its calendar file"
    return link["href"]


def feed_url(client, soup, index_url):
    """The events index's calendar feed, as calendar apps discover it."""
    page = soup(client.get(index_url))
    link = page.select_one('link[rel="alternate"][type="text/calendar"]')
    assert link is not None, "the index announces its calendar feed"
    download = page.select_one("a[download]")
    assert download is not None and download["href"] == link["href"]
    return link["href"]


def calendar_from(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


# --- The lists ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("index_url", ["/events/", "/en/events/"])
def test_upcoming_events_come_by_date_and_past_events_newest_first(client, soup, index_url):
    event_between("Seminario de marzo", 20, 20.1)
    event_between("Taller de enero", 5, 5.1)
    event_between("Curso en curso", -1, 1)  # started yesterday, ends tomorrow: still upcoming
    event_between("Foro de hace diez días", -10, -9.9)
    event_between("Foro de hace cuarenta días", -40, -39.9)
    event_between("Foro del año pasado", -300, -299.9)
    event_between("Borrador futuro", 3, 3.1, publish=False)
    event_between("Borrador pasado", -3, -2.9, publish=False)

    response = client.get(index_url)
    assert response.status_code == 200
    page = soup(response)
    assert listed(page, "upcoming") == ["Curso en curso", "Taller de enero", "Seminario de marzo"]
    assert listed(page, "past") == [
        "Foro de hace diez días",
        "Foro de hace cuarenta días",
        "Foro del año pasado",
    ]
    assert "Borrador" not in text_of(response)
    assert empty_state(page, "upcoming") is None and empty_state(page, "past") is None


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_draft_or_withdrawn_event_is_never_listed_nor_served(client, language):
    draft = EventFactory(title="Borrador secreto", publish=False)
    withdrawn = EventFactory(title="Taller retirado")
    withdrawn.unpublish()
    EventFactory(title="Taller publicado")
    index_url = "/events/" if language == "es" else f"/{language}/events/"

    listing = text_of(client.get(index_url))
    assert "Taller publicado" in listing
    assert "Borrador secreto" not in listing and "Taller retirado" not in listing
    for event in (draft, withdrawn):
        assert client.get(in_language(event, language).url).status_code == 404


def test_the_events_list_says_when_there_is_nothing_to_show(client, soup):
    page = soup(client.get("/en/events/"))
    assert listed(page, "upcoming") == [] and listed(page, "past") == []
    assert empty_state(page, "upcoming") == "No upcoming event has been announced yet."
    assert empty_state(page, "past") == "No past event yet."

    event_between("Taller próximo", 5, 5.1)
    page = soup(client.get("/en/events/"))
    assert listed(page, "upcoming") == ["Taller próximo"]
    assert empty_state(page, "upcoming") is None
    assert empty_state(page, "past") == "No past event yet."


@pytest.mark.parametrize(("index_url", "language"), [("/events/", "es"), ("/pt-br/events/", "pt-br")])
def test_the_events_list_speaks_the_pages_language_when_empty(client, soup, index_url, language):
    page = soup(client.get(index_url))
    assert page.html["lang"] == language
    messages = [empty_state(page, "upcoming"), empty_state(page, "past")]
    assert all(messages), "both sections say they are empty"
    assert "No upcoming event has been announced yet." not in messages
    assert "No past event yet." not in messages
    assert page.select_one("#upcoming-heading").get_text(strip=True) != "Upcoming events"


# --- Filters ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="class")
def filterable(django_db_setup, django_db_blocker):
    """Four upcoming events and one past, differing in kind, theme, language and country; made once for
    the tests of the class and rolled back after them."""
    with helpers.rolled_back_after_module(django_db_blocker):
        water = ThemeFactory(name="Agua y ciudad", slug="agua-y-ciudad")
        art = ThemeFactory(name="Arte público", slug="arte-publico")
        puebla = CityFactory(title="Puebla", country="MX")
        medellin = CityFactory(title="Medellín", country="CO")
        recife = CityFactory(title="Recife", country="BR")
        forum, webinar, course = "forum", "webinar", "course"
        event_between("Foro de Puebla", 10, 11, kind=forum, languages="es", host_city=puebla, themes=[water])
        event_between("Taller de Medellín", 5, 5.1, languages="es,pt", host_city=medellin, themes=[art])
        event_between("Seminario web andino", 7, 7.1, kind=webinar, languages="en", cities=[medellin, puebla])
        event_between("Curso de Recife", 20, 40, kind=course, languages="pt", cities=[recife], themes=[water])
        event_between("Foro pasado de Recife", -30, -29, kind=forum, languages="pt,en", host_city=recife)
        yield


@pytest.mark.usefixtures("filterable")
class TestFilters:
    @pytest.mark.parametrize(
        ("query", "upcoming", "past"),
        [
            ("kind=forum", ["Foro de Puebla"], ["Foro pasado de Recife"]),
            ("kind=webinar", ["Seminario web andino"], []),
            ("theme=agua-y-ciudad", ["Foro de Puebla", "Curso de Recife"], []),
            ("theme=arte-publico", ["Taller de Medellín"], []),
            ("language=pt", ["Taller de Medellín", "Curso de Recife"], ["Foro pasado de Recife"]),
            ("language=en", ["Seminario web andino"], ["Foro pasado de Recife"]),
            ("language=es", ["Taller de Medellín", "Foro de Puebla"], []),
            # the host city's country or a participating city's
            ("country=MX", ["Seminario web andino", "Foro de Puebla"], []),
            ("country=BR", ["Curso de Recife"], ["Foro pasado de Recife"]),
            ("kind=forum&country=BR", [], ["Foro pasado de Recife"]),
            ("language=pt&theme=agua-y-ciudad", ["Curso de Recife"], []),
        ],
    )
    def test_filters_in_the_query_string_choose_the_events(self, client, soup, query, upcoming, past):
        for index_url in ("/events/", "/en/events/"):
            response = client.get(f"{index_url}?{query}")
            assert response.status_code == 200
            page = soup(response)
            assert (listed(page, "upcoming"), listed(page, "past")) == (upcoming, past), index_url
            # The form keeps what was chosen, so that the filtered view can be shared and changed.
            for name_value in query.split("&"):
                name, value = name_value.split("=")
                option = page.select_one(f'select[name="{name}"] option[value="{value}"]')
                assert option.has_attr("selected"), (index_url, name)

    @pytest.mark.parametrize(
        "query",
        ["kind=course&country=MX", "theme=arte-publico&language=en", "kind=webinar&theme=agua-y-ciudad"],
    )
    def test_a_filter_that_matches_nothing_says_so(self, client, soup, query):
        page = soup(client.get(f"/en/events/?{query}"))
        assert listed(page, "upcoming") == [] and listed(page, "past") == []
        assert empty_state(page, "upcoming") == "No upcoming event matches these filters."
        assert empty_state(page, "past") == "No past event matches these filters."
        clear = page.select_one(".filters__actions a")
        assert clear.get_text(strip=True) == "Clear filters" and clear["href"] == "/en/events/"

    def test_a_theme_no_event_has_shows_the_empty_state(self, client, soup):
        ThemeFactory(name="Tema sin eventos", slug="tema-sin-eventos")
        page = soup(client.get("/en/events/?theme=tema-sin-eventos"))
        assert listed(page, "upcoming") == [] and listed(page, "past") == []
        assert empty_state(page, "upcoming") == "No upcoming event matches these filters."

    @pytest.mark.parametrize(
        "query",
        [
            "kind=party",
            "theme=no-such-theme",
            "language=xx",
            "country=ZZ",
            "country=mx",
            "kind=forum&kind=webinar",
            "kind=",
            "page=abc",
            "page=999",
            "page=-1",
            "kind=%00",
            "theme=%27%3B--",
            "language=%F0%9F%8E%89",
            "country=" + "M" * 400,
        ],
    )
    def test_an_invalid_filter_value_gives_a_page_not_an_error(self, client, soup, query):
        for index_url in ("/events/", "/en/events/"):
            response = client.get(f"{index_url}?{query}")
            assert response.status_code == 200, f"{index_url}?{query}"
            page = soup(response)
            assert page.select_one("#upcoming-heading") is not None
            assert page.select_one("#past-heading") is not None

    def test_an_unknown_kind_is_pointed_out_and_the_events_still_listed(self, client, soup):
        page = soup(client.get("/en/events/?kind=party"))
        assert page.select_one(".filters__field--error select[name=kind]") is not None
        assert len(listed(page, "upcoming")) == 4 and listed(page, "past") == ["Foro pasado de Recife"]


# --- An event's page ----------------------------------------------------------------------------------------


def next_march_10th_at_15_utc():
    return datetime(timezone.now().year + 1, 3, 10, 15, tzinfo=UTC)


@pytest.fixture
def forum(db):
    """An upcoming forum in Puebla with two participating cities, a theme and an online link."""
    puebla = CityFactory(title="Puebla", country="MX")
    rosario = CityFactory(title="Rosario", country="AR")
    curitiba = CityFactory(title="Curitiba", country="BR")
    starts = next_march_10th_at_15_utc()
    return EventFactory(
        title="Foro Regional de Puebla",
        kind=EventPage.Kind.FORUM,
        summary="Ciudades que aprenden juntas.",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        time_zone="America/Mexico_City",
        event_format=EventPage.Format.HYBRID,
        venue="Teatro de la Ciudad",
        address="Avenida Reforma 100, Puebla",
        host_city=puebla,
        cities=[rosario, curitiba],
        themes=[ThemeFactory(name="Ciudades verdes", slug="ciudades-verdes")],
        languages="es,pt",
        online_url=ONLINE_LINK,
        capacity=80,
    )


def test_an_event_page_shows_what_where_when_and_who(client, soup, forum):
    response = client.get(forum.url)
    assert response.status_code == 200
    page = soup(response)
    assert page.html["lang"] == "es"
    assert page.h1.get_text(strip=True) == "Foro Regional de Puebla"
    assert page.select_one(".event__kind").get_text(strip=True) == "Foro"
    facts = page.select_one("dl.facts").get_text(" ", strip=True)
    assert "Teatro de la Ciudad" in facts and "Avenida Reforma 100, Puebla" in facts
    assert "Español, Portugués" in facts
    assert "Ciudades verdes" in facts
    assert page.select_one("dl.facts a[href='/cities/puebla/']").get_text(strip=True) == "Puebla"
    taking_part = page.select_one('section[aria-labelledby="cities-heading"]')
    assert [(a.get_text(strip=True), a["href"]) for a in taking_part.select("a")] == [
        ("Curitiba", "/cities/curitiba/"),
        ("Rosario", "/cities/rosario/"),
    ]
    for link in taking_part.select("a"):
        assert client.get(link["href"]).status_code == 200


def test_the_english_copy_of_an_event_page_links_the_english_city_pages(client, soup, forum):
    response = client.get(in_language(forum, "en").url)
    assert response.status_code == 200
    page = soup(response)
    assert page.html["lang"] == "en"
    assert page.select_one(".event__kind").get_text(strip=True) == "Forum"
    facts = page.select_one("dl.facts").get_text(" ", strip=True)
    assert "Spanish, Portuguese" in facts
    taking_part = page.select_one('section[aria-labelledby="cities-heading"]')
    assert "2 cities taking part" in taking_part.get_text(" ", strip=True)
    assert [a["href"] for a in taking_part.select("a")] == ["/en/cities/curitiba/", "/en/cities/rosario/"]
    assert page.select_one("dl.facts a[href='/en/cities/puebla/']") is not None


@pytest.mark.parametrize(
    ("time_zone", "local_time", "offset", "zone_name"),
    [
        ("America/Mexico_City", "09:00", "-06:00", "hora de Ciudad de México, UTC−6"),
        ("America/Sao_Paulo", "12:00", "-03:00", "hora de São Paulo, UTC−3"),
        ("America/Bogota", "10:00", "-05:00", "hora de Bogotá, UTC−5"),
        ("Europe/Berlin", "16:00", "+01:00", "hora de Berlín, UTC+1"),
    ],
)
def test_the_time_shown_is_the_events_own(client, soup, time_zone, local_time, offset, zone_name):
    starts = next_march_10th_at_15_utc()
    event = EventFactory(
        title="Seminario con hora", starts_at=starts, ends_at=starts + timedelta(hours=2), time_zone=time_zone
    )
    page = soup(client.get(event.url))
    when = page.select_one("dl.facts time")
    assert when["datetime"] == f"{starts.year}-03-10T{local_time}:00{offset}"
    assert local_time in when.get_text()
    assert f"({zone_name})" in page.select_one("dl.facts").get_text()
    # The list shows the event's own date too.
    card = soup(client.get("/events/")).select_one(".event-card time")
    assert card["datetime"].startswith(f"{starts.year}-03-10T{local_time}")


def test_an_event_late_at_night_in_its_zone_is_listed_on_its_own_day(client, soup):
    # 03:30 UTC on 11 March is still 10 March in Mexico City.
    starts = datetime(timezone.now().year + 1, 3, 11, 3, 30, tzinfo=UTC)
    event = EventFactory(
        title="Conversatorio nocturno",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        time_zone="America/Mexico_City",
    )
    page = soup(client.get(event.url))
    assert page.select_one("dl.facts time")["datetime"] == f"{starts.year}-03-10T21:30:00-06:00"
    card = soup(client.get("/en/events/")).select_one(".event-card time")
    assert card.get_text(strip=True) == f"10 March {starts.year}"


def test_an_online_event_says_online_without_its_link(client, soup):
    event = EventFactory(
        title="Seminario web abierto",
        kind=EventPage.Kind.WEBINAR,
        event_format=EventPage.Format.ONLINE,
        online_url=ONLINE_LINK,
    )
    response = client.get(in_language(event, "en").url)
    page = soup(response)
    assert "Online" in page.select_one("dl.facts").get_text(" ", strip=True)
    assert ONLINE_TOKEN not in text_of(response)
    card = soup(client.get("/en/events/")).select_one(".event-card__meta").get_text(" ", strip=True)
    assert "Online" in card


def test_the_events_list_names_a_host_city_only_while_visitors_may_see_it(client, soup):
    oaxaca = CityFactory(title="Oaxaca de Juárez", country="MX")
    EventFactory(title="Taller en Oaxaca", event_format=EventPage.Format.IN_PERSON, host_city=oaxaca)
    card = soup(client.get("/events/")).select_one(".event-card__meta").get_text(" ", strip=True)
    assert "Oaxaca de Juárez" in card
    oaxaca.unpublish()
    card = soup(client.get("/events/")).select_one(".event-card__meta").get_text(" ", strip=True)
    assert "Oaxaca" not in card


# --- The event's map ---------------------------------------------------------------------------------


def event_map(response):
    """The event page's map as the map script reads it, or None when the page has none."""
    page = helpers.parse_html(response)
    container = page.select_one("#event-map[data-city-map]")
    if container is None:
        return None
    return {
        "latitude": container["data-latitude"],
        "longitude": container["data-longitude"],
        "marker": container["data-name"],
        "name": container["aria-label"],
    }


def map_assets_of(response):
    """What the page loads to draw maps: the loader script and Leaflet's files (inert until needed)."""
    page = helpers.parse_html(response)
    template = page.select_one("template#map-assets")
    return {
        "loader": [script["src"] for script in page.select("script[src]") if "map-loader" in script["src"]],
        "leaflet": bool(template) and "leaflet" in str(template),
    }


def test_an_in_person_event_maps_its_venue(client):
    puebla = CityFactory(title="Puebla", country="MX", latitude=19.0414, longitude=-98.2063)
    event = EventFactory(
        title="Taller presencial con mapa",
        event_format=EventPage.Format.IN_PERSON,
        venue="Teatro de la Ciudad",
        host_city=puebla,
        latitude=19.0433,
        longitude=-98.1981,
    )
    response = client.get(in_language(event, "en").url)
    assert event_map(response) == {
        "latitude": "19.043300",
        "longitude": "-98.198100",
        "marker": "Teatro de la Ciudad",
        "name": "Map of the event's venue",
    }
    assets = map_assets_of(response)
    assert assets["loader"] and assets["leaflet"]


def test_without_venue_coordinates_the_map_marks_the_host_city(client):
    puebla = CityFactory(title="Puebla", country="MX", latitude=19.0414, longitude=-98.2063)
    event = EventFactory(
        title="Foro híbrido en Puebla", event_format=EventPage.Format.HYBRID, venue="", host_city=puebla
    )
    assert event_map(client.get(event.url)) == {
        "latitude": "19.041400",
        "longitude": "-98.206300",
        "marker": "Foro híbrido en Puebla",  # no venue: the event's title
        "name": "Mapa de Puebla",
    }


@pytest.mark.parametrize(
    ("event_format", "venue_location", "city_location"),
    [
        (
            EventPage.Format.ONLINE,
            {"latitude": 19.0433, "longitude": -98.1981},
            {"latitude": 19.04, "longitude": -98.2},
        ),
        (EventPage.Format.IN_PERSON, {}, {}),
    ],
    ids=["online", "no-known-place"],
)
def test_an_online_event_or_one_with_no_known_place_has_no_map(
    client, event_format, venue_location, city_location
):
    city = CityFactory(title="Ciudad sin mapa", country="MX", **city_location)
    event = EventFactory(title="Sin mapa", event_format=event_format, host_city=city, **venue_location)
    response = client.get(event.url)
    assert response.status_code == 200
    assert event_map(response) is None
    assert map_assets_of(response) == {"loader": [], "leaflet": False}
    assert "leaflet" not in text_of(response).lower()


def register_button(page):
    return page.select_one(".event__actions a.button")


@pytest.mark.parametrize(
    ("fields", "offers_registration"),
    [
        ({"registration": EventPage.Registration.OPEN}, True),
        ({"registration": EventPage.Registration.APPROVAL}, True),
        ({"registration": EventPage.Registration.CLOSED}, False),
        pytest.param(
            {"registration": EventPage.Registration.OPEN, "registration_closes_at": days(-0.1)},
            False,
            id="deadline-passed",
        ),
    ],
)
def test_an_event_page_offers_registration_only_while_it_is_open(client, soup, fields, offers_registration):
    event = EventFactory(title="Taller con inscripción", **fields)
    button = register_button(soup(client.get(event.url)))
    assert (button is not None) == offers_registration
    if button is not None:
        assert button["href"] == f"{event.url}register/"
        assert soup(client.get(button["href"])).select_one('form input[name="email"]') is not None


def test_an_event_that_ended_an_hour_ago_is_past_and_takes_no_registrations(client, soup):
    event = event_between("Taller de esta mañana", -0.2, -0.04)
    page = soup(client.get("/en/events/"))
    assert listed(page, "upcoming") == [] and listed(page, "past") == ["Taller de esta mañana"]
    assert register_button(soup(client.get(in_language(event, "en").url))) is None


def test_an_event_moves_to_the_past_events_once_it_has_ended(client, soup, monkeypatch):
    event = event_between("Taller de esta tarde", -0.05, 0.05)
    english = in_language(event, "en")
    assert listed(soup(client.get("/en/events/")), "upcoming") == ["Taller de esta tarde"]

    three_hours_later = timezone.now() + timedelta(hours=3)
    monkeypatch.setattr(timezone, "now", lambda: three_hours_later)
    page = soup(client.get("/en/events/"))
    assert (listed(page, "upcoming"), listed(page, "past")) == ([], ["Taller de esta tarde"])
    assert register_button(soup(client.get(english.url))) is None


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_online_link_is_never_on_a_public_page_or_file(client, soup, forum, language):
    event = in_language(forum, language)
    index_url = "/events/" if language == "es" else f"/{language}/events/"
    public = {
        "event page": client.get(event.url),
        "register page": client.get(f"{event.url}register/"),
        "events list": client.get(index_url),
        "event calendar": client.get(event_calendar_url(client, soup, event.url)),
        "feed": client.get(feed_url(client, soup, index_url)),
    }
    for name, response in public.items():
        assert response.status_code == 200, name
        text = unfolded(response) if "calendar" in response["Content-Type"] else text_of(response)
        assert ONLINE_TOKEN not in text, f"the online link is on the {name}"
        assert "meet.example.org" not in text, f"the online link is on the {name}"


# --- Calendar files -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["es", "en"])
def test_an_events_calendar_file_holds_the_event_in_its_time_zone(client, soup, forum, language):
    event = in_language(forum, language)
    response = client.get(event_calendar_url(client, soup, event.url))
    calendar = calendar_from(response)
    items = list(calendar.walk("VEVENT"))
    assert len(items) == 1
    (item,) = items
    assert str(item["SUMMARY"]) == "Foro Regional de Puebla"
    assert str(item["UID"]).strip()
    starts = item["DTSTART"]
    assert starts.params["TZID"] == "America/Mexico_City"
    assert starts.dt.replace(tzinfo=None) == datetime(forum.starts_at.year, 3, 10, 9, 0)
    assert starts.dt == forum.starts_at
    assert item["DTEND"].dt == forum.ends_at
    assert [zone["TZID"] for zone in calendar.walk("VTIMEZONE")] == ["America/Mexico_City"]
    assert ONLINE_TOKEN not in unfolded(response)
    assert "Teatro de la Ciudad" in str(item["LOCATION"])
    assert str(item["URL"]).endswith(event.url)


def test_the_calendar_addresses_are_the_ones_the_readme_gives(client, soup, forum):
    english = in_language(forum, "en")
    assert event_calendar_url(client, soup, forum.url) == f"{forum.url}calendar/"
    assert event_calendar_url(client, soup, english.url) == f"{english.url}calendar/"
    assert feed_url(client, soup, "/events/") == "/events/calendar/"
    assert feed_url(client, soup, "/en/events/") == "/en/events/calendar/"


def test_an_event_known_by_its_days_shows_and_exports_dates_only(client, soup):
    zone = ZoneInfo("America/Mexico_City")
    year = timezone.now().year + 1
    event = EventFactory(
        title="Foro de tres días",
        all_day=True,
        time_zone="America/Mexico_City",
        starts_at=datetime(year, 3, 10, tzinfo=zone),
        ends_at=datetime(year, 3, 12, 23, 59, tzinfo=zone),
    )
    english = in_language(event, "en")
    page = soup(client.get(english.url))
    when = page.select_one("dl.facts time").parent
    assert [time["datetime"] for time in when.select("time")] == [f"{year}-03-10", f"{year}-03-12"]
    assert " ".join(when.get_text().split()) == f"10–12 March {year}"

    calendar = calendar_from(client.get(event_calendar_url(client, soup, english.url)))
    (item,) = calendar.walk("VEVENT")
    assert type(item["DTSTART"].dt) is date and item["DTSTART"].dt == date(year, 3, 10)
    assert type(item["DTEND"].dt) is date and item["DTEND"].dt == date(year, 3, 13), "the end is exclusive"


def test_every_language_gives_the_same_calendar_uid(client, soup, forum):
    uids = set()
    for language in ("es", "pt-br", "en"):
        event = in_language(forum, language)
        calendar = calendar_from(client.get(event_calendar_url(client, soup, event.url)))
        uids.update(str(item["UID"]) for item in calendar.walk("VEVENT"))
    assert len(uids) == 1, "a calendar app sees one event, whatever language it came from"


def test_a_draft_has_no_calendar_file(client, soup):
    published = EventFactory(title="Taller publicado")
    draft = EventFactory(title="Taller en borrador", publish=False)
    path = event_calendar_url(client, soup, published.url).removeprefix(published.url)
    assert client.get(f"{draft.url}{path}").status_code == 404


@pytest.mark.parametrize("index_url", ["/events/", "/en/events/"])
def test_the_feed_holds_the_last_year_and_what_is_coming(client, soup, index_url):
    expected = {
        event_between("Foro del próximo año", 300, 302).title,
        event_between("Taller de la semana próxima", 7, 7.1).title,
        event_between("Curso en marcha", -20, 20).title,
        event_between("Seminario de ayer", -1.1, -1).title,
        event_between("Foro de hace once meses", -332, -330).title,
    }
    event_between("Foro de hace trece meses", -402, -400)
    event_between("Foro de hace tres años", -1100, -1098)
    event_between("Taller en borrador", 7, 7.1, publish=False)
    event_between("Foro pasado en borrador", -30, -29, publish=False)

    response = client.get(feed_url(client, soup, index_url))
    calendar = calendar_from(response)
    summaries = [str(item["SUMMARY"]) for item in calendar.walk("VEVENT")]
    assert sorted(summaries) == sorted(expected)
    assert len({str(item["UID"]) for item in calendar.walk("VEVENT")}) == len(expected)


def test_an_empty_feed_is_still_a_calendar(client, soup):
    calendar = calendar_from(client.get(feed_url(client, soup, "/events/")))
    assert calendar.name == "VCALENDAR"
    assert list(calendar.walk("VEVENT")) == []


# --- Registrants stay private -------------------------------------------------------------------------------


def test_a_registrant_never_appears_on_the_public_site(client, soup, django_capture_on_commit_callbacks):
    visitor_city = CityFactory(title="Valparaíso", country="CL")
    event = EventFactory(title="Taller con inscripción", capacity=30, online_url=ONLINE_LINK)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{event.url}register/",
            {
                "given_name": "Renata",
                "family_name": "Vexinscrita",
                "email": "renata.vexinscrita@registro.example",
                "organisation": "Biblioteca Vexpública",
                "role": "Coordinadora",
                "city": visitor_city.translation_key,
                "language": "es",
            },
        )
    assert response.status_code == 302
    assert event.registrations.count() == 1

    english = in_language(event, "en")
    public = {
        "event page": client.get(event.url),
        "English event page": client.get(english.url),
        "register page": client.get(f"{event.url}register/"),
        "events list": client.get("/events/"),
        "English events list": client.get("/en/events/"),
        "event calendar": client.get(event_calendar_url(client, soup, event.url)),
        "English event calendar": client.get(event_calendar_url(client, soup, english.url)),
        "feed": client.get(feed_url(client, soup, "/events/")),
        "English feed": client.get(feed_url(client, soup, "/en/events/")),
    }
    for name, page in public.items():
        assert page.status_code == 200, name
        text = unfolded(page) if "calendar" in page["Content-Type"] else text_of(page)
        for private in ("Renata", "Vexinscrita", "renata.vexinscrita", "registro.example", "Vexpública"):
            assert private not in text, f"{private!r} is on the {name}"
        assert ONLINE_TOKEN not in text, f"the online link is on the {name}"
    # The registrant's city does not become a city taking part.
    assert "Valparaíso" not in text_of(public["event page"])
    # Site search finds nothing of them (the page repeats only the words searched for), though it finds
    # the city.
    assert soup(client.get("/search/", {"query": "Valparaíso"})).select(".search-results li")
    for words in ("Vexinscrita", "renata.vexinscrita@registro.example", "Vexpública"):
        results = soup(client.get("/search/", {"query": words}))
        assert results.select(".search-results li") == [], words


# --- Navigation ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("home_url", "events_url"),
    [("/", "/events/"), ("/en/", "/en/events/"), ("/pt-br/", "/pt-br/events/")],
)
def test_the_site_navigation_leads_to_the_events(client, soup, home_url, events_url):
    page = soup(client.get(home_url))
    links = [link["href"] for link in page.select("nav.site-nav a")]
    assert events_url in links
    response = client.get(events_url)
    assert response.status_code == 200
    current = soup(response).select_one('nav.site-nav a[aria-current="page"]')
    assert current is not None and current["href"] == events_url


def test_an_event_page_keeps_the_events_section_current(client, soup):
    event = EventFactory(title="Taller de navegación")
    current = soup(client.get(event.url)).select_one('nav.site-nav a[aria-current="page"]')
    assert current is not None and current["href"] == "/events/"
