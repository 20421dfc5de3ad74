"""Registering for an event on the public site: places, the waiting list, the e-mails and the personal
link, and the refusals (closed, past, full of the same person, robots, forged links)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from contacts.models import Contact
from events import registration as service
from events.forms import DetailsForm
from events.models import EventPage, Notice, Registration
from tests.factories import CityFactory, ContactFactory, EventFactory

pytestmark = pytest.mark.django_db


def form(email="ana@example.org", given_name="Ana", family_name="Pérez", **extra):
    return {
        "given_name": given_name,
        "family_name": family_name,
        "email": email,
        "organisation": "Alcaldía",
        "role": "Coordinadora",
        "language": "en",
        **extra,
    }


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """POST as a visitor; what the request leaves for after its commit (the e-mails) runs too."""

    def post(url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return post


def in_english(event):
    """The event's page on the English site: the tests read English (pages and, with language "en" in the
    form, e-mails)."""
    return EventPage.objects.get(translation_key=event.translation_key, locale__language_code="en")


@pytest.fixture
def register(send):
    def register(event, **fields):
        return send(f"{in_english(event).url}register/", form(**fields))

    return register


def test_a_visitor_registers_and_gets_a_confirmation_with_the_calendar_file(client, register):
    event = EventFactory(capacity=10, online_url="https://meet.example.org/secret-room")
    response = register(event)
    assert response.status_code == 302
    assert response["Location"].endswith("register/?done=received")
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.contact.emails.get().address == "ana@example.org"
    assert registration.created_contact
    (message,) = mail.outbox
    assert message.to == ["ana@example.org"]
    assert event.title in message.subject
    assert "https://meet.example.org/secret-room" in message.body
    assert f"/registration/{registration.manage_key}/" in message.body
    (name, content, mimetype) = message.attachments[0]
    assert mimetype == "text/calendar" and name.endswith(".ics")
    text = content if isinstance(content, str) else content.decode()
    assert "secret-room" in text.replace("\r\n ", ""), "the calendar file has the online link"
    assert Notice.objects.get().status == Notice.Status.SENT


def test_the_page_after_registering_sends_the_person_to_their_e_mail(client, register):
    """The page says the same to everyone (it must not tell whether an address was registered already:
    tests/test_event_registration_already_registered.py); the e-mail says where the registration stands."""
    event = EventFactory(capacity=1)
    for email in ("ana@example.org", "bea@example.org"):
        page = client.get(register(event, email=email)["Location"])
        assert "Check your e-mail" in page.content.decode()
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert "is confirmed" in subjects["ana@example.org"]
    assert "waiting list" in subjects["bea@example.org"]


def test_a_full_event_puts_people_on_the_waiting_list_without_the_online_link(client, register):
    event = EventFactory(capacity=1, online_url="https://meet.example.org/secret-room")
    register(event, email="first@example.org")
    register(event, email="second@example.org")
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {"first@example.org": "confirmed", "second@example.org": "waiting"}
    waiting_message = mail.outbox[1]
    assert "waiting list" in waiting_message.subject
    assert "secret-room" not in waiting_message.body
    assert not waiting_message.attachments


def test_a_cancellation_moves_the_first_person_waiting_up(client, register, send):
    event = EventFactory(capacity=1, online_url="https://meet.example.org/secret-room")
    for email in ("first@example.org", "second@example.org", "third@example.org"):
        register(event, email=email)
    first = Registration.objects.get(email="first@example.org")
    mail.outbox.clear()
    response = send(f"/registration/{first.manage_key}/", {"action": "cancel-confirmed"})
    assert response.status_code == 302
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "first@example.org": "cancelled",
        "second@example.org": "confirmed",
        "third@example.org": "waiting",
    }
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert "cancelled" in subjects["first@example.org"]
    assert "A place is free" in subjects["second@example.org"]
    promoted = next(message for message in mail.outbox if message.to == ["second@example.org"])
    assert "secret-room" in promoted.body and promoted.attachments


def test_nobody_is_registered_twice(client, register):
    event = EventFactory()
    first = register(event)
    again = register(event, email="ANA@example.org")
    assert (again.status_code, again["Location"]) == (first.status_code, first["Location"])
    assert Registration.objects.count() == 1
    assert "already registered" in mail.outbox[-1].subject


def test_a_registrant_is_matched_to_their_contact_by_email(client, register):
    city = CityFactory(title="Medellín")
    contact = ContactFactory(given_name="Ana", family_name="Pérez", emails=["ana@example.org"])
    register(EventFactory(), email="Ana@Example.org", city=city.translation_key)
    registration = Registration.objects.get()
    assert registration.contact == contact
    assert not registration.created_contact
    assert Contact.objects.count() == 1
    contact.refresh_from_db()
    assert contact.city is None, "anyone may send the form: it changes no existing contact"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"registration": EventPage.Registration.CLOSED}, "takes no registrations"),
        (
            {
                "starts_at": timezone.now() - timedelta(days=2),
                "ends_at": timezone.now() - timedelta(days=1),
            },
            "already taken place",
        ),
        (
            {"registration_closes_at": timezone.now() - timedelta(hours=1)},
            "Registration for this event has closed",
        ),
    ],
)
def test_registration_is_refused_when_it_cannot_be_taken(client, fields, message, register):
    event = EventFactory(**fields)
    response = register(event)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Registration.objects.exists() and not Contact.objects.exists()
    assert not mail.outbox


def test_a_malformed_address_gets_a_message_and_changes_nothing(client, register):
    response = register(EventFactory(), email="ana(at)example")
    assert response.status_code == 400
    assert "form__field--error" in response.content.decode(), "the e-mail field says what is wrong"
    assert not Registration.objects.exists() and not Contact.objects.exists()


def test_a_robot_filling_the_hidden_field_registers_nobody(client, register):
    response = register(EventFactory(), website="https://spam.example")
    assert response.status_code == 302
    assert not Registration.objects.exists() and not mail.outbox


def test_a_forged_link_finds_nothing(client, register):
    register(EventFactory())
    key = Registration.objects.get().manage_key
    forged = key[:-4] + ("AAAA" if not key.endswith("AAAA") else "BBBB")
    assert client.get(f"/registration/{forged}/").status_code == 404
    assert client.post(f"/registration/{forged}/", {"action": "cancel-confirmed"}).status_code == 404
    assert Registration.objects.get().status == Registration.Status.CONFIRMED


@pytest.mark.parametrize("deleted", ["registration", "contact", "event"])
def test_cancelling_a_registration_staff_delete_meanwhile_finds_nothing(register, send, monkeypatch, deleted):
    register(EventFactory())
    registration = Registration.objects.get()
    cancel = service.cancel

    def deleted_first(read):
        """Staff's deletion commits after the page read the registration, before the cancellation."""
        {"registration": registration, "contact": registration.contact, "event": registration.event}[
            deleted
        ].delete()
        return cancel(read)

    monkeypatch.setattr(service, "cancel", deleted_first)
    mail.outbox.clear()
    response = send(f"/registration/{registration.manage_key}/", {"action": "cancel-confirmed"})
    assert response.status_code == 404, "the page of a link to no registration, not an error"
    assert not Registration.objects.exists() and not mail.outbox


