import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor

from home.backups import archive, manifest, queue
from home.backups.database import BackupError, for_connection

NOTHING_CHANGED = "Nothing was changed."


class Command(BaseCommand):
    help = (
        "Restore a backup written by backup_site into an empty database (DATABASE_URL) and an empty media "
        "folder (MEDIA_ROOT), then check the result against the backup's manifest: every table's row count, "
        "the CRM checksum and every media file's checksum. Any difference is listed and the exit status is 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the backup's folder, e.g. backups/20260112T023000Z")
        parser.add_argument(
            "--drop-queued-tasks",
            action="store_true",
            help=(
                "for a copy that must send nothing (a test machine): once restored, drop the background "
                "tasks queued in the backup (mailings, reminders), end the mailings not finished without "
                "sending the rest, and mark the registration e-mails waiting as failed. Never for a recovery."
            ),
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=(
                "restore even though the database has tables or the media folder has files: the backup's "
                "tables replace those of the same name and its media files overwrite theirs"
            ),
        )

    def handle(self, *args, force=False, drop_queued_tasks=False, **options):
        started = time.monotonic()
        folder = Path(options["archive"])
        media_root = Path(settings.MEDIA_ROOT)
        restored = False
        try:
            database = for_connection(connection)
            contents = self.read_archive(folder, database)
            if not force:
                self.refuse_if_occupied(database, media_root)
            media = archive.StagedMedia(folder, contents["media"]["files"], media_root).stage()
            try:
                database.restore(folder / contents["database"]["file"], replace=force)  # all or nothing
            except BaseException:
                media.discard()
                raise
            restored = True
            media.publish()
            figures = manifest.database_figures(connection)
        except BackupError as error:
            raise CommandError(f"{error} {NOTHING_CHANGED}") from None
        except (OSError, DatabaseError) as error:
            after = (
                "The database was restored, the media files perhaps not all: empty both and try again."
                if restored
                else NOTHING_CHANGED
            )
            raise CommandError(f"The restore failed: {error}. {after}") from None

        # Checked against the manifest as restored; dropped at once, before any worker could start on it.
        dropped = queue.drop_queued_work() if drop_queued_tasks else None
        problems, notes = manifest.compare_database(contents, figures)
        media_problems, media_notes = manifest.compare_media(
            contents["media"]["files"], manifest.media_inventory(media_root)
        )
        problems += media_problems
        notes += media_notes + self.after_restore_notes(contents)
        for note in notes:
            self.stdout.write(self.style.WARNING(f"Note: {note}"))
        self.report_queued_work(dropped)
        if problems:
            for problem in problems:
                self.stderr.write(f"Mismatch: {problem}")
            raise CommandError(
                f"Restored {folder}, but {len(problems)} check(s) against its manifest failed (listed above)."
            )
        tables = figures["tables"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {folder} into {database.label} and {media_root} "
                f"in {time.monotonic() - started:.1f} s. "
                f"Checked against the manifest: {len(tables)} tables ({sum(tables.values())} rows), the CRM "
                f"checksum and {len(contents['media']['files'])} media files match."
            )
        )

    def report_queued_work(self, dropped):
        """What a worker started on the restored database would send to real people, and how not to."""
        if dropped is not None:
            tasks, mailings, notices = dropped
            self.stdout.write(
                f"Dropped {tasks} background task(s), held back {mailings} mailing(s) not finished and "
                f"marked {notices} registration e-mail(s) waiting as failed (--drop-queued-tasks): a worker "
                "started on this copy sends none of them."
            )
            return
        work = queue.queued_work()
        if not work["total"]:
            return
        for line in queue.describe(work):
            self.stdout.write(self.style.WARNING(f"Note: {line}."))
        self.stdout.write(
            self.style.WARNING(
                "Note: a worker started on this database sends them to the people in it, as a recovery must. "
                "For a copy that must send nothing (a test machine), start no worker and restore it again "
                "with --force --drop-queued-tasks (README: Backups and restore)."
            )
        )

    def read_archive(self, folder, database):
        """The manifest, once the manifest and the database file match SHA256SUMS; nothing is changed
        before this passes. The media files are checked as they are copied, before the database is restored
        (archive.StagedMedia)."""
        if not folder.exists():
            raise CommandError(f"{folder} does not exist. {NOTHING_CHANGED}")
        if not (folder / archive.MANIFEST).is_file():
            raise CommandError(f"{folder} is not a backup: it has no {archive.MANIFEST}. {NOTHING_CHANGED}")
        problems = archive.check_files(folder, [archive.MANIFEST])
        if not problems:
            try:
                contents = archive.read_manifest(folder)
                problems = archive.check_files(folder, [contents["database"]["file"]])
                engine = contents["database"]["engine"]
                check_media_entries(contents["media"]["files"])
            except (ValueError, KeyError, TypeError) as error:
                problems = [f"{archive.MANIFEST} cannot be read: {error}"]
        if problems:
            raise CommandError(f"{folder} cannot be restored: {'; '.join(problems)}. {NOTHING_CHANGED}")
        if engine != database.engine:
            raise CommandError(
                f"{folder} holds a {engine} database, but DATABASE_URL points at {database.engine}. "
                + NOTHING_CHANGED
            )
        unsafe = archive.unsafe_media_paths(contents["media"]["files"])
        if unsafe:
            raise CommandError(f"{folder}: media paths outside the media folder: {unsafe}. {NOTHING_CHANGED}")
        return contents

    def refuse_if_occupied(self, database, media_root):
        occupied = []
        tables = database.table_names()
        if tables:
            occupied.append(f"the database {database.label} has {len(tables)} table(s)")
        files = manifest.walk_files(media_root)
        if files:
            occupied.append(f"the media folder {media_root} has {len(files)} file(s)")
        if occupied:
            raise CommandError(
                f"Refusing to restore: {' and '.join(occupied)}. Restore into a new, empty database and an "
                f"empty media folder (set DATABASE_URL and MEDIA_ROOT). {NOTHING_CHANGED}"
            )

    def after_restore_notes(self, contents):
        notes = []
        now = manifest.versions()
        for package in ("django", "wagtail"):
            if contents["versions"].get(package) != now[package]:
                notes.append(
                    f"the backup was made with {package} {contents['versions'].get(package)}, "
                    f"this is {now[package]}"
                )
        if "redis" in settings.CACHES.get("default", {}).get("BACKEND", "").lower():
            notes.append(
                "pages in the shared cache describe the database as it was before the restore: empty the "
                "cache (e.g. `redis-cli -u $REDIS_URL FLUSHDB`) before starting the app again"
            )
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            notes.append(
                f"{len(pending)} migration(s) of this code are not applied yet: run `manage.py migrate`"
            )
        return notes


def check_media_entries(entries):
    """The manifest's list of media files is a list of {path, size, sha256}; a ValueError says what is not."""
    for entry in entries:
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("path"), str)
            and isinstance(entry.get("size"), int)
            and isinstance(entry.get("sha256"), str)
        ):
            raise ValueError(f"a media entry is not a path, a size and a sha256: {entry!r}")
