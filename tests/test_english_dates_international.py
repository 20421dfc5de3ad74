"""English pages, e-mails and certificates write dates the international way, as UNESCO's English
publications do: "6 January 2027", and times on the 24-hour clock like the other languages ("6 January
2027, 15:00"), never Django's American "Jan. 6, 2027, 3 p.m.". Spanish and Portuguese read as before."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from cities.models import CityPage
from events.certificates import certificate_pdf
from events.dates import date_range
from events.models import EventPage
from events.registration import Registrant, register
from mailings.models import Mailing
from tests.factories import CityFactory, EventFactory
from tests.pdf_reading import pdf_text
from tests.test_event_registrant_language import registration_for
from tests.test_progress_cycle_admin import cycle_with_cities  # noqa: F401

pytestmark = pytest.mark.django_db

YEAR = timezone.now().year + 1
BOGOTA = ZoneInfo("America/Bogota")

# language: (date, date and time, short date, range over two months)
WRITTEN = {
    "en": ("6 January 2027", "6 January 2027, 15:00", "06/01/2027", "30 December 2026 – 2 January 2027"),
    "es": (
        "6 de enero de 2027",
        "6 de enero de 2027 a las 15:00",
        "06/01/2027",
        "30 de diciembre de 2026 – 2 de enero de 2027",
    ),
    "pt-br": (
        "6 de janeiro de 2027",
        "6 de janeiro de 2027 às 15:00",
        "06/01/2027",
        "30 de dezembro de 2026 – 2 de janeiro de 2027",
    ),
}


@pytest.mark.parametrize("language", WRITTEN)
def test_each_language_writes_day_month_year_and_24_hour_times(language):
    moment = datetime(2027, 1, 6, 15, 0)
    with translation.override(language):
        assert (
            date_format(moment.date(), "DATE_FORMAT"),
            date_format(moment, "DATETIME_FORMAT"),
            date_format(moment.date(), "SHORT_DATE_FORMAT"),
            date_range(date(2026, 12, 30), date(2027, 1, 2)),
        ) == WRITTEN[language]


def test_english_ranges_of_days_name_the_month_after_the_days():
    with translation.override("en"):
        assert date_range(date(2026, 12, 6), date(2026, 12, 8)) == "6–8 December 2026"
        assert date_range(date(2026, 11, 30), date(2026, 12, 2)) == "30 November – 2 December 2026"


@pytest.fixture
def workshop():
    """15:00 to 17:00 on 6 January next year in Bogotá."""
    starts = datetime(YEAR, 1, 6, 15, 0, tzinfo=BOGOTA)
    return EventFactory(
        title="Taller de enero",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        time_zone="America/Bogota",
        registration_closes_at=datetime(YEAR, 1, 4, 18, 0, tzinfo=BOGOTA),
    )


def in_language(page, language):
    return page.specific_class.objects.get(
        translation_key=page.translation_key, locale__language_code=language
    )


def event_facts(client, soup, event, language):
    found = soup(client.get(in_language(event, language).url))
    return {
        item.dt.get_text(strip=True): " ".join(item.dd.get_text(" ", strip=True).split())
        for item in found.select(".facts > div")
    }


@pytest.mark.parametrize(
    "language, when_label, when, registration_label, registration",
    [
        (
            "en",
            "When",
            f"6 January {YEAR}, 15:00 – 17:00 (Bogotá time, UTC−5)",
            "Registration",
            f"Open until 4 January {YEAR}, 18:00",
        ),
        (
            "es",
            "Cuándo",
            f"6 de enero de {YEAR} a las 15:00 – 17:00 (hora de Bogotá, UTC−5)",
            "Inscripción",
            f"Abierta hasta el 4 de enero de {YEAR} a las 18:00",
        ),
    ],
)
def test_the_event_page_gives_its_time_and_deadline_in_the_visitors_style(
    client, soup, workshop, language, when_label, when, registration_label, registration
):
    facts = event_facts(client, soup, workshop, language)
    assert facts[when_label] == when
    assert facts[registration_label] == registration


@pytest.mark.parametrize(
    "prefix, day",
    [("/en", f"6 January {YEAR}"), ("", f"6 de enero de {YEAR}"), ("/pt-br", f"6 de janeiro de {YEAR}")],
)
def test_the_events_list_gives_the_day_in_the_visitors_style(client, soup, workshop, prefix, day):
    (card,) = soup(client.get(f"{prefix}/events/")).select(".event-card")
    assert card.select_one(".event-card__meta time").get_text(strip=True) == day


@pytest.mark.parametrize("language, updated", [("en", f"6 January {YEAR}"), ("es", f"6 de enero de {YEAR}")])
def test_the_city_page_gives_its_last_update_in_the_visitors_style(client, soup, language, updated):
    city = CityFactory(title="Ciudad de enero")
    CityPage.objects.filter(translation_key=city.translation_key).update(
        last_published_at=datetime(YEAR, 1, 6, 12, 0, tzinfo=BOGOTA)
    )
    page = soup(client.get(in_language(city, language).url))
    (time,) = [time for time in page.select("p.muted time") if time.get("datetime", "").startswith(str(YEAR))]
    assert time.get_text(strip=True) == updated


@pytest.mark.parametrize(
    "language, when",
    [
        ("en", f"When: 6 January {YEAR}, 15:00 – 17:00 (Bogotá time, UTC−5)"),
        ("es", f"Cuándo: 6 de enero de {YEAR} a las 15:00 – 17:00 (hora de Bogotá, UTC−5)"),
    ],
)
def test_the_confirmation_e_mail_gives_the_time_in_the_registrants_style(
    workshop, django_capture_on_commit_callbacks, language, when
):
    person = Registrant(given_name="Ana", family_name="Pérez", email="ana@example.org", language=language)
    with django_capture_on_commit_callbacks(execute=True):
        register(EventPage.objects.get(pk=workshop.pk), person)
    (message,) = mail.outbox
    assert when in message.body.splitlines()


@pytest.mark.parametrize("language, day", [("en", f"6 January {YEAR}"), ("es", f"6 de enero de {YEAR}")])
def test_the_certificate_gives_the_day_in_its_holders_style(workshop, language, day):
    registration = registration_for(workshop, language)
    assert day in pdf_text(certificate_pdf(registration, "ABCDEFGHJK"))


def test_the_late_report_reminder_gives_the_due_date_in_each_languages_style(
    staff_client,
    cycle_with_cities,  # noqa: F811
):
    """The reminder to late cities' focal points gives the due date in words in each language, not as an
    ISO date or in figures in the middle of a sentence."""
    cycle, _cities = cycle_with_cities
    staff_client.post(reverse("progress_reminders:remind", args=[cycle.pk]))
    mailing = Mailing.objects.get()
    due = cycle.due_on
    assert f"was due on {due.day} {due:%B} {due.year}, and" in mailing.body_en
    assert due.isoformat() not in mailing.body_en
    months = {
        "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
        "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    }
    month = {language: names.split()[due.month - 1] for language, names in months.items()}
    assert f"venció el {due.day} de {month['es']} de {due.year}," in mailing.body_es
    assert f"venceu em {due.day} de {month['pt']} de {due.year}," in mailing.body_pt
