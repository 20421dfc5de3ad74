"""Merging contacts loses nothing that points at the duplicate (contacts/merge.py): the person stays
unsubscribed, keeps the tags, the event registrations and the mailings received, one place per event and
one record per mailing where both had one, and the confirmation lists all of it beforehand."""

from datetime import datetime
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contacts import merge
from contacts.models import CityRole, Contact, ContactPhone, ContactTag
from events.models import Notice, Registration
from events.registration import Registrant, register
from mailings.models import Delivery, Mailing, Segment
from mailings.sending import queue_mailing
from mailings.unsubscribe import unsubscribe_link
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

KEPT_ADDRESS, DUPLICATE_ADDRESS = "dupe.kept@example.org", "dupe.unsub@example.org"


def merge_url(contact):
    return reverse("contacts_merge:merge", args=[contact.pk])


def person(given, family, address, *tags, **fields):
    contact = factories.ContactFactory(
        given_name=given, family_name=family, emails=[address], consent_basis="consent", **fields
    )
    contact.tags.add(*tags)
    contact.save()
    return contact


def registrant(name, address):
    given, family = name.split(" ", 1)
    return Registrant(given_name=given, family_name=family, email=address)


def send(subject, tag, user, capture):
    segment = Segment.objects.create(name=subject)
    segment.tags.set(ContactTag.objects.filter(name=tag))
    mailing = Mailing.objects.create(segment=segment, subject_es=subject, body_es="Hola.", created_by=user)
    with capture(execute=True):
        queue_mailing(mailing, user)
    return mailing


@pytest.fixture
def kept(db):
    return person("Dupe", "Kept", KEPT_ADDRESS, "red")


@pytest.fixture
def duplicate(db):
    return person("Dupe", "Unsub", DUPLICATE_ADDRESS, "red", "foro-2027")


@pytest.fixture
def forum(kept, duplicate):
    """Two places: the duplicate's address took one, then the kept one's the other; Carla waits."""
    event = factories.EventFactory(title="Foro regional 2027", capacity=2)
    for name, address in (
        ("Dupe Unsub", DUPLICATE_ADDRESS),
        ("Dupe Kept", KEPT_ADDRESS),
        ("Carla Rojas", "carla@example.org"),
    ):
        register(event, registrant(name, address))
    return event


@pytest.fixture
def workshop(duplicate):
    event = factories.EventFactory(title="Taller de futuras competencias")
    register(event, registrant("Dupe Unsub", DUPLICATE_ADDRESS))
    return event


@pytest.fixture
def mailings(kept, duplicate, staff_user, django_capture_on_commit_callbacks):
    """A mailing to both ("red"), one to the duplicate only, then the duplicate unsubscribes by its link."""
    to_both = send("Boletín de la red", "red", staff_user, django_capture_on_commit_callbacks)
    to_duplicate = send("Invitación al foro", "foro-2027", staff_user, django_capture_on_commit_callbacks)
    (message, *_) = [message for message in mail.outbox if message.to == [DUPLICATE_ADDRESS]]
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert Client().post(urlsplit(link).path).status_code == 200
    mail.outbox.clear()
    return to_both, to_duplicate


def text_of(response, soup):
    return " ".join(soup(response).get_text().split())


def rows_pointing_at(contact_id):
    """{relation: rows pointing at the contact id}, for every model related to contacts, now or later."""
    counts = {}
    for relation in Contact._meta.related_objects:
        if relation.many_to_many:
            model = relation.through
            column = next(field.name for field in model._meta.fields if field.related_model is Contact)
        else:
            model, column = relation.related_model, relation.field.name
        counts[f"{relation.related_model._meta.label}.{relation.name}"] = model.objects.filter(
            **{column: contact_id}
        ).count()
    return counts


