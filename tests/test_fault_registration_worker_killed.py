"""Registration e-mails that lost their task, and faults: the worker killed (SIGKILL) mid-way through
the e-mails of a registration rush.

First a unit test (the suite's settings, tasks run at once): `resume_pending_notices` sends a notice
whose task was never queued, once, and never a notice already sent.

Then the fault test, with real processes: the production settings on a clone of the template database,
the worker as `make production` starts it (`manage.py run_worker`), and a local SMTP relay
(tests/smtp_standin.py) that records every recipient. 400 people register for an event of 120 places
through `events.registration.register`, so 400 tasks wait in the database queue; for a few
of them queuing the task failed after the registration committed (as when the queue's database write
fails: `on_commit(..., robust=True)` only logs it), so their e-mail has no task at all. The worker is
killed once 150 e-mails went out, then started again until the queue is empty. Nobody may get an e-mail
twice, everybody else must get theirs (the task-less ones included: the worker queues them again when
it starts), and the event ends with exactly 120 confirmed and 280 on the waiting list. (The rush of
`make bench` registers more than a thousand people for 300 places; this test is about the worker.)
"""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta

import psycopg
import pytest
from django.core import mail
from django.utils import timezone

from events.models import Certificate, EventPage, Notice
from events.notices import resume_pending_notices
from events.registration import Registrant, register
from tests.factories import EventFactory
from tests.own_services import wait_for
from tests.services import PROJECT_DIR, drop_database, manage, postgres_url, production_environment
from tests.smtp_standin import SMTPStandIn
from tests.template_database import clone_database

# --- The unit test ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_resuming_sends_a_pending_notice_once_and_nothing_already_sent():
    # The test's transaction never commits: the notices' tasks are never queued, as when queuing failed.
    event = EventFactory(capacity=1)
    lost = register(event, Registrant(given_name="Ana", family_name="Lost", email="lost@example.org"))
    done = register(event, Registrant(given_name="Beto", family_name="Sent", email="sent@example.org"))
    done.notices.update(status=Notice.Status.SENT)
    assert not mail.outbox

    assert resume_pending_notices() == 1
    assert [message.to for message in mail.outbox] == [["lost@example.org"]]
    assert lost.notices.get().status == Notice.Status.SENT
    assert done.notices.get().status == Notice.Status.SENT

    assert resume_pending_notices() == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_resuming_leaves_the_news_of_an_event_that_is_over_but_sends_its_certificates():
    event = EventFactory(capacity=5)
    stale = register(event, Registrant(given_name="Ana", family_name="Tarde", email="tarde@example.org"))
    EventPage.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(days=3), ends_at=timezone.now() - timedelta(days=2)
    )
    assert resume_pending_notices() == 0
    assert not mail.outbox
    stale.notices.update(status=Notice.Status.SENT)
    Certificate.objects.create(registration=stale, pdf=b"%PDF-1.4")
    Notice.objects.create(registration=stale, kind=Notice.Kind.CERTIFICATE)
    assert resume_pending_notices() == 1
    assert [message.to for message in mail.outbox] == [["tarde@example.org"]]


# --- The fault test -----------------------------------------------------------------------------------------

CAPACITY = 120
PEOPLE = 400
# People whose task is not queued: the queue "fails" for them (one in every 80, from number 7 on:
# among the first 120, who get a place, and among those waiting).
WITHOUT_TASK = range(7, PEOPLE, 80)
KILL_AFTER = 150

SETUP = f"""
from datetime import timedelta
from unittest import mock

from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone
from wagtail_localize.synctree import create_aliases_for_new_page

from events import registration as registration_module
from events.models import EventIndexPage, EventPage
from events.registration import Registrant, register

# As tests/factories.py EventFactory makes an event: a published page under the Spanish events index.
starts = timezone.now() + timedelta(days=30)
event = EventPage(
    title="Foro regional 2027",
    kind=EventPage.Kind.FORUM,
    starts_at=starts,
    ends_at=starts + timedelta(hours=3),
    time_zone="America/Bogota",
    languages="es",
    registration=EventPage.Registration.OPEN,
    capacity={CAPACITY},
)
EventIndexPage.objects.get(locale__language_code=settings.LANGUAGE_CODE).add_child(instance=event)
event.save_revision().publish()
event = EventPage.objects.get(pk=event.pk)
create_aliases_for_new_page(event)

queue_down = mock.Mock()
queue_down.enqueue.side_effect = DatabaseError("the task queue cannot be reached")
without_task = set({list(WITHOUT_TASK)})
for number in range({PEOPLE}):
    registrant = Registrant(
        given_name=f"Persona {{number}}", family_name="Foro", email=f"persona{{number:04}}@example.org"
    )
    if number in without_task:
        with mock.patch.object(registration_module, "send_notices", queue_down):
            register(event, registrant)
    else:
        register(event, registrant)
"""


