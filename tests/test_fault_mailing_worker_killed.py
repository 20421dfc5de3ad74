"""Faults: the background worker killed (SIGKILL) in the middle of a mailing to 1,500 people.

Real processes: the production settings on a clone of the template database, the worker as `make
production` starts it (`manage.py run_worker`), and a local SMTP relay (tests/smtp_standin.py) that
records every recipient. The mailing is queued as the admin's "Send" queues it; the worker is killed
once a few hundred messages went out, then started again. Nobody may get the message twice, everybody
else must get it, and the mailing ends on the timelines once.
"""

import os
import signal
import subprocess
import sys
from collections import Counter

import psycopg
import pytest

from tests.own_services import wait_for
from tests.services import PROJECT_DIR, drop_database, manage, postgres_url, production_environment
from tests.smtp_standin import SMTPStandIn
from tests.template_database import clone_database

pytestmark = pytest.mark.faults

RECIPIENTS = 1500
KILL_AFTER = 400

SETUP = f"""
from django.contrib.auth import get_user_model
from contacts.models import Contact, ContactEmail, ContactTag, TaggedContact
from mailings.models import Mailing, Segment
from mailings.sending import queue_mailing

tag = ContactTag.objects.create(name="Foro 2027", slug="foro-2027")
contacts = Contact.objects.bulk_create(
    Contact(given_name=f"Persona {{n}}", consent_basis="public_task") for n in range({RECIPIENTS})
)
ContactEmail.objects.bulk_create(
    ContactEmail(contact=contact, address=f"persona{{contact.pk}}@example.org") for contact in contacts
)
TaggedContact.objects.bulk_create(TaggedContact(tag=tag, content_object=contact) for contact in contacts)
segment = Segment.objects.create(name="Invitados")
segment.tags.add(tag)
mailing = Mailing.objects.create(segment=segment, subject_es="Foro regional", body_es="Les invitamos.")
queue_mailing(mailing, get_user_model().objects.get(username="admin"))
"""


def rows(database, query):
    with psycopg.connect(postgres_url(database), autocommit=True) as connection:
        return connection.execute(query).fetchall()


def test_a_worker_killed_mid_mailing_sends_nobody_the_message_twice():
    database = clone_database("lcn_mailing_fault_")
    try:
        with SMTPStandIn(delay=0.002) as relay:
            env = production_environment(database, EMAIL_PORT=str(relay.port))
            manage(env, "shell", "-c", SETUP)
            worker = subprocess.Popen(
                [sys.executable, "manage.py", "run_worker", "--no-reload"],
                cwd=PROJECT_DIR,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                wait_for(lambda: len(relay.received()) >= KILL_AFTER, timeout=120, message="messages")
            finally:
                os.kill(worker.pid, signal.SIGKILL)
                worker.wait()
            before_restart = len(relay.received())
            assert before_restart < RECIPIENTS

            manage(env, "run_worker", "--batch", "--no-reload", timeout=600)
            received = Counter(relay.received())

        assert max(received.values()) == 1
        statuses = dict(rows(database, "SELECT status, count(*) FROM mailings_delivery GROUP BY status"))
        assert statuses.get("sent", 0) + statuses.get("interrupted", 0) == RECIPIENTS
        assert statuses.get("interrupted", 0) <= 1
        sent = {
            address
            for (address,) in rows(database, "SELECT address FROM mailings_delivery WHERE status = 'sent'")
        }
        assert sent <= set(received) and len(received) - len(sent) <= 1
        [(status, participants)] = rows(
            database,
            "SELECT m.status, count(p.contact_id) FROM mailings_mailing m "
            "JOIN contacts_engagement_participants p ON p.engagement_id = m.engagement_id GROUP BY m.status",
        )
        assert status == "sent" and participants == len(sent)
    finally:
        drop_database(database)
