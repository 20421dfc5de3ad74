"""Who a mailing goes to, beyond the segment's members: one message per mailbox, an address that asked to
receive no more mailings (through any record that holds it) left out, and a mailing that would reach
nobody not sent (it would be spent: a mailing goes out once)."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from contacts.models import ContactTag
from mailings.models import Delivery, Mailing, Segment
from mailings.recipients import audience
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


def tagged(name, address, language="es", **fields):
    given, _, family = name.partition(" ")
    contact = factories.ContactFactory(
        given_name=given,
        family_name=family,
        emails=[address] if address else [],
        preferred_language=language,
        consent_basis="public_task",
        **fields,
    )
    contact.tags.add("Foro 2027")
    contact.save()
    return contact


@pytest.fixture
def forum_mailing(staff_user):
    segment = Segment.objects.create(name="Foro 2027")
    segment.tags.set([ContactTag.objects.get_or_create(name="Foro 2027")[0]])
    return Mailing.objects.create(
        segment=segment, subject_es="Foro 2027", body_es="Les invitamos.", created_by=staff_user
    )


def send(client, mailing, capture, **options):
    with capture(execute=True):
        return client.post(reverse("wagtailsnippets_mailings_mailing:send", args=[mailing.pk]), **options)


def test_two_records_with_one_address_get_one_message_and_the_preview_says_so(
    staff_client, forum_mailing, django_capture_on_commit_callbacks, soup
):
    """A duplicate record, or two people sharing an office mailbox: the mailbox gets the mailing once."""
    tagged("Ana Rocha", "ana.rocha@example.org")
    tagged("Ana R.", "Ana.Rocha@example.org", language="pt")
    tagged("Luis Paz", "luis.paz@example.org")

    preview = staff_client.get(reverse("wagtailsnippets_mailings_mailing:send", args=[forum_mailing.pk]))
    text = " ".join(soup(preview).get_text().split())
    assert "Will receive it 2" in text and "Send to 2 people" in text

    send(staff_client, forum_mailing, django_capture_on_commit_callbacks)
    assert sorted(message.to[0].lower() for message in mail.outbox) == [
        "ana.rocha@example.org",
        "luis.paz@example.org",
    ]
    skipped = forum_mailing.deliveries.get(status=Delivery.Status.SKIPPED)
    assert skipped.reason == Delivery.Reason.SAME_ADDRESS and skipped.address == ""


def test_an_address_unsubscribed_through_one_record_is_not_mailed_through_another(
    staff_client, forum_mailing, django_capture_on_commit_callbacks, soup
):
    tagged("Ana Rocha", "ana.rocha@example.org", unsubscribed_at=timezone.now())
    duplicate = tagged("Ana R.", "ANA.ROCHA@example.org")
    tagged("Luis Paz", "luis.paz@example.org")

    figures = audience(forum_mailing.segment.members())
    assert (figures["reachable"], figures["unsubscribed"]) == (1, 2)
    preview = staff_client.get(reverse("wagtailsnippets_mailings_mailing:send", args=[forum_mailing.pk]))
    assert "Left out: unsubscribed 2" in " ".join(soup(preview).get_text().split())

    send(staff_client, forum_mailing, django_capture_on_commit_callbacks)
    assert [message.to[0] for message in mail.outbox] == ["luis.paz@example.org"]
    assert forum_mailing.deliveries.get(contact=duplicate).reason == Delivery.Reason.UNSUBSCRIBED


def test_a_mailing_that_would_reach_nobody_is_not_sent_and_stays_a_draft(
    staff_client, forum_mailing, django_capture_on_commit_callbacks, soup
):
    tagged("Sin Correo", "")
    tagged("Ya Fue", "ya.fue@example.org", unsubscribed_at=timezone.now())
    url = reverse("wagtailsnippets_mailings_mailing:send", args=[forum_mailing.pk])

    confirm = staff_client.get(url)
    page = soup(confirm)
    assert "Nobody in the segment would receive it" in " ".join(page.get_text().split())
    assert page.select("main form button[type=submit]") == []

    refused = send(staff_client, forum_mailing, django_capture_on_commit_callbacks, follow=True)
    assert any("Nobody in the segment would receive it" in str(m) for m in refused.context["messages"])
    forum_mailing.refresh_from_db()
    assert forum_mailing.status == Mailing.Status.DRAFT and not forum_mailing.deliveries.exists()
    assert mail.outbox == []
