"""The worker deletes finished background tasks' rows (and the addresses in their arguments) once they are
older than TASK_RESULTS_KEEP_DAYS, when it starts and then about once a day; tasks waiting or running
are kept whatever their age."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from network.worker import prune_daily

# The worker takes the queue in transactions of its own (BEGIN EXCLUSIVE on SQLite).
pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_QUEUE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}


@task(backend="background")
def tell(email):
    """A task whose row holds a person's address, as the not-invited answer's does."""
    return email


def row(email, status, days_ago):
    """A queued task's row, as it reads `days_ago` days after it was queued (and, if finished, ran)."""
    result = tell.using(run_after=timezone.now() + timedelta(days=365)).enqueue(email)
    moment = timezone.now() - timedelta(days=days_ago)
    finished = status in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED)
    DBTaskResult.objects.filter(pk=result.id).update(
        status=status,
        enqueued_at=moment,
        started_at=moment if status != TaskResultStatus.READY else None,
        finished_at=moment if finished else None,
    )
    return result.id


def addresses_kept():
    return sorted(
        result.args_kwargs["args"][0] for result in DBTaskResult.objects.filter(task_path=tell.module_path)
    )


def pruning_queued():
    return DBTaskResult.objects.filter(task_path=prune_daily.module_path, status=TaskResultStatus.READY)


@override_settings(TASKS=DATABASE_QUEUE, TASK_RESULTS_KEEP_DAYS=30)
def test_the_worker_deletes_old_finished_tasks_and_keeps_the_rest():
    row("sent-long-ago@example.org", TaskResultStatus.SUCCESSFUL, days_ago=31)
    row("failed-long-ago@example.org", TaskResultStatus.FAILED, days_ago=31)
    row("sent-lately@example.org", TaskResultStatus.SUCCESSFUL, days_ago=29)
    row("waiting-long@example.org", TaskResultStatus.READY, days_ago=400)
    row("running-long@example.org", TaskResultStatus.RUNNING, days_ago=400)

    call_command("run_worker", "--batch", "--no-reload", verbosity=0)

    assert addresses_kept() == [
        "running-long@example.org",
        "sent-lately@example.org",
        "waiting-long@example.org",
    ]


@override_settings(TASKS=DATABASE_QUEUE, TASK_RESULTS_KEEP_DAYS=7)
def test_the_period_is_a_setting():
    row("eight-days@example.org", TaskResultStatus.SUCCESSFUL, days_ago=8)
    row("six-days@example.org", TaskResultStatus.SUCCESSFUL, days_ago=6)

    call_command("run_worker", "--batch", "--no-reload", verbosity=0)

    assert addresses_kept() == ["six-days@example.org"]


@override_settings(TASKS=DATABASE_QUEUE, TASK_RESULTS_KEEP_DAYS=30)
def test_the_worker_prunes_again_a_day_later_with_one_pruning_queued_at_a_time():
    call_command("run_worker", "--batch", "--no-reload", verbosity=0)
    call_command("run_worker", "--batch", "--no-reload", verbosity=0)  # a restarted worker queues no other

    [queued] = pruning_queued()
    assert timedelta(hours=23) < queued.run_after - timezone.now() <= timedelta(days=1)

    # A day later the worker runs it: the tasks that became old meanwhile go, the next pruning is queued.
    row("sent-31-days-ago@example.org", TaskResultStatus.SUCCESSFUL, days_ago=31)
    row("sent-lately@example.org", TaskResultStatus.SUCCESSFUL, days_ago=1)
    DBTaskResult.objects.filter(pk=queued.pk).update(run_after=timezone.now())
    call_command("db_worker", "--backend", "background", "--batch", "--no-reload", verbosity=0)

    assert addresses_kept() == ["sent-lately@example.org"]
    assert DBTaskResult.objects.get(pk=queued.pk).status == TaskResultStatus.SUCCESSFUL
    [following] = pruning_queued()
    assert following.run_after - timezone.now() > timedelta(hours=23)
