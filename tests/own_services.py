"""Services of a fault test's own, stopped and started by the test.

The machine's shared PostgreSQL (5432) and Redis (6379) are never stopped: a test that breaks a service
starts one of its own, on a free port, in a temporary directory, and removes everything at the end (its
context manager's exit, also when the test fails; an atexit hook as a last resort). `OwnRedis`: redis-server
as a child process; `OwnPostgres`: a cluster made with initdb, run with pg_ctl, loaded with a copy of the
template database.
"""

import atexit
import contextlib
import os
import pwd
import shlex
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.services import ProductionServerError, free_port

_OWN_SERVICES = set()


@atexit.register
def _close_own_services():
    for service in list(_OWN_SERVICES):
        with contextlib.suppress(Exception):
            service.close()


def on_ci():
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def postgres_bin_dir():
    """The newest PostgreSQL server installation's bin directory (Debian's layout), or None."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0,
    )
    for directory in reversed(candidates):
        if all((directory / tool).exists() for tool in ("initdb", "pg_ctl", "pg_dump", "pg_restore")):
            return directory
    return None


def missing_fault_tools(*services):
    """What is missing on this machine to run services of their own: {"redis", "postgres"}."""
    missing = []
    if "redis" in services and not shutil.which("redis-server"):
        missing.append("redis-server (Debian package redis-server)")
    if "postgres" in services:
        if postgres_bin_dir() is None:
            missing.append("/usr/lib/postgresql/*/bin/{initdb,pg_ctl,pg_dump,pg_restore} (postgresql)")
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                missing.append("an OS user `postgres` (initdb refuses to run as root)")
            if not shutil.which("runuser") and not shutil.which("su"):
                missing.append("runuser or su")
    return missing


def require_fault_tools(*services):
    """Skip when a program that services of their own need is missing, except on CI, where the test fails."""
    missing = missing_fault_tools(*services)
    if missing:
        message = "fault tests need " + ", ".join(missing)
        if on_ci():
            pytest.fail(message + " (CI is set: the fault tests must run on CI)")
        pytest.skip(message)


def wait_for(condition, timeout, interval=0.05, message="condition"):
    """Call `condition` until it returns a true value (returned); raise after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise ProductionServerError(f"timed out after {timeout} s waiting for {message}")
        time.sleep(interval)


