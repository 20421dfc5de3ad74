"""Nobody adds or copies a registration through the admin's blank form, administrators included: a
registration is made by a form that gives the place, finds the contact and writes the e-mail (the event's
page, or a focal point's "Events: my city"); the snippet form could do none of it and ended in a server
error."""

import pytest
from django.urls import reverse

from events.models import Registration
from events.registration import Registrant, register
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def test_an_administrator_is_offered_no_blank_registration_form(admin_client):
    register(EventFactory(), Registrant("Ana", "Pérez", "ana@example.org"))
    listing = admin_client.get(reverse("wagtailsnippets_events_registration:list")).content.decode()
    add = reverse("wagtailsnippets_events_registration:add")

    assert add not in listing
    assert "/copy/" not in listing
    assert admin_client.get(add).status_code in (302, 403)


def test_posting_the_blank_form_stores_nothing_and_is_no_server_error(admin_client):
    response = admin_client.post(
        reverse("wagtailsnippets_events_registration:add"), {"organisation": "Alcaldía", "language": "es"}
    )

    assert response.status_code in (302, 403)
    assert not Registration.objects.exists()


def test_staff_still_read_change_and_delete_registrations(admin_client):
    registration = register(EventFactory(), Registrant("Ana", "Pérez", "ana@example.org"))

    for view in ("inspect", "edit", "delete"):
        url = reverse(f"wagtailsnippets_events_registration:{view}", args=[registration.pk])
        assert admin_client.get(url).status_code == 200
