"""Places freed other than by a cancellation go to the people waiting, first come first served, with the
e-mail a cancellation's move brings: more places published, a confirmed registration deleted by an admin,
with its contact or by the contact's erasure. Nobody new takes a free place while someone waits for it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from contacts.privacy import erase_contact
from events.models import EventPage, Registration
from events.registration import Registrant, approve, register
from tests.factories import EventFactory, SuperuserFactory

pytestmark = pytest.mark.django_db

CONFIRMED, WAITING = Registration.Status.CONFIRMED, Registration.Status.WAITING


def person(name):
    return Registrant(
        given_name=name.title(), family_name="Espera", email=f"{name}@example.org", language="en"
    )


@pytest.fixture
def full_event(django_capture_on_commit_callbacks):
    """Three places taken by ana, bea and carlos; dora and eva waiting, in that order (each told so)."""
    event = EventFactory(capacity=3, online_url="https://meet.example.org/room")
    with django_capture_on_commit_callbacks(execute=True):
        for name in ("ana", "bea", "carlos", "dora", "eva"):
            register(event, person(name))
    return event


def statuses(event):
    return dict(Registration.objects.filter(event=event).values_list("email", "status"))


def subjects():
    return {message.to[0]: message.subject for message in mail.outbox}


def test_more_places_published_go_to_the_first_people_waiting(full_event, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    page = EventPage.objects.get(pk=full_event.pk)
    page.capacity = 4
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert statuses(full_event)["dora@example.org"] == CONFIRMED
    assert statuses(full_event)["eva@example.org"] == WAITING
    assert "A place is free" in subjects()["dora@example.org"]
    promoted = next(message for message in mail.outbox if message.to == ["dora@example.org"])
    assert "meet.example.org/room" in promoted.body

    with django_capture_on_commit_callbacks(execute=True):
        newcomer = register(full_event, person("fabio"))
    assert newcomer.status == WAITING, "the newcomer queues behind eva"


def test_a_newcomer_never_takes_a_place_someone_is_waiting_for(
    full_event, django_capture_on_commit_callbacks
):
    # A place is free but not yet given (as when the move after a deletion's commit did not run).
    EventPage.objects.filter(pk=full_event.pk).update(capacity=4)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        newcomer = register(full_event, person("fabio"))
    assert newcomer.status == WAITING
    assert statuses(full_event)["dora@example.org"] == CONFIRMED
    assert "A place is free" in subjects()["dora@example.org"]


def test_an_admin_deleting_a_confirmed_registration_moves_the_first_person_waiting_up(
    client, full_event, django_capture_on_commit_callbacks
):
    client.force_login(SuperuserFactory())
    bea = Registration.objects.get(email="bea@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailsnippets_events_registration:delete", args=[bea.pk]))
    assert response.status_code == 302
    assert "bea@example.org" not in statuses(full_event)
    assert statuses(full_event)["dora@example.org"] == CONFIRMED
    assert statuses(full_event)["eva@example.org"] == WAITING
    assert list(subjects()) == ["dora@example.org"]


@pytest.mark.parametrize("removal", [lambda contact: contact.delete(), erase_contact])
def test_a_contact_s_deletion_or_erasure_frees_their_place(
    full_event, removal, django_capture_on_commit_callbacks
):
    ana = Registration.objects.get(email="ana@example.org")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        removal(ana.contact)
    assert statuses(full_event)["dora@example.org"] == CONFIRMED
    assert "A place is free" in subjects()["dora@example.org"]


def test_deleting_someone_waiting_moves_nobody_up(full_event, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        Registration.objects.get(email="dora@example.org").delete()
    assert statuses(full_event)["eva@example.org"] == WAITING
    assert not mail.outbox


def test_after_the_event_nobody_moves_up(full_event, django_capture_on_commit_callbacks):
    EventPage.objects.filter(pk=full_event.pk).update(
        starts_at=timezone.now() - timedelta(days=2), ends_at=timezone.now() - timedelta(days=1)
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        Registration.objects.get(email="ana@example.org").delete()
    assert statuses(full_event)["dora@example.org"] == WAITING
    assert not mail.outbox


def test_deleting_the_event_with_its_registrations_leaves_nothing_to_do(
    full_event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        EventPage.objects.get(pk=full_event.pk).delete()
    assert not Registration.objects.exists()


def test_staff_approving_someone_never_gives_them_a_place_someone_is_waiting_for():
    event = EventFactory(registration=EventPage.Registration.APPROVAL, capacity=1)
    ana, bea, carla = (register(event, person(name)) for name in ("ana", "bea", "carla"))
    approve(ana)
    approve(bea)
    EventPage.objects.filter(pk=event.pk).update(capacity=2)  # a place free, not yet given to Bea
    assert approve(carla).status == WAITING
    assert statuses(event) == {
        "ana@example.org": CONFIRMED,
        "bea@example.org": CONFIRMED,
        "carla@example.org": WAITING,
    }
