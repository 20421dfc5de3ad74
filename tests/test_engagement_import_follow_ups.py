"""An engagement imported with a follow-up date gets its reminder queued as the form queues it, once the
import has committed, and a file that changes the date queues the reminder of the new date
(contacts/importers/engagements.py, contacts/follow_ups.py)."""

import csv
import io
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_tasks import task_backends

from contacts.follow_ups import send_follow_up_reminder
from contacts.models import Engagement
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

HEADER = ["Date", "Kind", "Title", "Cities", "Follow-up date", "Owner"]
TITLE = "Plan municipal de aprendizaje"


def days_from_now(days):
    return timezone.localdate() + timedelta(days=days)


def at_8(day):
    return timezone.make_aware(datetime(day.year, day.month, day.day, 8), timezone.get_default_timezone())


def import_follow_up(client, capture, due, owner=""):
    """Upload and confirm a file with one engagement with Medellín, its follow-up due on `due`; what the
    import leaves for after its commit runs too."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(
        [HEADER, ["2025-05-20", "meeting", TITLE, "Medellín", due.isoformat(), owner]]
    )
    upload = SimpleUploadedFile("follow-ups.csv", buffer.getvalue().encode(), content_type="text/csv")
    response = client.post(reverse("contacts_import:upload"), {"kind": "engagements", "file": upload})
    assert response.status_code == 302
    with capture(execute=True):
        response = client.post(response["Location"], {"action": "confirm"}, follow=True)
    assert "Imported" in response.content.decode()
    return Engagement.objects.get(title=TITLE)


@pytest.fixture
def queue(settings):
    """The "background" queue keeps what is enqueued, as a real queue would until the worker runs it."""
    settings.TASKS = {**settings.TASKS, "background": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return task_backends["background"]


def queued_reminders(queue):
    return [
        (result.args, result.task.run_after)
        for result in queue.results
        if result.task.func is send_follow_up_reminder.func
    ]


def test_an_imported_follow_up_is_queued_for_8_oclock_on_its_date_and_again_when_the_file_moves_it(
    staff_client, medellin, queue, django_capture_on_commit_callbacks
):
    due, moved = days_from_now(5), days_from_now(9)
    engagement = import_follow_up(staff_client, django_capture_on_commit_callbacks, due)
    assert queued_reminders(queue) == [([engagement.pk, due.isoformat()], at_8(due))]

    import_follow_up(staff_client, django_capture_on_commit_callbacks, due)
    assert len(queued_reminders(queue)) == 1, "a file that changes nothing queues nothing"

    assert import_follow_up(staff_client, django_capture_on_commit_callbacks, moved).pk == engagement.pk
    assert queued_reminders(queue)[1:] == [([engagement.pk, moved.isoformat()], at_8(moved))]


def test_an_imported_follow_up_already_due_reminds_the_importer_once(
    staff_client, medellin, django_capture_on_commit_callbacks
):
    engagement = import_follow_up(staff_client, django_capture_on_commit_callbacks, days_from_now(-2))

    (message,) = mail.outbox
    assert message.to == ["staff@example.org"]
    assert message.subject == f"Follow-up due: {TITLE}"
    engagement.refresh_from_db()
    assert engagement.follow_up_reminded_on == days_from_now(-2)

    import_follow_up(staff_client, django_capture_on_commit_callbacks, days_from_now(-1))
    assert [message.subject for message in mail.outbox] == [f"Follow-up due: {TITLE}"] * 2


def test_a_file_that_gives_a_due_follow_up_another_owner_reminds_them_too(
    staff_client, medellin, django_capture_on_commit_callbacks
):
    factories.StaffFactory(username="colega", email="carla@example.org")
    due = days_from_now(-1)
    import_follow_up(staff_client, django_capture_on_commit_callbacks, due)
    import_follow_up(staff_client, django_capture_on_commit_callbacks, due, owner="colega")

    assert [message.to for message in mail.outbox] == [["staff@example.org"], ["carla@example.org"]]
