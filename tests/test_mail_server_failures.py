"""Registration e-mails and follow-up reminders when the mail server fails (network/mail_server.py): the
messages not handed over wait and go out when the server answers again, the worker tries again later,
each registrant gets each e-mail at most once, and a server that never answers cannot hang the worker.
Django's SMTP backend speaks to a local stand-in relay, to a port where nothing listens or to a server
that accepts and keeps silent."""

from datetime import timedelta

import pytest
from django.conf import settings as project_settings
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from contacts.follow_ups import send_follow_up_reminder
from events import registration as service
from events.models import Notice
from events.notices import REMINDER_BEFORE, send_notices, send_reminder
from network.mail_server import LONGEST_WAIT, SHORTEST_WAIT
from tests.factories import EventFactory
from tests.smtp_standin import RelayGoingDown, SilentServer, SMTPStandIn, nothing_listening

pytestmark = pytest.mark.django_db

# The worker's queue, kept in the database, where the next try waits for its time.
QUEUE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}


def mail_server_at(port, timeout=5):
    """Django's SMTP backend aimed at a local port, with the database queue."""
    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_TIMEOUT=timeout,
        TASKS=QUEUE,
    )


def next_try(task_path):
    """The one try queued for later: its arguments and when it runs."""
    [queued] = DBTaskResult.objects.filter(task_path=task_path, status="READY")
    return queued.args_kwargs["args"], queued.run_after


def statuses(registration):
    return list(registration.notices.order_by("pk").values_list("status", flat=True))


@pytest.fixture
def registration(django_capture_on_commit_callbacks):
    """A confirmed registration whose confirmation waits to be sent (its task not yet run)."""
    event = EventFactory(capacity=10)
    with django_capture_on_commit_callbacks(execute=False):
        registration = service.register(
            event, service.Registrant(given_name="Ana", family_name="Pérez", email="ana@example.org")
        )
    assert statuses(registration) == [Notice.Status.PENDING]
    return registration


def test_an_unreachable_server_leaves_the_confirmation_waiting_and_tries_again_later(registration):
    with mail_server_at(nothing_listening()):
        before = timezone.now()
        assert send_notices.call(registration.pk) == 0
        (args, run_after) = next_try("events.notices.send_notices")
    assert statuses(registration) == [Notice.Status.PENDING], "the confirmation is not lost"
    assert args[0] == registration.pk
    assert before + SHORTEST_WAIT <= run_after <= timezone.now() + SHORTEST_WAIT

    # Still down at that try, the server failing for 20 minutes by then: the next wait is 20 minutes.
    DBTaskResult.objects.all().delete()
    failing_since = timezone.now() - timedelta(minutes=20)
    with mail_server_at(nothing_listening()):
        assert send_notices.call(registration.pk, failing_since.isoformat()) == 0
        (args, run_after) = next_try("events.notices.send_notices")
    assert args == [registration.pk, failing_since.isoformat()]
    assert run_after - timezone.now() > timedelta(minutes=19)
    assert run_after - timezone.now() <= LONGEST_WAIT

    with SMTPStandIn() as relay, mail_server_at(relay.port):
        assert send_notices.call(*args) == 1
    assert relay.received() == ["ana@example.org"]
    assert statuses(registration) == [Notice.Status.SENT]


def test_a_connection_lost_mid_way_sends_the_rest_later_and_nothing_twice(registration):
    # Three e-mails wait for the registration: its confirmation, and two more told after it.
    Notice.objects.create(registration=registration, kind=Notice.Kind.CANCELLED)
    Notice.objects.create(registration=registration, kind=Notice.Kind.PROMOTED)
    with RelayGoingDown(accept=1) as relay, mail_server_at(relay.port):
        assert send_notices.call(registration.pk) == 1
        # The second was being handed over when the connection broke: it may have arrived and is not sent
        # again. The third was not tried: it waits, not failed.
        assert statuses(registration) == [Notice.Status.SENT, Notice.Status.SENDING, Notice.Status.PENDING]
        (args, _run_after) = next_try("events.notices.send_notices")

        relay.up()
        assert send_notices.call(*args) == 1
    assert relay.received() == ["ana@example.org", "ana@example.org"]
    assert statuses(registration) == [Notice.Status.SENT, Notice.Status.SENDING, Notice.Status.SENT]


def test_the_reminder_before_the_event_waits_for_the_server_too(registration):
    event = registration.event
    event.starts_at = timezone.now() + REMINDER_BEFORE - timedelta(hours=1)
    event.ends_at = event.starts_at + timedelta(hours=2)
    event.save()
    registration.notices.update(status=Notice.Status.SENT)
    with mail_server_at(nothing_listening()):
        assert send_reminder.call(registration.pk, event.starts_at.isoformat()) is False
        (args, _run_after) = next_try("events.notices.send_notices")
    reminder = registration.notices.get(kind=Notice.Kind.REMINDER)
    assert reminder.status == Notice.Status.PENDING

    with SMTPStandIn() as relay, mail_server_at(relay.port):
        assert send_notices.call(*args) == 1
    assert relay.received() == ["ana@example.org"]


def test_a_server_that_never_answers_does_not_hang_the_worker(registration):
    assert 0 < project_settings.EMAIL_TIMEOUT <= 60, "every setting gives the mail server a time limit"
    with SilentServer() as server, mail_server_at(server.port, timeout=1):
        assert send_notices.call(registration.pk) == 0
        next_try("events.notices.send_notices")
    assert statuses(registration) == [Notice.Status.PENDING]


def test_a_follow_up_reminder_waits_for_the_server_and_goes_out_once_it_answers(
    engagement_factory, staff_user, medellin
):
    due = timezone.localdate()
    engagement = engagement_factory("Enviar el acta", [medellin], owner=staff_user, follow_up_date=due)
    with mail_server_at(nothing_listening()):
        assert send_follow_up_reminder.call(engagement.pk, due.isoformat()) is False
        (args, run_after) = next_try("contacts.follow_ups.send_follow_up_reminder")
    engagement.refresh_from_db()
    assert engagement.follow_up_reminded_on is None, "the reminder is still to be sent"
    assert args[:2] == [engagement.pk, due.isoformat()]
    assert run_after > timezone.now()

    with SMTPStandIn() as relay, mail_server_at(relay.port):
        assert send_follow_up_reminder.call(*args) is True
        assert send_follow_up_reminder.call(*args) is False, "sent once"
    assert relay.received() == [staff_user.email]
    engagement.refresh_from_db()
    assert engagement.follow_up_reminded_on == due
