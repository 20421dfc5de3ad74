"""A registrant reads the event in their own language: the calendar file, the certificate and their
personal page give the title of the event's translation, when there is one, and the original's when not.
A focal point reads their city's registrations in the admin's language."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from events.calendar import registrant_calendar
from events.certificates import certificate_pdf
from events.models import Certificate, EventPage, Notice, Registration
from events.notices import send_notices
from tests.factories import CityFactory, ContactFactory, EventFactory, FocalPointFactory
from tests.pdf_reading import pdf_text

pytestmark = pytest.mark.django_db


def translate(event, language, **text):
    """A real translation of the event, replacing the untranslated alias, as an editor would make."""
    locale = Locale.objects.get(language_code=language)
    event.get_translation(locale).delete()
    translated = event.copy_for_translation(locale)
    for name, value in text.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return EventPage.objects.get(pk=translated.pk)


def registration_for(event, language, **fields):
    contact = ContactFactory()
    return Registration.objects.create(
        event=event,
        contact=contact,
        name="Ana Pérez",
        email="ana@example.org",
        language=language,
        status=Registration.Status.CONFIRMED,
        **fields,
    )


def calendar_event(registration):
    (item,) = Calendar.from_ical(registrant_calendar(registration)).walk("VEVENT")
    return item


@pytest.fixture
def event():
    event = EventFactory(title="Taller de ciudades", summary="Un taller.", venue="Casa de la cultura")
    translate(event, "en", title="Learning cities workshop", summary="A workshop.", venue="Culture house")
    translate(event, "pt-br", title="Oficina de cidades", summary="Uma oficina.", venue="Casa da cultura")
    return event


@pytest.mark.parametrize(
    ("language", "title", "summary", "place"),
    [
        ("en", "Learning cities workshop", "A workshop.", "Culture house"),
        ("pt", "Oficina de cidades", "Uma oficina.", "Casa da cultura"),
        ("es", "Taller de ciudades", "Un taller.", "Casa de la cultura"),
    ],
)
def test_the_calendar_file_is_in_the_registrants_language(event, language, title, summary, place):
    item = calendar_event(registration_for(event, language))
    assert str(item["summary"]) == title
    assert str(item["description"]).startswith(summary)
    assert str(item["location"]) == place


def test_the_calendar_file_links_the_page_in_the_registrants_language_and_keeps_the_events_times(event):
    english = EventPage.objects.get(translation_key=event.translation_key, locale__language_code="en")
    # A translation not yet synchronised after the event moved: registrations go by the original.
    EventPage.objects.filter(pk=english.pk).update(starts_at=event.starts_at - timedelta(days=7))
    item = calendar_event(registration_for(event, "en"))
    assert str(item["url"]) == english.get_full_url()
    assert item["dtstart"].dt == timezone.localtime(event.starts_at, event.zone).replace(microsecond=0)


def test_an_untranslated_event_keeps_its_original_title_in_the_calendar_file():
    event = EventFactory(title="Foro regional")
    assert str(calendar_event(registration_for(event, "en"))["summary"]) == "Foro regional"


def test_the_certificate_has_the_title_in_the_registrants_language(event):
    text = pdf_text(certificate_pdf(registration_for(event, "pt"), "ABCDEFGHJK"))
    assert "Oficina de cidades" in text and "Taller de ciudades" not in text


def test_the_certificate_of_an_untranslated_event_has_its_original_title():
    event = EventFactory(title="Foro regional")
    assert "Foro regional" in pdf_text(certificate_pdf(registration_for(event, "en"), "ABCDEFGHJK"))


def test_the_personal_page_shows_the_event_in_its_language(client, soup, event):
    registration = registration_for(event, "en")
    with translation.override("en"):
        url = reverse("events_registration", args=[registration.manage_key])
    page = soup(client.get(url)).select_one("main") or soup(client.get(url))
    assert "Learning cities workshop" in page.get_text()
    assert "Taller de ciudades" not in page.get_text()


def test_a_focal_point_sees_the_events_in_the_admins_language(client, soup, event):
    medellin = CityFactory(title="Medellín", country="CO")
    user = FocalPointFactory(city=medellin)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "pt-br"
    profile.save()
    registration_for(event, "en", city=medellin)
    client.force_login(user)

    table = soup(client.get(reverse("events_city:registrations"))).select_one("table.listing").get_text()

    assert "Oficina de cidades" in table and "Taller de ciudades" not in table


def test_the_certificate_check_gives_the_title_the_certificate_has(client, event):
    registration = registration_for(event, "pt")
    EventPage.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(days=2), ends_at=timezone.now() - timedelta(days=1)
    )
    certificate = Certificate.objects.create(registration=registration, pdf=b"%PDF")

    page = client.get(f"/en/certificates/{certificate.code}/").content.decode()

    assert "Oficina de cidades" in page and "Taller de ciudades" not in page


def test_the_emails_never_give_an_unpublished_translations_title(mailoutbox):
    event = EventFactory(title="Foro regional")
    draft = translate(event, "en", title="Regional forum (draft)")
    EventPage.objects.filter(pk=draft.pk).update(live=False)
    registration = registration_for(event, "en")
    Notice.objects.create(registration=registration, kind=Notice.Kind.CONFIRMED)

    assert send_notices.call(registration.pk) == 1
    [message] = mailoutbox
    assert "draft" not in message.subject + message.body
    assert "Foro regional" in message.subject


def test_the_emails_give_the_published_translations_title(mailoutbox):
    event = EventFactory(title="Foro regional")
    translate(event, "en", title="Regional forum")
    registration = registration_for(event, "en")
    Notice.objects.create(registration=registration, kind=Notice.Kind.CONFIRMED)

    assert send_notices.call(registration.pk) == 1
    [message] = mailoutbox
    assert "Regional forum" in message.subject
    assert "/en/" in message.body
