"""The background work a restored database holds: the tasks queued when the backup was made (mailings,
reminders, registration e-mails) and what the worker resumes when it starts (mailings not finished,
registration e-mails waiting). A worker started on the restored database does all of it, to real people:
right for a recovery, wrong for a copy on a test machine, which `restore_site --drop-queued-tasks` makes
send nothing.
"""

from collections import Counter

from django.db import transaction
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from events.models import Notice
from mailings.models import Delivery, Mailing
from mailings.recipients import audience
from mailings.sending import hold_back_unfinished

# A task left running at the backup is never run again by the worker; it is dropped with the queued ones.
NOT_FINISHED = [TaskResultStatus.READY, TaskResultStatus.RUNNING]
UNFINISHED_MAILINGS = [Mailing.Status.QUEUED, Mailing.Status.SENDING]


def queued_work():
    """What a worker started on this database would send: the queued tasks by task, the mailings not
    finished and their messages waiting, and the registration e-mails waiting. A falsy `total` when none."""
    tasks = Counter(
        DBTaskResult.objects.filter(status=TaskResultStatus.READY).values_list("task_path", flat=True)
    )
    mailings = Mailing.objects.filter(status__in=UNFINISHED_MAILINGS)
    waiting = Delivery.objects.filter(mailing__in=mailings, status=Delivery.Status.PENDING).count()
    # A queued mailing's recipients are listed when the worker starts on it: those it would reach now.
    for mailing in mailings.filter(deliveries__isnull=True).select_related("segment"):
        waiting += audience(mailing.segment.members())["reachable"]
    notices = Notice.objects.filter(status=Notice.Status.PENDING).count()
    return {
        "tasks": dict(sorted(tasks.items())),
        "mailings": mailings.count(),
        "waiting": waiting,
        "notices": notices,
        "total": sum(tasks.values()) + mailings.count() + notices,
    }


def describe(work):
    """The lines a restore prints about `work` (queued_work), for an operator."""
    lines = []
    if work["tasks"]:
        listed = ", ".join(f"{count} {path}" for path, count in work["tasks"].items())
        lines.append(f"{sum(work['tasks'].values())} background task(s) are queued: {listed}")
    if work["mailings"]:
        lines.append(
            f"{work['mailings']} mailing(s) not finished ({work['waiting']} message(s) waiting): the worker "
            "resumes them when it starts"
        )
    if work["notices"]:
        lines.append(
            f"{work['notices']} registration e-mail(s) waiting: the worker queues them when it starts"
        )
    return lines


@transaction.atomic
def drop_queued_work():
    """For a copy that must send nothing: drop every task not finished, hold back the mailings not
    finished (their messages not sent are marked held back, and the mailing ends) and mark the
    registration e-mails waiting as failed. Returns (tasks, mailings, registration e-mails)."""
    tasks, _by_model = DBTaskResult.objects.filter(status__in=NOT_FINISHED).delete()
    mailings = hold_back_unfinished()
    notices = Notice.objects.filter(status=Notice.Status.PENDING).update(status=Notice.Status.FAILED)
    return tasks, mailings, notices
