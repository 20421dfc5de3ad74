"""A restored database holds the background work queued when the backup was made: mailings, reminders, and
what the worker resumes when it starts (a mailing left half sent). A restore says how much there is, and
keeps it (a recovery must still send it); `restore_site --drop-queued-tasks` drops it, for a copy on a
test machine that must send nothing: the worker started on that copy sends no e-mail.

Real processes, as tests/test_backup_restore.py runs them (whose helpers it uses), with the local SMTP
stand-in as the copy's mail server.
"""

import shutil
import sqlite3
from pathlib import Path

import pytest

from tests import suite_database
from tests.smtp_standin import SMTPStandIn
from tests.test_backup_restore import Site, backup, empty_target, manage, restore

pytestmark = pytest.mark.own_database

# Two mailings to three people each (one queued, one left half sent: no task, the worker resumes it) and a
# follow-up reminder due tomorrow.
QUEUE_WORK = """
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from contacts.follow_ups import send_follow_up_reminder
from contacts.models import Contact, ContactEmail
from mailings.models import Delivery, Mailing, Segment
from mailings.sending import queue_mailing, take_recipients

for number in range(3):
    contact = Contact(given_name=f"Persona {number}", consent_basis="public_task")
    contact.emails = [ContactEmail(address=f"persona{number}@example.org")]
    contact.save()
segment = Segment.objects.create(name="Todos")
user = get_user_model().objects.create(username="enviador")
queue_mailing(Mailing.objects.create(segment=segment, subject_es="En cola", body_es="Hola."), user)
half_sent = Mailing.objects.create(segment=segment, subject_es="A medias", body_es="Hola.", sent_by=user)
Mailing.objects.filter(pk=half_sent.pk).update(status=Mailing.Status.SENDING)
take_recipients(half_sent)
first = half_sent.deliveries.order_by("pk").first()
Delivery.objects.filter(pk=first.pk).update(status=Delivery.Status.SENT, sent_at=timezone.now())
tomorrow = timezone.now() + timedelta(days=1)
send_follow_up_reminder.using(run_after=tomorrow).enqueue(1, tomorrow.date().isoformat())
"""


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("backup-task-queue")
    with suite_database.locked_sqlite_template() as template:
        shutil.copyfile(template, root / "site.sqlite3")
    site = Site("sqlite", f"sqlite:///{root / 'site.sqlite3'}", root / "media", root / "backups", "")
    site.media.mkdir()
    made = manage(site, "shell", "-c", QUEUE_WORK)
    assert made.returncode == 0, made.stdout + made.stderr
    return site, backup(site)


def run_worker(site, tmp_path, relay):
    """The worker on the restored copy (tmp_path), its mail going to `relay`; returns what it printed."""
    (tmp_path / "copy_settings.py").write_text(
        "from network.settings.dev import *  # noqa: F403\n"
        'EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"\n'
        f"EMAIL_HOST, EMAIL_PORT = '127.0.0.1', {relay.port}\n"
    )
    worker = manage(
        site,
        "run_worker",
        "--batch",
        "--no-reload",
        PYTHONPATH=str(tmp_path),
        DJANGO_SETTINGS_MODULE="copy_settings",
        **empty_target(tmp_path),
    )
    assert worker.returncode == 0, worker.stdout + worker.stderr
    return worker.stdout


def rows(database, query):
    with sqlite3.connect(f"{Path(database).as_uri()}?mode=ro", uri=True) as connection:
        return connection.execute(query).fetchall()


def test_a_restore_says_what_background_work_the_database_holds_and_keeps_it(archive, tmp_path):
    site, folder = archive

    completed = restore(site, folder, **empty_target(tmp_path))

    assert completed.returncode == 0, completed.stdout + completed.stderr
    output = " ".join(completed.stdout.split())
    assert "2 background task(s) are queued" in output
    assert (
        "1 mailings.sending.send_mailing" in output
        and "1 contacts.follow_ups.send_follow_up_reminder" in output
    )
    assert "2 mailing(s) not finished (5 message(s) waiting)" in output
    assert "--drop-queued-tasks" in output
    # Kept: a worker started on it sends the rest of both mailings, as a recovery must.
    with SMTPStandIn() as relay:
        run_worker(site, tmp_path, relay)
    assert len(relay.received()) == 5


def test_a_copy_restored_with_drop_queued_tasks_sends_nothing(archive, tmp_path):
    site, folder = archive

    completed = restore(site, folder, "--drop-queued-tasks", **empty_target(tmp_path))

    assert completed.returncode == 0, completed.stdout + completed.stderr
    output = " ".join(completed.stdout.split())
    assert "Dropped 2 background task(s)" in output and "held back 2 mailing(s)" in output
    database = tmp_path / "restored.sqlite3"
    assert rows(database, "SELECT status, count(*) FROM mailings_mailing GROUP BY status") == [("sent", 2)]
    assert rows(database, "SELECT reason, count(*) FROM mailings_delivery WHERE status = 'skipped'") == [
        ("held_back", 5)
    ]
    with SMTPStandIn() as relay:
        run_worker(site, tmp_path, relay)
    assert relay.received() == []
