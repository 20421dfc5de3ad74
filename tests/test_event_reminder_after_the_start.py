"""A reminder before an event that waited for the mail server (network/mail_server.py) is not sent once the
event has started: it would arrive during or after the event. Staff see on the registration's admin page
that it was not sent, and why; the other e-mails that waited still go out."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events import registration as service
from events.models import Notice
from events.notices import REMINDER_BEFORE, resume_pending_notices, send_notices, send_reminder
from tests.factories import EventFactory
from tests.smtp_standin import SMTPStandIn, nothing_listening
from tests.test_event_registration_admin import inspected
from tests.test_mail_server_failures import mail_server_at, next_try

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


@pytest.fixture
def reminded(django_capture_on_commit_callbacks):
    """Ana's registration for an event starting in 23 hours: her confirmation sent, and her reminder
    written while the mail server could not be reached, waiting for the next try (its arguments)."""
    starts_at = timezone.now() + REMINDER_BEFORE - timedelta(hours=1)
    event = EventFactory(capacity=10, starts_at=starts_at, ends_at=starts_at + timedelta(hours=3))
    with django_capture_on_commit_callbacks(execute=False):
        registration = service.register(
            event, service.Registrant(given_name="Ana", family_name="Pérez", email="ana@example.org")
        )
    registration.notices.update(status=Notice.Status.SENT, sent_at=timezone.now())
    with mail_server_at(nothing_listening()):
        assert send_reminder.call(registration.pk, starts_at.isoformat()) is False
        (args, _run_after) = next_try("events.notices.send_notices")
    assert registration.notices.get(kind=Notice.Kind.REMINDER).status == Notice.Status.PENDING
    return registration, args


def after_the_start(monkeypatch, event):
    later = event.starts_at + timedelta(minutes=30)
    monkeypatch.setattr(timezone, "now", lambda: later)


def test_a_reminder_that_waited_for_the_server_is_not_sent_once_the_event_has_started(reminded, monkeypatch):
    registration, args = reminded
    Notice.objects.create(registration=registration, kind=Notice.Kind.CANCELLED)
    after_the_start(monkeypatch, registration.event)

    with SMTPStandIn() as relay, mail_server_at(relay.port):
        assert send_notices.call(*args) == 1
        assert send_notices.call(*args) == 0, "tried again, it stays unsent"

    assert relay.received() == ["ana@example.org"], "only the cancellation went out"
    assert registration.notices.get(kind=Notice.Kind.REMINDER).status == Notice.Status.TOO_LATE
    assert registration.notices.get(kind=Notice.Kind.CANCELLED).status == Notice.Status.SENT


def test_staff_see_that_the_reminder_was_not_sent_because_the_event_had_started(
    reminded, monkeypatch, staff_client, soup
):
    registration, args = reminded
    after_the_start(monkeypatch, registration.event)
    with SMTPStandIn() as relay, mail_server_at(relay.port):
        send_notices.call(*args)

    fields, _html = inspected(staff_client, soup, registration)
    assert (
        "Reminder before the event: not sent, the event had already started when it could go out"
        in fields["E-mails"]
    )


def test_a_reminder_that_waited_goes_out_while_the_event_is_still_to_come(reminded):
    registration, args = reminded

    with SMTPStandIn() as relay, mail_server_at(relay.port):
        assert send_notices.call(*args) == 1

    assert relay.received() == ["ana@example.org"]
    assert registration.notices.get(kind=Notice.Kind.REMINDER).status == Notice.Status.SENT


def test_the_worker_s_start_marks_a_reminder_left_waiting_until_after_the_event(reminded, monkeypatch):
    """A reminder whose retries were lost (the worker stopped) until the event was over: the worker's
    start, which queues again what waits (`resume_pending_notices`) but not the news of an event that is
    over, says it was not sent rather than leave it "waiting to be sent" for ever."""
    registration, _args = reminded
    later = registration.event.ends_at + timedelta(hours=1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    resume_pending_notices()

    assert registration.notices.get(kind=Notice.Kind.REMINDER).status == Notice.Status.TOO_LATE
