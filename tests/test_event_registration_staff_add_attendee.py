"""Staff add an attendee to an event by hand (a person who wrote, or came to the door): name, e-mail and
city. The person's CRM contact is found by address or made, as the public form does; their place is
confirmed; they get the confirmation e-mail unless staff say not to. Only who may change registrations
may add one."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from contacts.models import Contact
from events.models import EventPage, Notice, Registration
from events.notices import send_event_reminders
from events.registration import Registrant, register
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]
ADD = "wagtailsnippets_events_registration:add_attendee"


@pytest.fixture
def event():
    return factories.EventFactory(capacity=1, title="Taller de datos")


@pytest.fixture
def add(staff_client, django_capture_on_commit_callbacks):
    def add(event, email="luis@example.org", **fields):
        data = {
            "event": event.pk,
            "given_name": "Luis",
            "family_name": "Paz",
            "email": email,
            "language": "en",
        }
        data.update(fields)
        with django_capture_on_commit_callbacks(execute=True):
            return staff_client.post(reverse(ADD), data, follow=True)

    return add


def test_staff_add_an_attendee_who_gets_a_confirmed_place_and_the_e_mail(add, event, medellin):
    response = add(event, city=medellin.pk, send_email="on")

    assert "Luis Paz is registered for “Taller de datos”: Confirmed." in response.content.decode()
    registration = Registration.objects.get()
    assert (registration.status, registration.city, registration.email) == (
        Registration.Status.CONFIRMED,
        medellin,
        "luis@example.org",
    )
    assert registration.created_contact and registration.contact.emails.get().address == "luis@example.org"
    assert registration.contact.city == medellin
    (message,) = mail.outbox
    assert message.to == ["luis@example.org"] and "is confirmed" in message.subject
    assert f"/registration/{registration.manage_key}/" in message.body


def test_an_attendee_added_to_a_full_event_still_has_a_place(add, event, django_capture_on_commit_callbacks):
    register(event, Registrant("Ana", "Pérez", "ana@example.org"))

    add(event, send_email="on")

    assert Registration.objects.get(email="luis@example.org").status == Registration.Status.CONFIRMED


def test_the_contact_with_the_address_is_reused(add, event, medellin):
    contact = factories.ContactFactory(given_name="Luis", family_name="Paz", emails=["Luis@Example.org"])

    add(event, email="luis@example.org", city=medellin.pk, send_email="on")

    registration = Registration.objects.get()
    assert registration.contact == contact and not registration.created_contact
    assert Contact.objects.count() == 1
    contact.refresh_from_db()
    assert contact.city == medellin, "a city the contact lacked is filled in"


def test_staff_may_add_an_attendee_without_writing_to_them(add, event):
    add(event)

    assert Registration.objects.get().status == Registration.Status.CONFIRMED
    assert not mail.outbox and not Notice.objects.exists()


def test_an_attendee_added_without_e_mails_is_not_reminded_either(add, event):
    """The form promises the confirmation and the reminder a day before together: unticked, neither."""
    add(event)
    add(event, email="ana@example.org", send_email="on")
    mail.outbox.clear()
    soon = timezone.now() + timedelta(hours=20)
    EventPage.objects.filter(pk=event.pk).update(starts_at=soon, ends_at=soon + timedelta(hours=2))

    send_event_reminders.call(event.pk, EventPage.objects.get(pk=event.pk).starts_at.isoformat())

    assert [message.to for message in mail.outbox] == [["ana@example.org"]]
    assert not Registration.objects.get(email="luis@example.org").notices.exists()


def test_an_address_registered_already_is_refused_with_a_message(add, event):
    register(event, Registrant("Luis", "Paz", "luis@example.org"))
    mail.outbox.clear()

    response = add(event, email="LUIS@example.org", send_email="on")

    assert "already registered for this event" in response.content.decode()
    assert Registration.objects.count() == 1 and not mail.outbox


def test_the_event_s_header_and_its_registrations_offer_to_add_an_attendee(staff_client, event):
    url = f"{reverse(ADD)}?event={event.pk}"
    listing = staff_client.get(reverse("wagtailsnippets_events_registration:list") + f"?event={event.pk}")
    assert url in listing.content.decode()
    editor = staff_client.get(reverse("wagtailadmin_pages:edit", args=[event.pk]))
    assert url in editor.content.decode()

    form = staff_client.get(url)
    assert form.status_code == 200
    assert f'<option value="{event.pk}" selected>' in form.content.decode()


@pytest.mark.parametrize("written", ["²", "1" * 5000])
def test_an_event_id_that_writes_no_number_is_not_passed_on(staff_client, event, written):
    listing = staff_client.get(reverse("wagtailsnippets_events_registration:list"), {"event": written})
    assert listing.status_code == 200
    assert f'href="{reverse(ADD)}"' in listing.content.decode()

    form = staff_client.get(reverse(ADD), {"event": written})
    assert form.status_code == 200
    assert '<option value="" selected>' in form.content.decode()


@pytest.fixture
def registration_reader(db):
    group = Group.objects.create(name="Event readers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_registration")
    )
    user = factories.UserFactory(username="event-reader")
    user.groups.add(group)
    return user


def test_only_who_may_change_registrations_add_attendees(
    client, event, registration_reader, focal_point_a, assert_refused
):
    data = {"event": event.pk, "given_name": "Luis", "email": "luis@example.org", "language": "es"}
    for user in (registration_reader, focal_point_a):
        client.force_login(user)
        assert_refused(client.get(reverse(ADD)))
        assert_refused(client.post(reverse(ADD), data))
    client.force_login(registration_reader)
    listing = client.get(reverse("wagtailsnippets_events_registration:list")).content.decode()
    assert reverse(ADD) not in listing
    assert not Registration.objects.exists()


@pytest.fixture
def full_event():
    """An event with 2 places, both taken."""
    event = factories.EventFactory(capacity=2, title="Taller lleno")
    register(event, Registrant("Ana", "Pérez", "ana@example.org"))
    register(event, Registrant("Rosa", "Díaz", "rosa@example.org"))
    return event


def test_the_form_warns_that_the_chosen_event_is_full(staff_client, full_event, event, soup):
    page = soup(staff_client.get(reverse(ADD), {"event": full_event.pk}))

    text = " ".join(page.find("main").get_text().split())
    assert "“Taller lleno” is full: 2 of 2 places are taken. The person you add gets a place beyond" in text
    options = {option["value"]: option.get_text() for option in page.select("select[name=event] option")}
    assert options[str(full_event.pk)] == "Taller lleno (full: 2 of 2 places taken)"
    assert options[str(event.pk)] == "Taller de datos", "an event with places left reads as before"

    other = soup(staff_client.get(reverse(ADD), {"event": event.pk}))
    assert "places are taken" not in other.find("main").get_text()


def test_adding_past_the_capacity_is_allowed_and_says_the_event_is_now_over_it(add, full_event):
    response = add(full_event, send_email="on")

    assert Registration.objects.get(email="luis@example.org").status == Registration.Status.CONFIRMED
    text = " ".join(response.content.decode().split())
    assert "Luis Paz is registered for “Taller lleno”: Confirmed." in text
    assert "“Taller lleno” is now over its capacity: 3 places taken of 2." in text


def test_filling_the_last_place_says_nothing_of_capacity(add, event):
    response = add(event, send_email="on")

    assert "capacity" not in response.content.decode()
