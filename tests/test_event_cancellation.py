"""Staff cancel an event from the admin: a page that says how many people will be told, then every active
registration (confirmed, waiting, awaiting approval) is cancelled and each person gets one e-mail, in their
own language. The event's page, the events list, the calendars and the personal pages say it is cancelled;
it takes no more registrations; the event's history says who cancelled it. A second request changes
nothing, and only who may change registrations may do it (not focal points)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.models import PageLogEntry

from events.cancellation import EVENT_CANCELLED_ACTION
from events.models import EventIndexPage, EventPage, Notice, Registration
from events.registration import Registrant, register
from tests.factories import EventFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


def in_language(page, language):
    return type(page).objects.get(translation_key=page.translation_key, locale__language_code=language)


def translated(message, language):
    """A message as the site's catalogues give it in `language` (English until translated)."""
    with translation.override(language):
        return gettext(message)


@pytest.fixture
def event(django_capture_on_commit_callbacks):
    """One place: Ana (Spanish) has it, Bea (English) waits, Caro cancelled her own registration before."""
    event = EventFactory(capacity=1, title="Taller de datos")
    with django_capture_on_commit_callbacks(execute=True):
        register(event, Registrant("Ana", "Pérez", "ana@example.org", language="es"))
        register(event, Registrant("Bea", "Rocha", "bea@example.org", language="en"))
        caro = register(event, Registrant("Caro", "Díaz", "caro@example.org", language="en"))
        Registration.objects.filter(pk=caro.pk).update(status=Registration.Status.CANCELLED)
    mail.outbox.clear()
    return event


def cancel_url(event):
    return reverse("events_cancellation:cancel", args=[event.pk])


@pytest.fixture
def cancel(staff_client, django_capture_on_commit_callbacks):
    def post(event, message=""):
        with django_capture_on_commit_callbacks(execute=True):
            return staff_client.post(cancel_url(event), {"message": message}, follow=True)

    return post


def test_the_confirmation_counts_the_people_who_will_be_told(staff_client, event, soup):
    page = soup(staff_client.get(cancel_url(event)))

    assert "Cancel this event? 2 people registered" in page.get_text(" ", strip=True)
    assert page.find("button", string="Yes, cancel the event")
    assert Registration.objects.filter(status=Registration.Status.CANCELLED).count() == 1, "asked first"
    assert not mail.outbox


def test_the_event_page_offers_staff_to_cancel_it(staff_client, event):
    editor = staff_client.get(reverse("wagtailadmin_pages:edit", args=[event.pk])).content.decode()
    assert cancel_url(event) in editor


def test_everyone_registered_is_cancelled_and_told_once_in_their_language(cancel, event):
    response = cancel(event, message="Volveremos a convocarlo en marzo.")

    assert response.status_code == 200
    assert "“Taller de datos” is cancelled; 2 people are told by e-mail." in response.content.decode()
    assert set(Registration.objects.values_list("status", flat=True)) == {Registration.Status.CANCELLED}
    by_address = {}
    for message in mail.outbox:
        by_address.setdefault(message.to[0], []).append(message)
    assert sorted(by_address) == ["ana@example.org", "bea@example.org"], "one e-mail each, Caro none"
    for address, language in (("ana@example.org", "es"), ("bea@example.org", "en")):
        [message] = by_address[address]
        assert message.subject == translated("“%(title)s” is cancelled", language) % {
            "title": "Taller de datos"
        }
        assert "Volveremos a convocarlo en marzo." in message.body
        assert not message.attachments, "no calendar file of an event that will not take place"


def test_a_second_cancellation_changes_nothing(cancel, event):
    cancel(event)
    mail.outbox.clear()

    response = cancel(event)

    assert "This event was already cancelled: nothing changed." in response.content.decode()
    assert not mail.outbox
    assert PageLogEntry.objects.filter(page=event, action=EVENT_CANCELLED_ACTION).count() == 1


def test_an_e_mail_still_waiting_is_not_sent_after_the_cancellation(
    cancel, django_capture_on_commit_callbacks
):
    event = EventFactory(title="Taller de datos")
    with django_capture_on_commit_callbacks(execute=False):  # The worker has not sent the confirmation.
        register(event, Registrant("Ana", "Pérez", "ana@example.org", language="en"))

    cancel(event)

    [message] = mail.outbox
    assert "is cancelled" in message.subject
    assert not Notice.objects.filter(kind=Notice.Kind.CONFIRMED).exists()


