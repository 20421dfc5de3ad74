"""An event's time zone is named the way people read it, in the reader's language: the city whose clock the
times follow and the offset from UTC on the event's day ("hora de São Paulo, UTC−3", "São Paulo, UTC−3",
"São Paulo time, UTC−3"), on the event's page and in the registrants' e-mails. The offset is the one in
force when the event starts (in a zone with daylight saving time it changes with the season), and the one
when it ends too if the clocks change in between."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from events.models import EventPage
from events.registration import Registrant, register
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

NEXT_YEAR = timezone.now().year + 1


def event_at(zone, month, day, hour=10, **fields):
    starts = datetime(NEXT_YEAR, month, day, hour, tzinfo=ZoneInfo(zone))
    return EventFactory(
        title="Taller con hora",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        time_zone=zone,
        **fields,
    )


def page_url(event, language):
    """The event's page in a language: the original (es) or its copy in that language's tree."""
    return EventPage.objects.get(translation_key=event.translation_key, locale__language_code=language).url


def facts(client, soup, url):
    return soup(client.get(url)).select_one("dl.facts").get_text(" ", strip=True)


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("es", "(hora de São Paulo, UTC−3)"),
        ("pt-br", "(São Paulo, UTC−3)"),
        ("en", "(São Paulo time, UTC−3)"),
    ],
)
def test_the_event_page_names_the_time_zone_in_the_readers_language(client, soup, language, name):
    event = event_at("America/Sao_Paulo", 5, 12)
    text = facts(client, soup, page_url(event, language))
    assert name in text
    assert "America/Sao_Paulo" not in text


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("es", "(hora de Ciudad de México, UTC−6)"),
        ("pt", "(Cidade do México, UTC−6)"),
        ("en", "(Mexico City time, UTC−6)"),
    ],
)
def test_the_registrants_e_mail_names_the_time_zone_in_their_language(
    django_capture_on_commit_callbacks, language, line
):
    event = event_at("America/Mexico_City", 5, 12, languages=language)
    person = Registrant(given_name="Ana", family_name="Pérez", email="ana@example.org", language=language)
    with django_capture_on_commit_callbacks(execute=True):
        register(event, person)
    (message,) = mail.outbox
    (when,) = [text for text in message.body.splitlines() if line in text]
    assert "10" in when and "America/Mexico_City" not in message.body


@pytest.mark.parametrize(
    ("month", "offset"),
    [
        (1, "UTC−3"),  # summer in Chile: daylight saving time
        (7, "UTC−4"),
    ],
)
def test_a_zone_with_daylight_saving_time_gives_the_offset_of_the_events_day(client, soup, month, offset):
    event = event_at("America/Santiago", month, 15)
    assert f"(hora de Santiago de Chile, {offset})" in facts(client, soup, event.url)


def test_the_offset_is_the_one_in_force_when_the_event_starts(client, soup):
    """Havana moves its clocks on the second Sunday of March at midnight: an event starting the evening
    before is still at UTC−5."""
    march = datetime(NEXT_YEAR, 3, 1)
    second_sunday = march + timedelta(days=(6 - march.weekday()) % 7 + 7)
    event = event_at("America/Havana", 3, second_sunday.day - 1, hour=20)
    assert "(hora de La Habana, UTC−5)" in facts(client, soup, event.url)


def test_a_half_hour_offset_gives_its_minutes(client, soup):
    event = event_at("America/St_Johns", 2, 10)
    assert "(St. John’s time, UTC−3:30)" in facts(client, soup, page_url(event, "en"))


@pytest.mark.parametrize(
    ("zone", "language", "name"),
    [
        ("UTC", "es", "(UTC)"),
        ("UTC", "en", "(UTC)"),
        ("Europe/Berlin", "es", "(hora de Berlín, UTC+1)"),
        ("Europe/Berlin", "en", "(Berlin time, UTC+1)"),
    ],
)
def test_a_zone_outside_the_americas_reads_well_too(client, soup, zone, language, name):
    event = event_at(zone, 2, 10)
    assert name in facts(client, soup, page_url(event, language))


def test_an_event_across_a_clock_change_gives_both_offsets(client, soup):
    """Chile puts its clocks back one night in autumn: an event from the day before to the day after ends
    at another offset than it started at, and its end time is read at that one."""
    zone = ZoneInfo("America/Santiago")
    day = next(
        datetime(NEXT_YEAR, 3, 20, 12, tzinfo=zone) + timedelta(days=count)
        for count in range(40)
        if (datetime(NEXT_YEAR, 3, 20, 12, tzinfo=zone) + timedelta(days=count)).utcoffset()
        != (datetime(NEXT_YEAR, 3, 21, 12, tzinfo=zone) + timedelta(days=count)).utcoffset()
    )
    event = EventFactory(
        title="Taller de dos días",
        starts_at=day,
        ends_at=day + timedelta(days=1),
        time_zone="America/Santiago",
    )
    assert "(hora de Santiago de Chile, UTC−3/UTC−4)" in facts(client, soup, event.url)