def test_the_kept_contact_stays_unsubscribed_with_the_tags_registrations_and_mailings(
    staff_client, staff_user, kept, duplicate, forum, workshop, mailings, django_capture_on_commit_callbacks
):
    to_both, to_duplicate = mailings
    duplicate.refresh_from_db()
    unsubscribed_at = duplicate.unsubscribed_at
    assert unsubscribed_at is not None

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(merge_url(duplicate), {"keep": kept.pk})
    assert response.status_code == 302

    kept.refresh_from_db()
    assert kept.unsubscribed_at == unsubscribed_at
    assert sorted(tag.name for tag in kept.tags.all()) == ["foro-2027", "red"]
    assert sorted(kept.deliveries.values_list("mailing__subject_es", "status")) == [
        ("Boletín de la red", Delivery.Status.SENT),
        ("Invitación al foro", Delivery.Status.SENT),
    ]
    registrations = sorted(kept.registrations.values_list("event__title", "email", "status"))
    assert registrations == [
        ("Foro regional 2027", KEPT_ADDRESS, Registration.Status.CANCELLED),
        ("Foro regional 2027", DUPLICATE_ADDRESS, Registration.Status.CONFIRMED),  # the earlier place
        ("Taller de futuras competencias", DUPLICATE_ADDRESS, Registration.Status.CONFIRMED),
    ]
    # The place freed goes to the first person waiting; the person merged is told nothing.
    carla = Registration.objects.get(email="carla@example.org")
    assert carla.status == Registration.Status.CONFIRMED
    assert Notice.objects.filter(registration=carla, kind=Notice.Kind.PROMOTED).exists()
    assert not Notice.objects.filter(kind=Notice.Kind.CANCELLED).exists()

    # The person gets no mailing again, under either address.
    mail.outbox.clear()
    later = send("Segundo boletín", "red", staff_user, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert list(later.deliveries.values_list("contact", "reason")) == [
        (kept.pk, Delivery.Reason.UNSUBSCRIBED)
    ]


def test_nothing_that_pointed_at_the_duplicate_is_lost(
    staff_client, kept, duplicate, forum, workshop, mailings
):
    factories.EngagementFactory(title="Visita", participants=[duplicate])
    ContactPhone.objects.create(contact=duplicate, number="+57 300 555 0101")
    CityRole.objects.create(contact=duplicate, city=factories.sample_city("Medellín"), role="coordinator")
    before_kept, before_duplicate = rows_pointing_at(kept.pk), rows_pointing_at(duplicate.pk)
    assert [relation for relation, rows in before_duplicate.items() if not rows] == [], (
        "this test gives the duplicate a row of every relation to contacts"
    )

    staff_client.post(merge_url(duplicate), {"keep": kept.pk})

    # What both had is kept once: the tag "red", the mailing to "red" and its engagement on the timelines.
    kept_once = {
        "contacts.TaggedContact.tagged_items": 1,
        "mailings.Delivery.deliveries": 1,
        "contacts.Engagement.engagements": 1,
    }
    assert rows_pointing_at(kept.pk) == {
        relation: before_kept[relation] + rows - kept_once.get(relation, 0)
        for relation, rows in before_duplicate.items()
    }
    assert set(rows_pointing_at(duplicate.pk).values()) == {0}


def test_the_confirmation_lists_what_moves_and_the_place_cancelled(
    staff_client, soup, kept, duplicate, forum, workshop, mailings
):
    duplicate.refresh_from_db()
    response = staff_client.get(merge_url(duplicate), {"keep": kept.pk})

    text = text_of(response, soup)
    assert "1 tag: foro-2027" in text
    assert "2 event registrations: Foro regional 2027; Taller de futuras competencias" in text
    assert "1 mailing (1 more went to both: one record of it is kept)" in text
    assert "Unsubscribed from mailings since" in text and "Dupe Kept gets no more mailings" in text
    assert (
        f"Both are registered for Foro regional 2027: the registration of {DUPLICATE_ADDRESS} (Confirmed) "
        f"stays; the one of {KEPT_ADDRESS} (Confirmed) is cancelled, without an e-mail to the person."
    ) in text
    assert Registration.objects.filter(status=Registration.Status.CANCELLED).count() == 0


def test_a_confirmed_place_stays_rather_than_a_place_on_the_waiting_list(staff_client, kept, duplicate):
    event = factories.EventFactory(title="Seminario", capacity=1)
    register(event, registrant("Dupe Kept", KEPT_ADDRESS))
    register(event, registrant("Dupe Unsub", DUPLICATE_ADDRESS))

    staff_client.post(merge_url(duplicate), {"keep": kept.pk})

    assert sorted(kept.registrations.values_list("email", "status")) == [
        (KEPT_ADDRESS, Registration.Status.CONFIRMED),
        (DUPLICATE_ADDRESS, Registration.Status.CANCELLED),
    ]


def test_of_two_unsubscriptions_the_earlier_date_stays(staff_client, kept, duplicate):
    earlier = timezone.make_aware(datetime(2025, 2, 1, 9))
    Contact.objects.filter(pk=kept.pk).update(unsubscribed_at=timezone.make_aware(datetime(2025, 6, 1, 9)))
    Contact.objects.filter(pk=duplicate.pk).update(unsubscribed_at=earlier)

    staff_client.post(merge_url(duplicate), {"keep": kept.pk})

    kept.refresh_from_db()
    assert kept.unsubscribed_at == earlier


def test_a_merged_contact_s_id_leads_to_the_contact_kept_through_merges_in_a_row(
    staff_client, kept, duplicate
):
    first_id = duplicate.pk
    staff_client.post(merge_url(duplicate), {"keep": kept.pk})
    last = person("Dupe", "Final", "dupe.final@example.org")
    staff_client.post(merge_url(kept), {"keep": last.pk})

    assert merge.kept_contact(first_id) == last
    assert merge.kept_contact(last.pk) == last
    last.delete()
    assert merge.kept_contact(first_id) is None


def test_an_unsubscribe_link_sent_to_the_merged_contact_unsubscribes_the_one_kept(
    staff_client, kept, duplicate
):
    link = urlsplit(unsubscribe_link(duplicate.pk, "es")).path
    staff_client.post(merge_url(duplicate), {"keep": kept.pk})

    assert Client().post(link).status_code == 200

    kept.refresh_from_db()
    assert kept.unsubscribed_at is not None
