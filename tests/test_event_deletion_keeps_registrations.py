"""Staff cannot delete, in the admin, an event people registered for: not from its delete view, not with the
explorer's bulk deletion, not by deleting the events index above it. Nothing is deleted, the issued
certificates keep verifying, and the message says to unpublish or cancel instead. An event nobody registered
for, and a translation of one people did, are deleted as before."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale, Page
from wagtail.users.models import UserProfile

from events.models import Certificate, EventIndexPage, EventPage, Registration
from events.registration import Registrant, register
from tests.factories import EventFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

REFUSED = "Nothing was deleted: people registered for"
SITE_NAME = {"confirm_site_name": "Learning Cities Network"}
BULK_DELETE = "/admin/bulk/wagtailcore/page/delete/?next=/admin/pages/"


@pytest.fixture
def english_superuser(admin_user):
    """An administrator (who may delete the events index) reading the admin in English."""
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()


@pytest.fixture
def attended_event():
    """An event that is over, with a registration whose certificate was issued."""
    event = EventFactory(title="Taller de datos abiertos")
    registration = register(event, Registrant("Ana", "Pérez", "ana@example.org", language="en"))
    EventPage.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(days=2), ends_at=timezone.now() - timedelta(days=1)
    )
    certificate = Certificate.objects.create(registration=registration, pdf=b"%PDF-")
    return event, certificate


def still_there(event, certificate):
    return (
        EventPage.objects.filter(pk=event.pk).exists()
        and Registration.objects.filter(event=event).exists()
        and Client().get(reverse("events_certificate", args=[certificate.code])).status_code == 200
    )


def test_the_delete_view_refuses_an_event_with_registrations(staff_client, attended_event):
    event, certificate = attended_event
    delete_url = reverse("wagtailadmin_pages:delete", args=[event.pk])

    confirmation = staff_client.get(delete_url, follow=True)
    assert REFUSED in confirmation.content.decode(), "refused before the confirmation, with the reason"
    assert "Unpublish the event instead, or cancel it" in confirmation.content.decode()
    assert "“Taller de datos abiertos”" in confirmation.content.decode()

    response = staff_client.post(delete_url, SITE_NAME)
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_pages:edit", args=[event.pk])
    assert still_there(event, certificate)


def test_the_bulk_deletion_refuses_an_event_with_registrations(staff_client, attended_event):
    event, certificate = attended_event
    other = EventFactory(title="Taller sin inscritos")

    response = staff_client.post(f"{BULK_DELETE}&id={event.pk}&id={other.pk}", SITE_NAME, follow=True)

    assert REFUSED in response.content.decode()
    assert still_there(event, certificate)
    assert EventPage.objects.filter(pk=other.pk).exists(), "all or nothing"


@pytest.mark.usefixtures("english_superuser")
@pytest.mark.parametrize("bulk", [False, True], ids=["delete view", "bulk deletion"])
def test_deleting_the_page_above_an_event_with_registrations_is_refused(admin_client, attended_event, bulk):
    event, certificate = attended_event
    index = EventIndexPage.objects.get(pk=event.get_parent().pk)

    if bulk:
        response = admin_client.post(f"{BULK_DELETE}&id={index.pk}", SITE_NAME, follow=True)
    else:
        response = admin_client.post(
            reverse("wagtailadmin_pages:delete", args=[index.pk]), SITE_NAME, follow=True
        )

    assert "people registered for “Taller de datos abiertos”" in response.content.decode()
    assert Page.objects.filter(pk=index.pk).exists()
    assert still_there(event, certificate)


def test_an_event_nobody_registered_for_is_deleted(staff_client):
    event = EventFactory(title="Taller sin inscritos")

    staff_client.post(reverse("wagtailadmin_pages:delete", args=[event.pk]))

    assert not EventPage.objects.filter(pk=event.pk).exists()


def test_a_translation_of_an_event_with_registrations_is_deleted(admin_client, attended_event):
    event, certificate = attended_event
    english_copy = event.get_translation(Locale.objects.get(language_code="en"))

    admin_client.post(reverse("wagtailadmin_pages:delete", args=[english_copy.pk]))

    assert not Page.objects.filter(pk=english_copy.pk).exists()
    assert still_there(event, certificate)
