"""The longest answers the registration forms accept fit in the records they fill: on PostgreSQL a value
longer than its column is an error, and the visitor got a server error instead of their place."""

import pytest

from contacts.models import Contact
from events.models import EventPage, Registration
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def register_url(event):
    english = EventPage.objects.get(translation_key=event.translation_key, locale__language_code="en")
    return f"{english.url}register/"


def fits(instance, field_name):
    return len(getattr(instance, field_name)) <= instance._meta.get_field(field_name).max_length


def test_the_longest_given_and_family_names_make_a_name_that_fits(client):
    event = EventFactory(capacity=10)
    data = {"given_name": "A" * 100, "family_name": "B" * 100, "email": "ana@example.org", "language": "en"}

    response = client.post(register_url(event), data)

    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.name == f"{'A' * 100} {'B' * 100}"
    assert fits(registration, "name")


def test_the_consent_source_of_an_event_with_the_longest_title_fits(client):
    event = EventFactory(capacity=10, title="Foro regional de ciudades del aprendizaje " + "x" * 213)
    data = {"given_name": "Ana", "email": "ana@example.org", "language": "es", "consent_to_contact": "on"}

    response = client.post(register_url(event), data)

    assert response.status_code == 302
    contact = Contact.objects.get()
    assert fits(contact, "consent_source")
    assert contact.consent_source.startswith("Registration form of the event “Foro regional de ciudades")
    assert contact.consent_source.endswith("…”")
