"""The database half of a backup, per engine: a consistent snapshot, its dump, and its restore.

PostgreSQL: the backup's transaction exports its snapshot and pg_dump dumps that very snapshot
(`--snapshot`), so the dump and the manifest's figures describe the same instant while the site keeps
writing. pg_dump and pg_restore connect with DATABASE_URL's settings passed through libpq's environment
variables: the password never appears on a command line.

SQLite: the file is copied with SQLite's online backup API from inside the transaction that also computes
the manifest's figures; a plain file copy could catch a write halfway.
"""

import contextlib
import os
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.db import transaction


class BackupError(Exception):
    """A problem to report to the operator as it is (no traceback)."""


def for_connection(connection):
    if connection.vendor == "postgresql":
        return PostgresDatabase(connection)
    if connection.vendor == "sqlite":
        return SqliteDatabase(connection)
    raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")


class PostgresDatabase:
    engine = "postgresql"
    # Connection settings that libpq reads from the environment (DATABASE_URL's query string).
    LIBPQ_OPTIONS = {
        "sslmode": "PGSSLMODE",
        "sslrootcert": "PGSSLROOTCERT",
        "sslcert": "PGSSLCERT",
        "sslkey": "PGSSLKEY",
        "connect_timeout": "PGCONNECT_TIMEOUT",
        "options": "PGOPTIONS",
        "passfile": "PGPASSFILE",
        "service": "PGSERVICE",
    }

    def __init__(self, connection):
        self.connection = connection
        self.settings = connection.settings_dict
        self._snapshot = None

    @property
    def label(self):
        host = self.settings.get("HOST") or "the local server"
        port = f":{self.settings['PORT']}" if self.settings.get("PORT") else ""
        return f"{self.settings['NAME']} on {host}{port}"

    def describe(self):
        with self.connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            server_version = cursor.fetchone()[0]
        tool = self._run(["pg_dump", "--version"]).strip()
        return {
            "engine": self.engine,
            "name": self.settings["NAME"],
            "server_version": server_version,
            "tool": tool,
        }

    def table_names(self):
        return self.connection.introspection.table_names()

    @contextlib.contextmanager
    def snapshot(self):
        self.connection.ensure_connection()
        with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            self._snapshot = cursor.fetchone()[0]
            try:
                yield
            finally:
                self._snapshot = None

    @contextlib.contextmanager
    def dumping(self, path):
        """Dump the open snapshot in pg_dump's custom format (compressed, for pg_restore) while the body
        runs: pg_dump is a process of its own, and the manifest's figures take as long to compute."""
        assert self._snapshot, "dumping() runs inside snapshot()"
        command = [
            "pg_dump",
            "--format=custom",
            "--no-password",
            f"--snapshot={self._snapshot}",
            f"--file={path}",
        ]
        with tempfile.TemporaryFile(mode="w+") as errors:
            process = self._start(command, stderr=errors)
            try:
                yield
            except BaseException:
                process.kill()
                process.wait()
                raise
            process.wait()
            errors.seek(0)
            self._check(command, process.returncode, errors.read())

    def restore(self, path, replace=False):
        """All or nothing (one transaction). Ownership and grants are left out: the tables belong to the
        role DATABASE_URL names, whatever role owned them where the backup was made."""
        command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
        if replace:
            command += ["--clean", "--if-exists"]
        self._run([*command, "--no-password", f"--dbname={self.settings['NAME']}", str(path)])
        with self.connection.cursor() as cursor:
            # pg_restore brings no planner statistics: without them the first queries would be slow.
            cursor.execute("ANALYZE")

    def _environment(self):
        env = dict(os.environ)
        for key, variable in [
            ("HOST", "PGHOST"),
            ("PORT", "PGPORT"),
            ("USER", "PGUSER"),
            ("PASSWORD", "PGPASSWORD"),
            ("NAME", "PGDATABASE"),
        ]:
            if self.settings.get(key):
                env[variable] = str(self.settings[key])
        for option, variable in self.LIBPQ_OPTIONS.items():
            if self.settings.get("OPTIONS", {}).get(option) is not None:
                env[variable] = str(self.settings["OPTIONS"][option])
        return env

    def _start(self, command, **streams):
        try:
            return subprocess.Popen(command, env=self._environment(), text=True, **streams)
        except FileNotFoundError:
            raise BackupError(
                f"{command[0]} was not found: install PostgreSQL's client programs "
                "(Debian: postgresql-client), the same major version as the server or newer."
            ) from None

    def _check(self, command, returncode, errors):
        if returncode:
            raise BackupError(f"{command[0]} failed (exit status {returncode}): {errors.strip()}")

    def _run(self, command):
        process = self._start(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        output, errors = process.communicate()
        self._check(command, process.returncode, errors)
        return output


class SqliteDatabase:
    engine = "sqlite"

    def __init__(self, connection):
        self.connection = connection
        name = str(connection.settings_dict["NAME"])
        if name == ":memory:" or "mode=memory" in name:
            raise BackupError(
                "The database is in memory: there is nothing on disk to back up or restore into."
            )
        self.path = Path(name)

    @property
    def label(self):
        return str(self.path)

    def describe(self):
        return {"engine": self.engine, "name": self.path.name, "sqlite_version": sqlite3.sqlite_version}

    def table_names(self):
        if not self.path.exists():
            return []  # connecting would create the file
        return self.connection.introspection.table_names()

    @contextlib.contextmanager
    def snapshot(self):
        """A read transaction, begun by hand: the site's transactions begin IMMEDIATE, taking the write lock
        (network/settings/base.py), and SQLite's backup of a database waits for ever while its own
        connection holds that lock."""
        self.connection.ensure_connection()
        sqlite = self.connection.connection
        sqlite.execute("BEGIN DEFERRED")
        try:
            with self.connection.cursor() as cursor:
                # The first read takes the read lock: from here on the transaction sees one state of the file.
                cursor.execute("SELECT COUNT(*) FROM sqlite_master")
                yield
        finally:
            sqlite.execute("ROLLBACK")

    @contextlib.contextmanager
    def dumping(self, path):
        """Copy the open snapshot, then run the body."""
        target = sqlite3.connect(path)
        try:
            self.connection.connection.backup(target)
            # A copy that needs no -wal file next to it.
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
        yield

    def restore(self, path, replace=False):
        """Copy the backed-up file into place with the backup API: in one write transaction on the target,
        so that a failure leaves it as it was. `replace` needs nothing more: the copy replaces it all."""
        self.connection.close()
        source = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
        try:
            self._copy(source, Path(path).name)
        finally:
            source.close()

    def _copy(self, source, name):
        """A file that is no SQLite database is refused before the target is created; a copy that fails
        leaves no new file behind."""
        try:
            source.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{name} is not a SQLite database that can be restored ({error}).") from None
        existed = self.path.exists()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        target = sqlite3.connect(self.path)
        try:
            source.backup(target)
        except sqlite3.Error as error:
            target.close()
            if not existed:
                self.path.unlink(missing_ok=True)
            raise BackupError(f"Copying {name} into {self.path} failed ({error}).") from None
        target.close()
