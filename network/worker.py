"""The background worker's start, which apps hook into to pick up what a stopped worker left undone, and
the pruning of finished tasks' results.

`manage.py run_worker` sends `worker_starting` before it runs any queued task; each receiver returns a
line for the worker's output, or None when it had nothing to do.

The database queue keeps a row for every task that ran, with its arguments (an e-mail address, say).
The worker deletes the rows of finished tasks (successful or failed) older than TASK_RESULTS_KEEP_DAYS,
with django_tasks_db's own pruning: when it starts (`start_pruning`), then about once a day through a
task it queues for the next day. A task waiting or running is never pruned.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.dispatch import Signal
from django.utils import timezone
from django_tasks import task, task_backends
from django_tasks.base import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

worker_starting = Signal()

QUEUE_BACKEND = "background"
PRUNING_INTERVAL = timedelta(days=1)


def keeps_results():
    """Whether the background queue keeps task results in the database (not in tests, by default)."""
    return isinstance(task_backends[QUEUE_BACKEND], DatabaseBackend)


def prune_task_results():
    """Delete the results of the background queue's finished tasks older than TASK_RESULTS_KEEP_DAYS."""
    if not keeps_results():
        return
    call_command(
        "prune_db_task_results",
        # As command-line arguments: the command checks its --backend value only when it parses it.
        *["--backend", QUEUE_BACKEND, "--queue-name", "*"],
        *["--min-age-days", str(settings.TASK_RESULTS_KEEP_DAYS)],
        verbosity=0,
    )


@task(backend=QUEUE_BACKEND)
def prune_daily():
    """Prune, then queue the next pruning for a day later."""
    prune_task_results()
    schedule_pruning()


def schedule_pruning():
    """Queue the next pruning a day from now, unless one is waiting already; whether it was queued."""
    if not keeps_results():
        return False
    waiting = DBTaskResult.objects.filter(
        backend_name=QUEUE_BACKEND, task_path=prune_daily.module_path, status=TaskResultStatus.READY
    )
    if waiting.exists():
        return False
    prune_daily.using(run_after=timezone.now() + PRUNING_INTERVAL).enqueue()
    return True


def start_pruning():
    """At the worker's start: prune now, and make sure the daily pruning is queued."""
    prune_task_results()
    schedule_pruning()
