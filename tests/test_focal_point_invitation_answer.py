"""A focal point registering someone for an event by invitation learns nothing of who else is on its list:
an address outside their cities (unknown to the network, of another city's contact, of a contact without a
city) gets the same answer, and leaves their city's list the same, whether it is invited or not. An invited
one is registered for its own contact's city, as if it had registered itself; one not invited is told so by
e-mail, as the public form does, and nothing is stored. Their own city's people stay as before: registered
when invited, refused with the reason when not, which their city's list shows them anyway."""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from contacts.models import Contact
from events.models import EventPage, Registration
from mailings.models import Segment
from tests.factories import CityFactory, ContactFactory, EventFactory, FocalPointFactory

pytestmark = pytest.mark.django_db

REFUSED = "by invitation"


@pytest.fixture
def quito():
    return CityFactory(title="Quito", country="EC")


@pytest.fixture
def forum(quito):
    """A forum by invitation for the contacts of Quito, Quentin among them."""
    segment = Segment.objects.create(name="Contactos de Quito")
    segment.cities.set([quito])
    ContactFactory(given_name="Quentin", city=quito, emails=["quentin@example.org"])
    return EventFactory(
        title="Foro por invitación", registration=EventPage.Registration.INVITATION, invited_segment=segment
    )


@pytest.fixture
def send(client, medellin, django_capture_on_commit_callbacks):
    """Send the focal point of Medellín's form for an address; the message read and the page landed on."""
    client.force_login(FocalPointFactory(city=medellin))

    def post(event, email):
        data = {"event": event.pk, "given_name": "Nadia", "email": email, "language": "en"}
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("events_city:registrations"), data)
        if response.status_code != 302:
            return None, response.content.decode()
        (message,) = [str(message) for message in get_messages(response.wsgi_request)]
        return message.replace(email, "ADDRESS"), client.get(response["Location"]).content.decode()

    return post


def test_addresses_outside_the_city_get_one_answer_invited_or_not(forum, quito, send):
    ContactFactory(
        given_name="Bruno", city=CityFactory(title="Bogotá", country="CO"), emails=["bruno@example.org"]
    )
    ContactFactory(given_name="Kevin", emails=["kevin@example.org"])
    addresses = ["quentin@example.org", "bruno@example.org", "kevin@example.org", "nadia@example.org"]

    answers = [send(forum, email) for email in addresses]

    messages = {message for message, _page in answers}
    assert len(messages) == 1 and None not in messages, answers
    assert all(REFUSED not in page and "Nadia" not in page for _message, page in answers)
    registration = Registration.objects.get()
    assert (registration.email, registration.city) == ("quentin@example.org", quito)
    assert sorted(message.to[0] for message in mail.outbox if "not on the list" in message.body) == sorted(
        addresses[1:]
    )


def test_a_refused_address_outside_the_city_changes_no_contact(forum, send):
    kevin = ContactFactory(given_name="Kevin", emails=["kevin@example.org"])
    contacts = set(Contact.objects.values_list("pk", flat=True))

    send(forum, "kevin@example.org")
    send(forum, "nadia@example.org")

    assert set(Contact.objects.values_list("pk", flat=True)) == contacts
    kevin.refresh_from_db()
    assert kevin.city is None
    assert not Registration.objects.exists()


def test_their_own_city_s_person_not_invited_is_refused_with_the_reason(forum, medellin, send):
    ContactFactory(given_name="Marta", city=medellin, emails=["marta@example.org"])

    message, page = send(forum, "marta@example.org")

    assert message is None and REFUSED in page
    assert not Registration.objects.exists() and not mail.outbox


def test_their_own_city_s_person_invited_is_registered_for_their_city(forum, medellin, send):
    forum.invited_segment.cities.add(medellin)
    ContactFactory(given_name="Irene", city=medellin, emails=["irene@example.org"])

    _message, page = send(forum, "irene@example.org")

    assert Registration.objects.get().city == medellin
    assert "Nadia" in page, "their city's list shows the registration"