@pytest.mark.parametrize("deleted", ["registration", "contact"])
def test_changing_details_of_a_registration_staff_delete_meanwhile_does_not_make_it_again(
    register, send, monkeypatch, deleted
):
    register(EventFactory())
    registration = Registration.objects.get()
    is_valid = DetailsForm.is_valid

    def deleted_meanwhile(form):
        """Staff's deletion commits after the page read the registration, before its save."""
        {"registration": registration, "contact": registration.contact}[deleted].delete()
        return is_valid(form)

    monkeypatch.setattr(DetailsForm, "is_valid", deleted_meanwhile)
    response = send(
        f"/registration/{registration.manage_key}/", {"organisation": "Universidad", "language": "es"}
    )
    assert response.status_code == 404, "the page of a link to no registration, not an error"
    assert not Registration.objects.exists(), "the deleted registration was not made again"


def test_the_personal_link_changes_details_but_not_the_place(client, register):
    register(EventFactory())
    registration = Registration.objects.get()
    page = client.get(f"/registration/{registration.manage_key}/")
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"] or "no-cache" in page["Cache-Control"]
    response = client.post(
        f"/registration/{registration.manage_key}/",
        {
            "organisation": "Universidad",
            "role": "Docente",
            "language": "pt",
            "accessibility_needs": "Subtítulos",
        },
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert (registration.organisation, registration.language, registration.accessibility_needs) == (
        "Universidad",
        "pt",
        "Subtítulos",
    )
    assert registration.status == Registration.Status.CONFIRMED


def test_too_many_registrations_from_one_address_are_refused(client, settings, register):
    settings.EVENT_REGISTRATIONS_PER_ADDRESS = 2
    event = EventFactory()
    for number in range(2):
        assert register(event, email=f"p{number}@example.org").status_code == 302
    response = register(event, email="p3@example.org")
    assert response.status_code == 429
    assert Registration.objects.count() == 2


def test_a_translation_registers_for_the_original_event(send):
    event = EventFactory(capacity=5)
    portuguese = EventPage.objects.get(translation_key=event.translation_key, locale__language_code="pt-br")
    response = send(f"{portuguese.url}register/", form())
    assert response.status_code == 302
    assert Registration.objects.get().event_id == event.pk


def test_confirmed_registrants_are_reminded_once_a_day_before(register, django_capture_on_commit_callbacks):
    from events.notices import send_reminder

    event = EventFactory(capacity=1, online_url="https://meet.example.org/secret-room")
    register(event, email="first@example.org")
    register(event, email="second@example.org")
    first = Registration.objects.get(email="first@example.org")
    waiting = Registration.objects.get(email="second@example.org")
    starts = event.starts_at.isoformat()
    assert not send_reminder.call(first.pk, starts), "not yet: the event is a month away"
    EventPage.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() + timedelta(hours=20), ends_at=timezone.now() + timedelta(hours=22)
    )
    moved = EventPage.objects.get(pk=event.pk).starts_at.isoformat()
    assert not send_reminder.call(first.pk, starts), "the event moved: the old reminder is not sent"
    mail.outbox.clear()
    assert send_reminder.call(first.pk, moved)
    assert not send_reminder.call(first.pk, moved), "never twice"
    assert not send_reminder.call(waiting.pk, moved), "only people with a place"
    (message,) = mail.outbox
    assert message.to == ["first@example.org"] and "Reminder" in message.subject
    assert "secret-room" in message.body and message.attachments


def test_moving_an_event_reminds_its_registrants_at_the_new_time(
    register, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    register(event, email="first@example.org")
    register(event, email="second@example.org")
    mail.outbox.clear()
    page = EventPage.objects.get(pk=event.pk)
    page.starts_at = timezone.now() + timedelta(hours=20)
    page.ends_at = page.starts_at + timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert [message.to for message in mail.outbox] == [["first@example.org"]], "only the person with a place"
    assert "Reminder" in mail.outbox[0].subject
    # Publishing again (a typo fixed) sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        EventPage.objects.get(pk=event.pk).save_revision().publish()
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("city", ["abc", "00000000-0000-0000-0000-000000000000"])
def test_a_city_that_is_not_in_the_list_is_refused_as_any_wrong_choice(client, register, city):
    response = register(EventFactory(), city=city)
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert "UUID" not in response.content.decode()
    assert not Registration.objects.exists() and not Contact.objects.exists()
    register(EventFactory(), email="bea@example.org")
    registration = Registration.objects.get()
    page = client.post(f"/en/registration/{registration.manage_key}/", {"language": "en", "city": city})
    assert page.status_code == 400
    assert "Select a valid choice" in page.content.decode() and "UUID" not in page.content.decode()