def test_the_history_says_who_cancelled_the_event(cancel, event, staff_user, staff_client):
    cancel(event)

    entry = PageLogEntry.objects.get(page=event, action=EVENT_CANCELLED_ACTION)
    assert entry.user == staff_user
    history = staff_client.get(reverse("wagtailadmin_pages:history", args=[event.pk])).content.decode()
    assert "Event cancelled; 2 people registered were told by e-mail" in history


def test_the_public_page_says_it_is_cancelled_and_takes_no_registration(cancel, event, soup):
    cancel(event)
    english = in_language(event, "en")
    visitor = Client()

    page = soup(visitor.get(english.url))
    assert translated("This event is cancelled.", "en") in page.get_text(" ", strip=True)
    assert not page.find("a", href=f"{english.url}register/"), "no Register button"
    form = visitor.get(f"{english.url}register/").content.decode()
    assert "This event is cancelled: it takes no more registrations." in form
    response = visitor.post(
        f"{english.url}register/",
        {"given_name": "Dora", "family_name": "Luz", "email": "dora@example.org", "language": "en"},
    )
    assert response.status_code == 400
    assert not Registration.objects.filter(email="dora@example.org").exists()


def test_staff_cannot_add_an_attendee_to_a_cancelled_event(cancel, event, staff_client):
    cancel(event)

    response = staff_client.post(
        reverse("wagtailsnippets_events_registration:add_attendee"),
        {"event": event.pk, "given_name": "Dora", "email": "dora@example.org", "language": "es"},
    )

    assert "This event is cancelled: it takes no more registrations." in response.content.decode()
    assert not Registration.objects.filter(email="dora@example.org").exists()


def test_the_list_and_the_calendars_mark_it_cancelled(cancel, event, soup):
    other = EventFactory(title="Taller que sigue")
    cancel(event)
    index = in_language(EventIndexPage.objects.get(pk=event.get_parent().pk), "en")
    visitor = Client()

    cards = {
        card.h3.get_text(strip=True): card.get_text(" ", strip=True)
        for card in soup(visitor.get(index.url)).select(".event-card")
    }
    assert "Cancelled" in cards["Taller de datos"]
    assert "Cancelled" not in cards["Taller que sigue"]
    feed = visitor.get(f"{index.url}calendar/").content.decode()
    assert feed.count("STATUS:CANCELLED") == 1
    assert "STATUS:CANCELLED" in visitor.get(f"{in_language(event, 'en').url}calendar/").content.decode()
    assert "STATUS:CANCELLED" not in visitor.get(f"{in_language(other, 'en').url}calendar/").content.decode()


def test_the_personal_page_says_the_event_was_cancelled(cancel, event):
    cancel(event)
    bea = Registration.objects.get(email="bea@example.org")

    response = Client().get(reverse("events_registration", args=[bea.manage_key]))

    said = translated(
        "The organisers have cancelled this event, and every registration with it: you do not need to do "
        "anything.",
        response.wsgi_request.LANGUAGE_CODE,
    )
    assert said in response.content.decode()


def test_only_who_may_change_registrations_cancel_an_event(client, event, focal_point_a, assert_refused):
    client.force_login(focal_point_a)

    assert_refused(client.get(cancel_url(event)))
    assert_refused(client.post(cancel_url(event)))

    assert not EventPage.objects.get(pk=event.pk).is_cancelled
    assert Registration.objects.filter(status=Registration.Status.CONFIRMED).exists()
    assert not mail.outbox


def test_an_event_that_took_place_is_not_cancelled(staff_client, cancel, event):
    ended = timezone.now() - timedelta(hours=1)
    EventPage.objects.filter(pk=event.pk).update(starts_at=ended - timedelta(hours=3), ends_at=ended)

    assert "it cannot be cancelled" in staff_client.get(cancel_url(event)).content.decode()
    response = cancel(event)

    assert "This event has already taken place: it cannot be cancelled." in response.content.decode()
    assert not EventPage.objects.get(pk=event.pk).is_cancelled
    assert not mail.outbox
