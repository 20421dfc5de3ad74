"""Accepting in bulk more people than an approval-only event has free places: the confirmation page says how
many places are free and who goes on the waiting list, and the message afterwards counts the people given a
place and those on the waiting list apart."""

import pytest
from django.contrib.messages import get_messages

from events.models import EventPage, Notice, Registration
from events.registration import Registrant, register
from tests.factories import EventFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

LISTING = "/admin/snippets/events/registration/"


def person(name):
    return Registrant(
        given_name=name, family_name="Pérez", email=f"{name.lower()}@example.org", language="en"
    )


@pytest.fixture
def event():
    return EventFactory(title="Foro regional", registration=EventPage.Registration.APPROVAL, capacity=1)


@pytest.fixture
def pending(event):
    registrations = [register(event, person(name)) for name in ("Ana", "Bruno", "Carla")]
    Notice.objects.update(status=Notice.Status.SENT)
    return registrations


def accept_all_url(event):
    return f"/admin/bulk/events/registration/accept/?id=all&event={event.pk}&next={LISTING}"


def words(soup, response):
    return " ".join(soup(response).get_text(" ", strip=True).split())


def success_messages(response):
    return [" ".join(str(message).split()) for message in get_messages(response.wsgi_request)]


def test_the_confirmation_says_how_many_places_are_free_and_who_will_wait(staff_client, soup, event, pending):
    response = staff_client.get(accept_all_url(event))

    assert response.status_code == 200
    text = words(soup, response)
    assert "“Foro regional” has 1 place free, given in the order people registered." in text
    assert "The other 2 people will go on the waiting list." in text
    assert "Ana Pérez – Foro regional (Confirmed)" in text
    assert "Bruno Pérez – Foro regional (On the waiting list)" in text
    assert "Carla Pérez – Foro regional (On the waiting list)" in text


def test_the_message_counts_places_and_waiting_list_apart(
    staff_client, event, pending, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(accept_all_url(event))

    assert response.status_code == 302
    statuses = dict(Registration.objects.values_list("name", "status"))
    assert statuses == {"Ana Pérez": "confirmed", "Bruno Pérez": "waiting", "Carla Pérez": "waiting"}
    assert success_messages(response) == [
        "3 registrations accepted (1 with a place and 2 on the waiting list); each person is told by e-mail."
    ]


def test_when_everyone_gets_a_place_the_message_says_so(
    staff_client, soup, event, pending, django_capture_on_commit_callbacks
):
    EventPage.objects.filter(pk=event.pk).update(capacity=5)
    text = words(soup, staff_client.get(accept_all_url(event)))
    assert "“Foro regional” has 5 places free" in text and "waiting list" not in text

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(accept_all_url(event))

    assert success_messages(response) == [
        "3 registrations accepted (3 with a place); each person is told by e-mail."
    ]


def test_with_people_already_waiting_the_newcomers_wait_behind_them(
    staff_client, soup, event, pending, django_capture_on_commit_callbacks
):
    # Ana is already waiting for the one place: it is hers, and Bruno and Carla wait behind her.
    Registration.objects.filter(pk=pending[0].pk).update(status=Registration.Status.WAITING)

    text = words(soup, staff_client.get(accept_all_url(event)))
    assert "has no place free: the 2 people accepted will go on the waiting list." in text

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(accept_all_url(event))

    assert success_messages(response) == [
        "2 registrations accepted (2 on the waiting list); each person is told by e-mail."
    ]
    statuses = dict(Registration.objects.values_list("name", "status"))
    assert statuses == {"Ana Pérez": "confirmed", "Bruno Pérez": "waiting", "Carla Pérez": "waiting"}