class OwnRedis:
    """A Redis server of the test's own: `redis-server` as a child process on a free port, in memory (no
    snapshots, no append-only file). `stop()` and `start()` again on the same port; `stop(keep_data=True)`
    writes a snapshot first, which the next `start()` loads, as a Redis with persistence comes back."""

    def __init__(self, name="redis"):
        self.name = name
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix=f"lcn-{name}-"))
        self.log_path = self.directory / "redis.log"
        self.process = None
        _OWN_SERVICES.add(self)

    def url(self, db=0):
        return f"redis://127.0.0.1:{self.port}/{db}"

    def client(self, db=0):
        import redis

        return redis.Redis(
            host="127.0.0.1", port=self.port, db=db, socket_connect_timeout=2, socket_timeout=5
        )

    def answers(self):
        import redis

        try:
            return self.client().ping()
        except redis.RedisError:
            return False

    def start(self, timeout=15):
        if self.process is not None and self.process.poll() is None:
            return self
        with self.log_path.open("a") as log:
            self.process = subprocess.Popen(
                [
                    shutil.which("redis-server"),
                    "--port", str(self.port),
                    "--bind", "127.0.0.1",
                    "--save", "",
                    "--appendonly", "no",
                    "--daemonize", "no",
                    "--dir", str(self.directory),
                    "--dbfilename", "dump.rdb",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )  # fmt: skip
        deadline = time.monotonic() + timeout
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise ProductionServerError(f"{self.name} did not start:\n{self.log()}")
            time.sleep(0.02)
        return self

    def stop(self, keep_data=False):
        """Stop the server; its data is gone unless `keep_data` (a snapshot, loaded by the next start)."""
        if self.process is None:
            return
        if keep_data and self.process.poll() is None:
            self.client().save()
        elif not keep_data:
            with contextlib.suppress(FileNotFoundError):
                (self.directory / "dump.rdb").unlink()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None

    def key_count(self, db=0):
        return self.client(db).dbsize()

    def log(self):
        try:
            return self.log_path.read_text()[-3000:]
        except OSError:
            return ""

    def close(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=10)
        self.process = None
        shutil.rmtree(self.directory, ignore_errors=True)
        _OWN_SERVICES.discard(self)

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            self.close()
            raise

    def __exit__(self, *exc):
        self.close()


class OwnPostgres:
    """A PostgreSQL cluster of the test's own: `initdb` into a temporary directory (as the `postgres` OS
    user when we are root: initdb refuses root), the server started and stopped with `pg_ctl` on a free
    port (TCP on 127.0.0.1, trust authentication, no fsync: a test cluster)."""

    def __init__(self, name="postgres"):
        self.name = name
        self.bin = postgres_bin_dir()
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix=f"lcn-{name}-"))
        self.data = self.directory / "data"
        self.log_path = self.directory / "postgres.log"
        self.running = False
        _OWN_SERVICES.add(self)
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.directory, owner.pw_uid, owner.pw_gid)

    def _as_owner(self, *command):
        command = [str(part) for part in command]
        if os.geteuid() != 0:
            return command
        if shutil.which("runuser"):
            return ["runuser", "-u", "postgres", "--", *command]
        return ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(shlex.quote(part) for part in command)]

    def _run(self, *command, timeout=120):
        completed = subprocess.run(
            self._as_owner(*command), capture_output=True, text=True, timeout=timeout, cwd=self.directory
        )
        if completed.returncode:
            raise ProductionServerError(
                f"{self.name}: {' '.join(map(str, command))} failed ({completed.returncode}):\n"
                f"{completed.stdout[-2000:]}\n{completed.stderr[-3000:]}\n{self.log()}"
            )
        return completed

    def url(self, dbname):
        return f"postgres://postgres@127.0.0.1:{self.port}/{dbname}"

    def initdb(self):
        self._run(
            self.bin / "initdb", "--pgdata", self.data, "--username", "postgres", "--auth", "trust",
            "--encoding", "UTF8", "--locale", "C.UTF-8", "--no-sync",
        )  # fmt: skip
        return self

    def start(self, timeout=60):
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50"
        )
        self._run(
            self.bin / "pg_ctl", "start", "--pgdata", self.data, "--log", self.log_path,
            "--options", options, "--wait", "--timeout", str(timeout),
        )  # fmt: skip
        self.running = True
        return self

    def stop(self, mode="fast"):
        """Stop the server (`fast`: roll back open transactions and close every connection)."""
        self._run(self.bin / "pg_ctl", "stop", "--pgdata", self.data, "--mode", mode, "--wait")
        self.running = False

    def connect(self, dbname="postgres", **options):
        import psycopg

        return psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=dbname, connect_timeout=5, **options
        )

    def load_database(self, name, source_url):
        """Create database `name` with the content of the database at `source_url` (pg_dump, pg_restore)."""
        dump = self.directory / f"{name}.dump"
        options = ["--no-owner", "--no-acl"]
        completed = subprocess.run(
            [self.bin / "pg_dump", "--format", "custom", *options, "--file", dump, source_url],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if completed.returncode:
            raise ProductionServerError(f"pg_dump of {source_url} failed:\n{completed.stderr[-3000:]}")
        with self.connect(autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        completed = subprocess.run(
            [self.bin / "pg_restore", *options, "--exit-on-error", "--dbname", self.url(name), dump],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if completed.returncode:
            raise ProductionServerError(f"pg_restore into {self.name} failed:\n{completed.stderr[-3000:]}")
        dump.unlink()
        return self.url(name)

    def log(self):
        try:
            return self.log_path.read_text()[-3000:]
        except OSError:
            return ""

    def _postmaster_pid(self):
        with contextlib.suppress(OSError, ValueError, IndexError):
            return int((self.data / "postmaster.pid").read_text().split()[0])
        return None

    def close(self):
        if self.data.exists():
            with contextlib.suppress(Exception):
                self._run(self.bin / "pg_ctl", "stop", "--pgdata", self.data, "--mode", "immediate", "--wait")
            pid = self._postmaster_pid()
            if pid:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        self.running = False
        shutil.rmtree(self.directory, ignore_errors=True)
        _OWN_SERVICES.discard(self)

    def __enter__(self):
        try:
            return self.initdb().start()
        except BaseException:
            self.close()
            raise

    def __exit__(self, *exc):
        self.close()
