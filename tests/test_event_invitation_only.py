"""Registration by invitation only: whether an address is invited is decided on the invited segment as it
stood before the attempt. A city typed on the public form, or set by a focal point's form, neither puts
anyone on the list nor changes the CRM when the attempt is refused (the public form then answers as for a
registration and tells the address by e-mail)."""

import pytest
from django.core import mail
from django.urls import reverse

from contacts.models import Contact
from events.models import EventPage, Registration
from mailings.models import Segment
from tests.factories import ContactFactory, EventFactory, FocalPointFactory

pytestmark = pytest.mark.django_db

REFUSED = "by invitation"


@pytest.fixture
def forum(medellin):
    """A forum by invitation for the contacts of Medellín (a segment by city), one of them invited."""
    segment = Segment.objects.create(name="Contactos de Medellín")
    segment.cities.set([medellin])
    ContactFactory(given_name="Irene", city=medellin, emails=["irene@example.org"])
    return EventFactory(
        title="Foro por invitación",
        registration=EventPage.Registration.INVITATION,
        invited_segment=segment,
        capacity=20,
        online_url="https://meet.example.org/forum-room",
    )


def public_form(email, city):
    return {
        "given_name": "Nadia",
        "family_name": "Nueva",
        "email": email,
        "language": "en",
        "city": city.translation_key if city else "",
    }


@pytest.fixture
def register(client, django_capture_on_commit_callbacks):
    def post(event, email, city):
        english = EventPage.objects.get(translation_key=event.translation_key, locale__language_code="en")
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(f"{english.url}register/", public_form(email, city))

    return post


def test_a_member_of_the_invited_segment_registers(forum, medellin, register):
    response = register(forum, "IRENE@example.org", medellin)
    assert response.status_code == 302
    assert Registration.objects.get().status == Registration.Status.CONFIRMED
    assert Contact.objects.count() == 1


def test_a_new_address_typing_the_invited_city_is_refused_and_leaves_no_contact(forum, medellin, register):
    response = register(forum, "nadia@example.org", medellin)
    assert response.status_code == 302, "answered as any registration is"
    assert not Registration.objects.exists()
    assert list(Contact.objects.values_list("given_name", flat=True)) == ["Irene"]
    [message] = mail.outbox
    assert "not on the list" in message.body
    assert "forum-room" not in message.body, "no confirmation, no online link"


def test_a_known_address_without_a_city_is_refused_and_its_contact_kept_as_it_was(forum, medellin, register):
    known = ContactFactory(given_name="Kevin", emails=["kevin@example.org"])
    response = register(forum, "kevin@example.org", medellin)
    assert response.status_code == 302
    known.refresh_from_db()
    assert known.city is None, "the refused attempt filled in no city"
    assert not Registration.objects.exists()
    assert ["not on the list" in message.body for message in mail.outbox] == [True]


def test_a_focal_point_registers_nobody_not_invited_and_is_not_told_so(client, forum, medellin):
    """Addresses outside the focal point's city: the answer is that of any registration
    (tests/test_focal_point_invitation_answer.py)."""
    cityless = ContactFactory(given_name="Kevin", emails=["kevin@example.org"])
    client.force_login(FocalPointFactory(city=medellin))
    url = reverse("events_city:registrations")
    for email in ("nadia@example.org", "kevin@example.org"):
        response = client.post(
            url, {"event": forum.pk, "given_name": "Nadia", "email": email, "language": "es"}, follow=True
        )
        assert response.status_code == 200
        assert REFUSED not in response.content.decode()
    assert not Registration.objects.exists()
    assert Contact.objects.count() == 2
    cityless.refresh_from_db()
    assert cityless.city is None
