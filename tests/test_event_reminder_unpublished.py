"""An event unpublished (withdrawn) before its reminders are due sends none: the reminder would carry the
online link, the .ics and a link to a page that no longer exists (events/notices.py). Nothing is sent
and nothing is written; if the event is published again while it is still to come, its publication
queues the reminders again and they go out then."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from events.models import EventPage, Notice
from events.notices import REMINDER_BEFORE, send_event_reminders, send_notices, send_reminder
from events.registration import Registrant, cancel, register
from tests.factories import EventFactory
from tests.smtp_standin import SMTPStandIn, nothing_listening
from tests.test_mail_server_failures import mail_server_at, next_try

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(django_capture_on_commit_callbacks):
    """An event starting in 20 hours with Ana's place confirmed (her confirmation sent)."""
    starts_at = timezone.now() + REMINDER_BEFORE - timedelta(hours=4)
    event = EventFactory(
        capacity=10,
        starts_at=starts_at + timedelta(days=30),
        ends_at=starts_at + timedelta(days=30, hours=2),
        online_url="https://meet.example.org/secret-room",
    )
    with django_capture_on_commit_callbacks(execute=True):
        register(event, Registrant("Ana", "Pérez", "ana@example.org"))
    EventPage.objects.filter(pk=event.pk).update(starts_at=starts_at, ends_at=starts_at + timedelta(hours=2))
    mail.outbox.clear()
    return EventPage.objects.get(pk=event.pk)


def publish_again(event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        EventPage.objects.get(pk=event.pk).save_revision().publish()


def test_an_unpublished_event_sends_no_reminder_until_it_is_published_again(
    event, django_capture_on_commit_callbacks
):
    event.unpublish()

    assert send_event_reminders.call(event.pk, event.starts_at.isoformat()) == 0
    assert not mail.outbox
    assert not Notice.objects.filter(kind=Notice.Kind.REMINDER).exists()

    publish_again(event, django_capture_on_commit_callbacks)

    (message,) = mail.outbox
    assert message.to == ["ana@example.org"] and "Recordatorio" in message.subject
    assert "secret-room" in message.body


def test_a_reminder_waiting_for_the_server_is_not_sent_once_the_event_is_unpublished(
    event, django_capture_on_commit_callbacks
):
    registration = event.registrations.get()
    with mail_server_at(nothing_listening()):
        assert send_reminder.call(registration.pk, event.starts_at.isoformat()) is False
        (args, _run_after) = next_try("events.notices.send_notices")
    event.unpublish()

    with SMTPStandIn() as relay, mail_server_at(relay.port):
        assert send_notices.call(*args) == 0
        assert relay.received() == []
    assert not registration.notices.filter(kind=Notice.Kind.REMINDER).exists()

    publish_again(event, django_capture_on_commit_callbacks)

    assert [message.to for message in mail.outbox] == [["ana@example.org"]]
    assert registration.notices.get(kind=Notice.Kind.REMINDER).status == Notice.Status.SENT


def test_a_notice_about_an_unpublished_event_links_to_no_page(event, django_capture_on_commit_callbacks):
    page_url = event.get_full_url()
    event.unpublish()

    with django_capture_on_commit_callbacks(execute=True):
        cancel(event.registrations.get())

    (message,) = mail.outbox
    assert "cancel" in message.subject.lower() or "cancel" in message.body.lower()
    assert page_url not in message.body
