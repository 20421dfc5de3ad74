"""Erasing a person takes their name out of the audit log of their event registrations too
(contacts/privacy.py): a registration's entries are labelled "name – event" when staff add an attendee,
edit a registration or cancel it, and Reports › Site history lists them. After the erasure, by the
admin's Delete or by `contact_data --erase`, no entry's label or data names the person or their address,
those of the registrations of a contact merged into theirs included; the entries stay, with what stands
in place of an erased name. Another person's entries keep their name."""

import io
import json
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from contacts.models import Contact
from contacts.privacy import erased_label
from events.models import Registration
from events.registration import Registrant, register
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

ADDRESS, OTHER_ADDRESS = "luis.paz@example.org", "lpaz@example.net"
PERSONAL = ("Luis", "Paz", "luis.paz", "lpaz")


@pytest.fixture
def staff_post(staff_client, django_capture_on_commit_callbacks):
    def post(url, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(url, data or {})
        assert response.status_code == 302, response.content.decode()[:2000]
        return response

    return post


def add_attendee(staff_post, event, address, given="Luis", family="Paz"):
    staff_post(
        reverse("wagtailsnippets_events_registration:add_attendee"),
        {"event": event.pk, "given_name": given, "family_name": family, "email": address, "language": "es"},
    )
    return Registration.objects.get(event=event, email=address)


@pytest.fixture
def history(staff_post, staff_client):
    """Luis Paz's registrations, each with entries written through the admin: one added by staff and
    edited, one made on the public form and cancelled by staff, one of a duplicate contact merged into
    his. Ana Ruiz, added by staff too, is someone else."""
    workshop = factories.EventFactory(title="Taller de datos")
    forum = factories.EventFactory(title="Foro regional")
    webinar = factories.EventFactory(title="Seminario web")
    added = add_attendee(staff_post, workshop, ADDRESS)
    staff_post(
        reverse("wagtailsnippets_events_registration:edit", args=[added.pk]),
        {
            "name": "Luis Paz",
            "organisation": "Alcaldía",
            "role": "Coordinador",
            "language": "es",
            "accessibility_needs": "",
        },
    )
    public = register(forum, Registrant("Luis", "Paz", ADDRESS))
    staff_post(reverse("wagtailsnippets_events_registration:cancel", args=[public.pk]))
    duplicate_registration = add_attendee(staff_post, webinar, OTHER_ADDRESS, family="Paz Soto")
    person = Contact.objects.get(emails__address=ADDRESS)
    staff_post(reverse("contacts_merge:merge", args=[duplicate_registration.contact_id]), {"keep": person.pk})
    other = add_attendee(staff_post, workshop, "ana@example.org", given="Ana", family="Ruiz")
    registration_entries = ModelLogEntry.objects.filter(
        object_id__in=[str(pk) for pk in (added.pk, public.pk, duplicate_registration.pk)],
        content_type__model="registration",
    )
    assert registration_entries.count() == 4, "created and edited; cancelled; created"
    assert all("Paz" in label for label in registration_entries.values_list("label", flat=True))
    return person, other


def personal_data_in_the_log():
    found = set()
    for label, data in ModelLogEntry.objects.values_list("label", "data"):
        text = label + json.dumps(data, ensure_ascii=False)
        found |= {word for word in PERSONAL if word in text}
    return found


def site_history(superuser):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(superuser)
    response = client.get(reverse("wagtailadmin_reports:site_history"))
    assert response.status_code == 200
    return response.content.decode()


def erase_in_the_admin(staff_post, person):
    staff_post(reverse("wagtailsnippets_contacts_contact:delete", args=[person.pk]))


def erase_by_command(staff_post, person):
    call_command("contact_data", ADDRESS, "--erase", "--yes", stdout=io.StringIO())


@pytest.mark.parametrize("erase", [erase_in_the_admin, erase_by_command], ids=["admin", "command"])
def test_no_registration_entry_names_the_erased_person(history, erase, staff_post, superuser):
    person, other = history
    assert "Paz" in site_history(superuser)

    erase(staff_post, person)

    assert not Contact.objects.filter(pk=person.pk).exists()
    assert personal_data_in_the_log() == set()
    page = site_history(superuser)
    assert "Paz" not in page and "luis.paz" not in page
    # The history keeps its entries: what happened, without whom.
    registration_labels = ModelLogEntry.objects.filter(content_type__model="registration").values_list(
        "label", flat=True
    )
    assert list(registration_labels).count(erased_label()) == 4
    assert ModelLogEntry.objects.for_instance(other).get().label == "Ana Ruiz – Taller de datos"


def test_the_confirmation_counts_the_registration_entries_it_blanks(history, staff_client, staff_post, soup):
    person, _other = history
    page = staff_client.get(reverse("wagtailsnippets_contacts_contact:delete", args=[person.pk]))
    text = " ".join(soup(page).get_text().split())
    told = int(re.search(r"The name is removed from (\d+) entries of the history", text).group(1))

    erase_in_the_admin(staff_post, person)

    # All that now stand for an erased name, but the erasure's own entry.
    assert told == ModelLogEntry.objects.filter(label=erased_label()).count() - 1
    assert ModelLogEntry.objects.filter(label=erased_label(), content_type__model="registration").count() == 4


def test_the_entries_of_a_registration_deleted_before_are_blanked_too(staff_post, superuser):
    workshop = factories.EventFactory(title="Taller de datos")
    registration = add_attendee(staff_post, workshop, ADDRESS)
    person = registration.contact
    administrator = Client()
    administrator.force_login(superuser)  # Administrators may delete a registration.
    response = administrator.post(
        reverse("wagtailsnippets_events_registration:delete", args=[registration.pk])
    )
    assert response.status_code == 302
    assert not Registration.objects.filter(pk=registration.pk).exists()
    assert "Paz" in site_history(superuser), "created and deleted, by name"

    erase_in_the_admin(staff_post, person)

    assert personal_data_in_the_log() == set()
    assert "Paz" not in site_history(superuser)
