"""An event of several days reads as its visitor's language writes a range of days: the month named once
and in that language's case ("6–8 de diciembre de 2026", not "6 Dic – 8 Dic 2026"), in the events list,
the search results, the event page and the certificate's verification page."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from events.certificates import certificate_pdf
from events.dates import date_range
from events.models import Certificate, EventPage
from tests.factories import EventFactory
from tests.pdf_reading import pdf_text
from tests.test_event_registrant_language import registration_for
from tests.test_knowledge_search import search

YEAR = timezone.now().year + 1
ZONE = ZoneInfo("America/Mexico_City")

RANGES = {
    # language: (one day, same month, different months, different years)
    "es": (
        "6 de diciembre de 2026",
        "6–8 de diciembre de 2026",
        "30 de noviembre – 2 de diciembre de 2026",
        "30 de diciembre de 2026 – 2 de enero de 2027",
    ),
    "pt-br": (
        "6 de dezembro de 2026",
        "6 a 8 de dezembro de 2026",
        "30 de novembro a 2 de dezembro de 2026",
        "30 de dezembro de 2026 – 2 de janeiro de 2027",
    ),
    "en": (
        "6 December 2026",
        "6–8 December 2026",
        "30 November – 2 December 2026",
        "30 December 2026 – 2 January 2027",
    ),
}
CASES = (
    (date(2026, 12, 6), date(2026, 12, 6)),
    (date(2026, 12, 6), date(2026, 12, 8)),
    (date(2026, 11, 30), date(2026, 12, 2)),
    (date(2026, 12, 30), date(2027, 1, 2)),
)


@pytest.mark.parametrize("language", RANGES)
def test_a_range_of_days_reads_as_each_language_writes_it(language):
    with translation.override(language):
        assert [date_range(first, last) for first, last in CASES] == list(RANGES[language])


@pytest.fixture
def three_day_forum(db):
    """An event known by its days, 6 to 8 December next year where it happens."""
    return EventFactory(
        title="Foro de tres días",
        all_day=True,
        time_zone="America/Mexico_City",
        starts_at=datetime(YEAR, 12, 6, tzinfo=ZONE),
        ends_at=datetime(YEAR, 12, 8, 23, 59, tzinfo=ZONE),
    )


@pytest.fixture
def month_end_workshop(db):
    """A timed event from the last day of November to the first of December, in its own zone."""
    return EventFactory(
        title="Taller de fin de mes",
        time_zone="America/Mexico_City",
        starts_at=datetime(YEAR, 11, 30, 9, tzinfo=ZONE),
        ends_at=datetime(YEAR, 12, 1, 18, tzinfo=ZONE),
    )


def card_times(soup, response):
    return {
        card.h3.get_text(strip=True): card.select_one(".event-card__meta time")
        for card in soup(response).select(".event-card")
    }


@pytest.mark.parametrize(
    "prefix, forum_days, workshop_days",
    [
        ("", f"6–8 de diciembre de {YEAR}", f"30 de noviembre – 1 de diciembre de {YEAR}"),
        ("/pt-br", f"6 a 8 de dezembro de {YEAR}", f"30 de novembro a 1 de dezembro de {YEAR}"),
        ("/en", f"6–8 December {YEAR}", f"30 November – 1 December {YEAR}"),
    ],
)
def test_the_events_list_gives_an_events_days_in_the_visitors_language(
    client, soup, three_day_forum, month_end_workshop, prefix, forum_days, workshop_days
):
    times = card_times(soup, client.get(f"{prefix}/events/"))
    forum, workshop = times["Foro de tres días"], times["Taller de fin de mes"]
    assert forum.get_text(strip=True) == forum_days
    assert workshop.get_text(strip=True) == workshop_days
    assert forum["datetime"] == f"{YEAR}-12-06T00:00:00-06:00", "the machine-readable start stays"
    assert workshop["datetime"] == f"{YEAR}-11-30T09:00:00-06:00"


@pytest.mark.parametrize(
    "prefix, days", [("", f"6–8 de diciembre de {YEAR}"), ("/en", f"6–8 December {YEAR}")]
)
def test_a_search_result_gives_an_events_days_in_the_visitors_language(
    client, soup, three_day_forum, prefix, days
):
    (result,) = [
        item
        for item in search(client, soup, "foro", prefix=prefix).select("ol.search-results li")
        if item.h3.get_text(strip=True) == "Foro de tres días"
    ]
    time = result.select_one("time")
    assert time.get_text(strip=True) == days
    assert time["datetime"] == f"{YEAR}-12-06T00:00:00-06:00"


@pytest.mark.parametrize(
    "language, days",
    [
        ("es", f"6–8 de diciembre de {YEAR}"),
        ("pt-br", f"6 a 8 de dezembro de {YEAR}"),
        ("en", f"6–8 December {YEAR}"),
    ],
)
def test_the_event_page_gives_its_days_in_the_visitors_language(
    client, soup, three_day_forum, language, days
):
    page = EventPage.objects.get(
        translation_key=three_day_forum.translation_key, locale__language_code=language
    )
    when = soup(client.get(page.url)).select_one("dl.facts time").parent
    assert [time["datetime"] for time in when.select("time")] == [f"{YEAR}-12-06", f"{YEAR}-12-08"]
    assert " ".join(when.get_text().split()) == days


def test_an_event_page_of_one_day_gives_that_day(client, soup, db):
    event = EventFactory(
        title="Jornada de un día",
        all_day=True,
        time_zone="America/Mexico_City",
        starts_at=datetime(YEAR, 12, 6, tzinfo=ZONE),
        ends_at=datetime(YEAR, 12, 6, 23, 59, tzinfo=ZONE),
    )
    when = soup(client.get(event.url)).select_one("dl.facts time").parent
    assert [time["datetime"] for time in when.select("time")] == [f"{YEAR}-12-06"]
    assert when.get_text(strip=True) == f"6 de diciembre de {YEAR}"


@pytest.fixture
def last_years_certificate(db):
    """A certificate of a forum held 6 to 8 December last year, issued to someone who reads Portuguese."""
    year = timezone.now().year - 1
    event = EventFactory(
        title="Foro del año pasado",
        all_day=True,
        time_zone="America/Mexico_City",
        starts_at=datetime(year, 12, 6, tzinfo=ZONE),
        ends_at=datetime(year, 12, 8, 23, 59, tzinfo=ZONE),
    )
    registration = registration_for(event, "pt")
    return Certificate.objects.create(
        registration=registration, pdf=certificate_pdf(registration, "ABCDEFGHJK")
    )


@pytest.mark.parametrize("prefix, days", [("", "6–8 de diciembre de {year}"), ("/en", "6–8 December {year}")])
def test_the_certificate_check_gives_the_days_in_the_visitors_language(
    client, soup, last_years_certificate, prefix, days
):
    page = soup(client.get(f"{prefix}/certificates/{last_years_certificate.code}/"))
    (dates,) = [row.dd for row in page.select("dl div") if row.dt.get_text(strip=True) in ("Fechas", "Dates")]
    assert dates.get_text(strip=True) == days.format(year=timezone.now().year - 1)


def test_the_certificate_gives_the_days_in_its_holders_language(last_years_certificate):
    year = timezone.now().year - 1
    assert f"6 a 8 de dezembro de {year}" in pdf_text(bytes(last_years_certificate.pdf))
