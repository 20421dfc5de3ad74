"""Staff cancel a registration from the admin (the listing or the registration's page): the same
cancellation as the person's own link, so their place goes to the first person waiting and both are told
by e-mail; the registration's history says who did it. Only who may change registrations may do it, and
only after confirming."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.models import EventPage, Registration
from events.registration import Registrant, register
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


@pytest.fixture
def full_event(django_capture_on_commit_callbacks):
    """An event of one place: Ana has it, Bea waits; their first e-mails sent."""
    event = factories.EventFactory(capacity=1, title="Taller de datos")
    with django_capture_on_commit_callbacks(execute=True):
        ana = register(event, Registrant("Ana", "Pérez", "ana@example.org", language="en"))
        bea = register(event, Registrant("Bea", "Rocha", "bea@example.org", language="en"))
    mail.outbox.clear()
    return ana, bea


def cancel_url(registration):
    return reverse("wagtailsnippets_events_registration:cancel", args=[registration.pk])


def test_staff_cancel_from_the_listing_and_the_place_goes_to_the_person_waiting(
    staff_client, full_event, soup, django_capture_on_commit_callbacks
):
    ana, bea = full_event
    listing = soup(staff_client.get(reverse("wagtailsnippets_events_registration:list")))
    assert listing.find("a", href=lambda href: href and href.startswith(cancel_url(ana)))

    page = staff_client.get(cancel_url(ana))
    assert page.status_code == 200
    assert Registration.objects.get(pk=ana.pk).status == Registration.Status.CONFIRMED, "asked first"
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(cancel_url(ana), follow=True)

    assert response.status_code == 200
    assert "Ana Pérez: registration cancelled" in response.content.decode()
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {"ana@example.org": "cancelled", "bea@example.org": "confirmed"}
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert "is cancelled" in subjects["ana@example.org"]
    assert "A place is free" in subjects["bea@example.org"]
    history = staff_client.get(reverse("wagtailsnippets_events_registration:history", args=[ana.pk]))
    assert "Cancelled by staff" in history.content.decode()


def test_the_registration_s_page_offers_to_cancel_it(staff_client, full_event, soup):
    ana, _bea = full_event
    page = soup(staff_client.get(reverse("wagtailsnippets_events_registration:inspect", args=[ana.pk])))
    assert page.find("a", href=cancel_url(ana))


def test_a_cancelled_registration_is_not_offered_nor_cancelled_again(
    staff_client, full_event, soup, django_capture_on_commit_callbacks
):
    ana, _bea = full_event
    Registration.objects.filter(pk=ana.pk).update(status=Registration.Status.CANCELLED)

    listing = staff_client.get(reverse("wagtailsnippets_events_registration:list")).content.decode()
    assert cancel_url(ana) not in listing
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(cancel_url(ana), follow=True)

    assert "is already cancelled" in response.content.decode()
    assert not mail.outbox


def test_a_next_address_that_is_no_url_is_refused(
    staff_client, full_event, django_capture_on_commit_callbacks
):
    """Django's redirect() would take it for a URL pattern's name, and fail to find one: the admin refuses
    it before any view (network/next_addresses.py), and nothing is cancelled."""
    ana, _bea = full_event
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(cancel_url(ana) + "?next=inscripciones")

    assert response.status_code == 400
    ana.refresh_from_db()
    assert ana.status == Registration.Status.CONFIRMED


@pytest.fixture
def registration_reader(db):
    """May see registrations, not change them."""
    group = Group.objects.create(name="Event readers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_registration")
    )
    user = factories.UserFactory(username="event-reader")
    user.groups.add(group)
    return user


def test_only_who_may_change_registrations_cancel_them(
    client, full_event, registration_reader, focal_point_a, assert_refused
):
    ana, _bea = full_event
    for user in (registration_reader, focal_point_a):
        client.force_login(user)
        assert_refused(client.get(cancel_url(ana)))
        assert_refused(client.post(cancel_url(ana)))
    client.force_login(registration_reader)
    listing = client.get(reverse("wagtailsnippets_events_registration:list")).content.decode()
    assert cancel_url(ana) not in listing
    assert Registration.objects.get(pk=ana.pk).status == Registration.Status.CONFIRMED
    assert not mail.outbox


def test_a_registration_of_an_event_that_took_place_is_not_cancelled(
    staff_client, full_event, django_capture_on_commit_callbacks
):
    """As on the person's own page: once the event is over, cancelling would only e-mail them nonsense."""
    ana, _bea = full_event
    ended = timezone.now() - datetime.timedelta(hours=1)
    EventPage.objects.filter(pk=ana.event_id).update(
        starts_at=ended - datetime.timedelta(hours=3), ends_at=ended
    )

    listing = staff_client.get(reverse("wagtailsnippets_events_registration:list")).content.decode()
    page = staff_client.get(reverse("wagtailsnippets_events_registration:inspect", args=[ana.pk]))
    assert cancel_url(ana) not in listing
    assert cancel_url(ana) not in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(cancel_url(ana), follow=True)

    assert "has already taken place" in response.content.decode()
    assert Registration.objects.get(pk=ana.pk).status == Registration.Status.CONFIRMED
    assert not mail.outbox