def rows(database, query):
    with psycopg.connect(postgres_url(database), autocommit=True) as connection:
        return connection.execute(query).fetchall()


def address(number):
    return f"persona{number:04}@example.org"


@pytest.mark.faults
def test_a_worker_killed_mid_registration_emails_sends_nobody_an_email_twice():
    started = time.monotonic()
    database = clone_database("lcn_registration_fault_")
    try:
        relay = SMTPStandIn(delay=0.002)
        # Each task sends on a connection of its own. The stand-in writes its two-line answer to EHLO in
        # two writes, and with Nagle's algorithm the second waits for the worker's delayed ACK (40 ms on
        # Linux) each time, which doubled the test's run time; a real relay answers in one write.
        relay.server.RequestHandlerClass.disable_nagle_algorithm = True
        with relay:
            env = production_environment(database, EMAIL_PORT=str(relay.port))
            manage(env, "shell", "-c", SETUP)
            [(queued,)] = rows(
                database,
                "SELECT count(*) FROM django_tasks_database_dbtaskresult "
                "WHERE task_path = 'events.notices.send_notices' AND status = 'READY'",
            )
            assert queued == PEOPLE - len(WITHOUT_TASK), "the setup queued a task for everyone but a few"
            assert not relay.received()

            worker = subprocess.Popen(
                [sys.executable, "manage.py", "run_worker", "--no-reload"],
                cwd=PROJECT_DIR,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                wait_for(lambda: len(relay.received()) >= KILL_AFTER, timeout=120, message="e-mails")
            finally:
                os.kill(worker.pid, signal.SIGKILL)
                worker.wait()
            before_restart = len(relay.received())
            assert before_restart < PEOPLE

            output = manage(env, "run_worker", "--batch", "--no-reload", timeout=600)
            assert "Registration e-mails queued again" in output
            received = Counter(relay.received())

        assert max(received.values()) == 1, "somebody got an e-mail twice"
        registrations = dict(
            rows(database, "SELECT status, count(*) FROM events_registration GROUP BY status")
        )
        assert registrations == {"confirmed": CAPACITY, "waiting": PEOPLE - CAPACITY}
        # One e-mail per registration, telling of its status; all sent but the one (at most) being sent
        # when the worker was killed, which is never sent again.
        notices = dict(rows(database, "SELECT status, count(*) FROM events_notice GROUP BY status"))
        sending = notices.get("sending", 0)
        assert notices.get("sent", 0) + sending == PEOPLE and sending <= 1, notices
        [(mismatched,)] = rows(
            database,
            "SELECT count(*) FROM events_notice n JOIN events_registration r ON r.id = n.registration_id "
            "WHERE n.kind <> r.status",
        )
        assert mismatched == 0
        sent = {
            email
            for (email,) in rows(
                database,
                "SELECT r.email FROM events_notice n JOIN events_registration r ON r.id = n.registration_id "
                "WHERE n.status = 'sent'",
            )
        }
        assert sent <= set(received) and len(received) - len(sent) <= sending
        # The e-mails whose task was never queued went out once, after the worker queued them again.
        assert {address(number) for number in WITHOUT_TASK} <= sent
        [(waiting_tasks,)] = rows(
            database,
            "SELECT count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE status = 'READY' AND run_after <= now()",
        )
        assert waiting_tasks == 0
        print(
            f"\n{before_restart} e-mails before the kill, {sending} left 'sending', "
            f"{len(received)} in all, {time.monotonic() - started:.1f} s"
        )
    finally:
        drop_database(database)
