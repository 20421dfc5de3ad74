"""The background worker: picks up what a stopped worker left half done, prunes old task results (now and
daily, network/worker.py), then runs queued tasks."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from mailings.sending import resume_interrupted
from network.worker import start_pruning, worker_starting


class Command(BaseCommand):
    help = (
        "Run the background worker (mailings, reminders). Mailings a stopped worker left half sent go on "
        "first, and registration e-mails still waiting are queued again; the message it was sending at the "
        "time is not sent again. Finished tasks' results older than TASK_RESULTS_KEEP_DAYS are deleted at "
        "the start and about once a day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", action="store_true", help="Exit once no task is waiting (for scripts and tests)."
        )
        parser.add_argument(
            "--no-reload", action="store_true", help="Do not restart on code changes (always in production)."
        )

    def handle(self, *args, batch=False, no_reload=False, verbosity=1, **options):
        resumed = resume_interrupted()
        if resumed and verbosity:
            self.stdout.write(f"Mailings resumed: {', '.join(str(mailing.pk) for mailing in resumed)}")
        for _receiver, line in worker_starting.send(sender=self.__class__):
            if line and verbosity:
                self.stdout.write(line)
        start_pruning()
        # As command-line arguments: db_worker checks its --backend value only when it parses it.
        arguments = ["--backend", "background", "--verbosity", str(verbosity)]
        if batch:
            arguments.append("--batch")
        if no_reload:
            arguments.append("--no-reload")
        call_command("db_worker", *arguments)
