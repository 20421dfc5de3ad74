"""The site as it runs in production, in real processes, for tests: gunicorn with `gunicorn.conf.py` and
`network.settings.production` on PostgreSQL and Redis, static files collected and served by whitenoise.

Building a database (migrate, then `setup_network --demo-accounts`) takes one to two minutes on
PostgreSQL, so it is done once into a *template* database named after a fingerprint of everything that
shapes it (migrations, models, the setup code, the shipped cities, the pinned packages). The template is
kept between test runs and rebuilt when the fingerprint changes; each test gets its own clone
(`CREATE DATABASE … TEMPLATE …`, well under a second), dropped at the end.

Every process gets an environment built from scratch (nothing leaks from the pytest process, which runs
with the test settings) and its own Redis key prefix, so tests never see each other's cache.

Fault tests (tests/test_fault_*.py, docs/reliability.md) never stop the machine's shared services: they
start services of their own (`OwnRedis`: redis-server as a child process on a free port; `OwnPostgres`: a
cluster made with initdb in a temporary directory, run with pg_ctl on a free port, loaded with a copy of
the template database), stop and start them, and remove them at the end. `RequestLoad` keeps requests
going on many connections and records each answer; the access log (ACCESS_LOG_ARGS) says which worker
answered which request, and `RequestInFlight` lets a test find the worker serving a request and kill it.
"""

import atexit
import collections
import contextlib
import copy
import dataclasses
import hashlib
import json
import os
import pwd
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
import requests.adapters

PROJECT_DIR = Path(__file__).resolve().parent.parent
POSTGRES = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
TEMPLATE_PREFIX = "learning_cities_prodtest_template_"
ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "prodtest-Admin-Pw-5208"
STAFF_USERNAME = "staff"
STAFF_PASSWORD = "prodtest-Staff-Pw-7714"
# How the template is built; part of its fingerprint, so changing it rebuilds the template.
TEMPLATE_RECIPE = [
    ["migrate", "--no-input"],
    ["setup_network", "--demo-accounts"],
    {"DEMO_ADMIN_PASSWORD": ADMIN_PASSWORD, "DEMO_STAFF_PASSWORD": STAFF_PASSWORD},
]
# What the template database's content depends on (schema, setup code and data, packages): a change to any
# of these rebuilds it. Other app code (views, templates…) is what the processes run, not what they store.
FINGERPRINT_GLOBS = [
    "requirements.txt",
    "*/migrations/*.py",
    "*/models.py",
    "*/signals.py",
    "*/management/commands/*.py",
    "home/demo_accounts.py",
    "home/site_structure.py",
    "cities/focal_points.py",
    "cities/imports.py",
    "cities/permissions.py",
    "cities/data/*",
]


class ProductionServerError(RuntimeError):
    pass


# --- The services --------------------------------------------------------------------------------------


def postgres_url(name):
    return f"postgres://{POSTGRES['user']}@{POSTGRES['host']}:{POSTGRES['port']}/{name}"


def redis_url(db):
    return f"redis://{REDIS_HOST}:{REDIS_PORT}/{db}"


# How this machine and CI start the services when they are down (README, "Continuous integration").
START_COMMANDS = {
    "PostgreSQL": "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    "Redis": 'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no',
}


def unreachable_services():
    """{service name: why it does not answer} for PostgreSQL and Redis."""
    import psycopg
    import redis

    problems = {}
    try:
        psycopg.connect(dbname="postgres", connect_timeout=3, **POSTGRES).close()
    except psycopg.Error as error:
        problems["PostgreSQL"] = f"PostgreSQL on {POSTGRES['host']}:{POSTGRES['port']} ({error})"
    try:
        redis.Redis(host=REDIS_HOST, port=REDIS_PORT, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        problems["Redis"] = f"Redis on {REDIS_HOST}:{REDIS_PORT} ({error})"
    return problems


def start_services(names, wait=20):
    """Try to start the services that are down with this machine's commands; wait until they answer."""
    started = False
    for name in names:
        command = START_COMMANDS[name]
        if shutil.which(command.split()[0]):
            subprocess.run(command, shell=True, capture_output=True, timeout=60)
            started = True
    deadline = time.monotonic() + (wait if started else 0)
    problems = unreachable_services()
    while problems and time.monotonic() < deadline:
        time.sleep(0.5)
        problems = unreachable_services()
    return problems


def require_services():
    """Skip when PostgreSQL or Redis is unreachable (and cannot be started), except on CI (CI=true),
    where the test fails."""
    problems = unreachable_services()
    if problems:
        problems = start_services(list(problems))
    if problems:
        message = "unreachable: " + "; ".join(problems.values())
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI=true: production tests must run on CI)")
        pytest.skip(message)


@contextlib.contextmanager
def postgres_admin():
    import psycopg

    connection = psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=5, **POSTGRES)
    try:
        yield connection
    finally:
        connection.close()


def database_exists(name):
    with postgres_admin() as admin:
        return bool(admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone())


def create_database(name, template=None):
    with postgres_admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))


def drop_database(name):
    with postgres_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def clone_database(prefix):
    """A fresh database named prefix + random suffix, cloned from the template; return its name."""
    name = f"{prefix}{secrets.token_hex(4)}"
    create_database(name, template=template_database())
    return name


def delete_redis_keys(db, prefix):
    """Delete the keys this test's processes stored (Django prefixes keys with 'prefix:version:')."""
    import redis

    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=db)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)
    return len(keys)


def count_redis_keys(db, prefix):
    import redis

    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=db)
    return sum(1 for _ in client.scan_iter(match=f"{prefix}:*", count=1000))


# --- Environment and commands ----------------------------------------------------------------------------


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_environment():
    """The few variables any process needs, and nothing else from the pytest process."""
    return {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "PYTHONUNBUFFERED": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def production_environment(database, redis_db=15, cache_prefix=None, static_root=None, **overrides):
    """What a deployment on this machine sets, for `database` and Redis db `redis_db`.

    `database` is a database name on the local PostgreSQL or a whole DATABASE_URL. Variables given as
    None are left out.
    """
    env = {
        **base_environment(),
        "DJANGO_SETTINGS_MODULE": "network.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database if "://" in database else postgres_url(database),
        "REDIS_URL": redis_url(redis_db),
        "CACHE_KEY_PREFIX": cache_prefix or f"lcn-test-{secrets.token_hex(4)}",
        # Plain HTTP between the tests and the app, as behind a TLS-terminating load balancer.
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        # Geocoding never reaches a real server.
        "GEOCODER_DOMAIN": "127.0.0.1:9",
        "GEOCODER_SCHEME": "http",
        "GEOCODER_TIMEOUT": "2",
        "GEOCODER_MIN_DELAY_SECONDS": "0",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": "9",
    }
    if static_root:
        env["STATIC_ROOT"] = str(static_root)
    env.update(overrides)
    return {name: value for name, value in env.items() if value is not None}


def manage(env, *args, timeout=600):
    completed = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if completed.returncode:
        raise ProductionServerError(
            f"manage.py {' '.join(args)} failed ({completed.returncode}):\n"
            f"{completed.stdout[-3000:]}\n{completed.stderr[-5000:]}"
        )
    return completed.stdout


# --- The template database and the static files ----------------------------------------------------------


def fingerprint():
    digest = hashlib.sha256(repr(TEMPLATE_RECIPE).encode())
    for pattern in FINGERPRINT_GLOBS:
        for path in sorted(PROJECT_DIR.glob(pattern)):
            if path.is_file():
                digest.update(str(path.relative_to(PROJECT_DIR)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def template_database():
    """The name of the migrated and set-up template database, built first when missing.

    Builders take a PostgreSQL advisory lock, so concurrent test runs build it once; the database gets
    its final name only when complete. Templates of other fingerprints are dropped.
    """
    name = TEMPLATE_PREFIX + fingerprint()
    with postgres_admin() as admin:
        admin.execute("SELECT pg_advisory_lock(hashtext(%s))", [TEMPLATE_PREFIX])
        try:
            exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                building = name + "_building"
                admin.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
                admin.execute(f'CREATE DATABASE "{building}"')
                prefix = f"lcn-template-{secrets.token_hex(4)}"
                *commands, passwords = TEMPLATE_RECIPE
                env = production_environment(building, redis_db=15, cache_prefix=prefix, **passwords)
                try:
                    for command in commands:
                        manage(env, *command)
                except BaseException:
                    admin.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
                    raise
                finally:
                    delete_redis_keys(15, prefix)
                admin.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
                stale = admin.execute(
                    "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
                    [TEMPLATE_PREFIX.replace("_", r"\_") + "%", name],
                ).fetchall()
                for (old,) in stale:
                    with contextlib.suppress(Exception):
                        admin.execute(f'DROP DATABASE IF EXISTS "{old}"')
        finally:
            admin.execute("SELECT pg_advisory_unlock(hashtext(%s))", [TEMPLATE_PREFIX])
    return name


def collect_static(directory):
    """Collect the static files as `make production` does (hashed names, compressed) into `directory`."""
    env = production_environment(postgres_url("postgres"), static_root=directory)
    manage(env, "collectstatic", "--no-input", "--verbosity", "0")
    return directory


# --- App processes ---------------------------------------------------------------------------------------


class AppProcess:
    """One gunicorn master with one worker, started as `make production` starts it."""

    def __init__(self, env, name="app", start_timeout=90, gunicorn_args=()):
        self.name = name
        # Options added to the command line, which win over gunicorn.conf.py (e.g. an access log format).
        self.gunicorn_args = list(gunicorn_args)
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": env.get("WEB_CONCURRENCY", "1"),
        }
        self.start_timeout = start_timeout
        self.directory = Path(tempfile.mkdtemp(prefix=f"lcn-{name}-"))
        self.log_path = self.directory / "gunicorn.log"
        self.env.setdefault("MEDIA_ROOT", str(self.directory / "media"))
        # Temporary files of the app (large responses kept on disk) go with the process's directory.
        self.env.setdefault("TMPDIR", str(self.directory))
        # gunicorn keeps a control socket under $HOME/.gunicorn: one per process, not one shared by all.
        self.env["HOME"] = str(self.directory)
        self.process = None

    def url(self, path=""):
        return self.base_url + path

    def start(self):
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", *self.gunicorn_args],
            cwd=PROJECT_DIR,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def wait_until_up(self):
        """Wait until the app answers /healthz (with any status: a test may break a dependency)."""
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ProductionServerError(
                    f"{self.name}: gunicorn exited ({self.process.returncode}):\n{self.log()}"
                )
            try:
                requests.get(self.url("/healthz"), timeout=30)
                return self
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        raise ProductionServerError(
            f"{self.name}: gunicorn did not answer within {self.start_timeout} s:\n{self.log()}"
        )

    def log(self):
        """The end of gunicorn's log, without the access lines of ACCESS_LOG_ARGS."""
        try:
            text = self.log_path.read_text()
        except OSError:
            return ""
        return "".join(line for line in text.splitlines(True) if not line.startswith("ACCESS "))[-6000:]

    def worker_pids(self):
        """The pids of gunicorn's workers: the master's child processes."""
        return child_pids(self.process.pid) if self.process is not None else []

    def worker_serving(self, client_port):
        """The pid of the worker holding the connection from the client's local port `client_port`, or
        None while no worker has accepted it."""
        return pid_holding_connection(self.worker_pids(), self.port, client_port)

    def terminate(self):
        """Ask gunicorn for its quick shutdown (SIGINT to its process group: the master and its workers)."""
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGINT)

    def stop(self):
        self.terminate()
        if self.process is not None:
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        if getattr(self, "_log", None):
            self._log.close()
        shutil.rmtree(self.directory, ignore_errors=True)


@contextlib.contextmanager
def running(*apps):
    """Start the apps together (they boot in parallel) and stop them all at the end."""
    try:
        for app in apps:
            app.start()
        for app in apps:
            app.wait_until_up()
        yield apps
    finally:
        for app in apps:
            app.terminate()
        for app in apps:
            app.stop()


# --- Talking to an app as a browser behind the load balancer does ------------------------------------------


class LoadBalancedSession(requests.Session):
    """Requests reaching an app as if through a TLS-terminating load balancer.

    The app sees X-Forwarded-Proto: https (so it treats requests as secure and marks its cookies Secure);
    the browser's side of the balancer is HTTPS, so Secure cookies go back over this plain-HTTP hop. Check
    cookie flags on each response's Set-Cookie header: the session's jar drops the Secure mark.
    """

    def __init__(self):
        super().__init__()
        self.headers.update({"X-Forwarded-Proto": "https", "Accept-Language": "en"})

    def prepare_request(self, request):
        for cookie in self.cookies:
            cookie.secure = False
        prepared = super().prepare_request(request)
        if prepared.method == "POST":
            # What a browser sends with a form: the page's origin, as the visitor sees it (HTTPS).
            prepared.headers.setdefault("Origin", "https://" + urlsplit(prepared.url).netloc)
        return prepared


def https_session():
    return LoadBalancedSession()


def csrf_token(html):
    from bs4 import BeautifulSoup

    field = BeautifulSoup(html, "html.parser").find("input", attrs={"name": "csrfmiddlewaretoken"})
    if field is None:
        raise ProductionServerError("no CSRF token in the form:\n" + html[:2000])
    return field["value"]


def admin_login(app, username=ADMIN_USERNAME, password=ADMIN_PASSWORD):
    """Sign in through the admin's login form; return the session."""
    session = https_session()
    form = session.get(app.url("/admin/login/"), timeout=30)
    form.raise_for_status()
    response = session.post(
        app.url("/admin/login/"),
        data={"username": username, "password": password, "csrfmiddlewaretoken": csrf_token(form.text)},
        timeout=30,
        allow_redirects=False,
    )
    if response.status_code != 302:
        raise ProductionServerError(f"admin login failed ({response.status_code}):\n{response.text[:3000]}")
    return session


# --- Processes and connections of an app (for fault tests) ------------------------------------------------


def child_pids(pid):
    """The pids of the child processes of `pid` (from /proc: Linux only)."""
    children = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError):
            children.extend(int(child) for child in task.read_text().split())
    return children


def _connection_inodes(local_port, remote_port):
    """Socket inodes of the established TCP connections from `remote_port` to `local_port` (/proc/net/tcp)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                local, remote, state, inode = fields[1], fields[2], fields[3], fields[9]
                if (
                    state == "01"
                    and int(local.rsplit(":", 1)[1], 16) == local_port
                    and int(remote.rsplit(":", 1)[1], 16) == remote_port
                ):
                    inodes.add(f"socket:[{inode}]")
    return inodes


def pid_holding_connection(pids, local_port, remote_port):
    """Which of `pids` has accepted the connection from `remote_port` to `local_port` (None: none yet)."""
    inodes = _connection_inodes(local_port, remote_port)
    if not inodes:
        return None
    for pid in pids:
        with contextlib.suppress(OSError):
            for descriptor in Path(f"/proc/{pid}/fd").iterdir():
                with contextlib.suppress(OSError):
                    if os.readlink(descriptor) in inodes:
                        return pid
    return None


# --- Services of its own, stopped and started by a fault test ---------------------------------------------
#
# The machine's shared PostgreSQL (5432) and Redis (6379) are never stopped: a test that breaks a service
# starts one of its own, on a free port, in a temporary directory, and removes everything at the end (its
# context manager's exit, also when the test fails; an atexit hook as a last resort).

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


# --- Watching a fault: requests under load, who answered them, what an editor does ------------------------

# The access log names the worker (its pid) that answered each request, and the request's probe id.
PROBE_HEADER = "X-Probe"
ACCESS_LOG_FORMAT = "ACCESS %(p)s %({x-probe}i)s %(s)s %(m)s %(U)s"
ACCESS_LOG_ARGS = ["--access-logformat", ACCESS_LOG_FORMAT]
_ACCESS_LINE = re.compile(r"^ACCESS <(\d+)> (\S+) (\d+) ")
# Behind the load balancer every process sees the site's own host name (part of the page cache's key).
SITE_HOST = "localhost"


def answering_workers(app):
    """{probe id: pid of the worker that answered it}, from the app's access log (ACCESS_LOG_ARGS)."""
    pids = {}
    with contextlib.suppress(OSError), app.log_path.open() as log:
        for line in log:
            match = _ACCESS_LINE.match(line)
            if match and match.group(2) != "-":
                pids[match.group(2)] = int(match.group(1))
    return pids


def stale_mark(headers):
    """The header that marks a response as a stale copy served because the page could not be rendered
    (stale-if-error): `Warning: 110 … stale …`, or any header whose name or cache marker says stale."""
    for name, value in headers.items():
        lowered = name.lower()
        if "stale" in lowered or (lowered in ("warning", "x-page-cache") and "stale" in value.lower()):
            return f"{name}: {value}"
    return None


@dataclasses.dataclass
class Sample:
    """One request of a load: when, what, who answered and how."""

    started: float
    path: str
    staff: bool
    probe: str
    ended: float = 0.0
    status: int | None = None
    error: str = ""
    headers: dict = dataclasses.field(default_factory=dict)
    # The text the test looks for (RequestLoad.marker) was in the body.
    marked: bool = False
    # A 5xx answer said to try again.
    try_again: bool = False

    @property
    def cache(self):
        return self.headers.get("X-Page-Cache")

    @property
    def stale(self):
        return stale_mark(self.headers)


KEPT_RESPONSE_HEADERS = ("X-Page-Cache", "Warning", "Retry-After", "Cache-Control")


class RequestLoad:
    """`connections` threads requesting the app without pause until stopped, each in turn over `paths`
    (anonymous, as a visitor through the load balancer) and `staff_paths` (with a copy of the signed-in
    `staff_session`). Every request is one `Sample`; its X-Probe header ties it to the access log."""

    def __init__(self, app, paths, staff_session=None, staff_paths=(), connections=16, marker=None):
        self.app = app
        self.rotation = [(path, False) for path in paths] + [(path, True) for path in staff_paths]
        self.staff_session = staff_session
        self.connections = connections
        self.marker = marker
        self.samples = []
        self.stopping = threading.Event()
        self.threads = []
        self.run_id = secrets.token_hex(3)

    def _staff_copy(self):
        session = https_session()
        for cookie in self.staff_session.cookies:
            session.cookies.set_cookie(copy.copy(cookie))
        return session

    def _run(self, number):
        staff = self._staff_copy() if self.staff_session is not None else None
        step = number
        while not self.stopping.is_set():
            path, as_staff = self.rotation[step % len(self.rotation)]
            step += 1
            probe = f"{self.run_id}-{number}-{step}"
            sample = Sample(started=time.monotonic(), path=path, staff=as_staff, probe=probe)
            try:
                if as_staff:
                    response = staff.get(
                        self.app.url(path), headers={PROBE_HEADER: probe}, timeout=30, allow_redirects=False
                    )
                else:
                    response = requests.get(
                        self.app.url(path),
                        headers={"Host": SITE_HOST, PROBE_HEADER: probe},
                        timeout=30,
                        allow_redirects=False,
                    )
                sample.status = response.status_code
                sample.headers = {
                    name: response.headers[name] for name in response.headers if name in KEPT_RESPONSE_HEADERS
                }
                if stale_mark(response.headers):
                    sample.headers.update(
                        {name: value for name, value in response.headers.items() if "stale" in name.lower()}
                    )
                if self.marker:
                    sample.marked = self.marker in response.text
                if response.status_code >= 500:
                    sample.try_again = "try again" in response.text.lower()
            except requests.RequestException as error:
                sample.error = f"{error.__class__.__name__}: {error}"[:300]
            sample.ended = time.monotonic()
            self.samples.append(sample)

    def start(self):
        for number in range(self.connections):
            thread = threading.Thread(target=self._run, args=(number,), daemon=True)
            thread.start()
            self.threads.append(thread)
        return self

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=60)
        return self.samples

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def between(self, start, end=float("inf")):
        """The samples of the requests started in [start, end)."""
        return [sample for sample in list(self.samples) if start <= sample.started < end]


def describe_samples(samples, limit=8):
    """Status counts per path, and the first few failures, for a test's message."""
    counts = collections.Counter(
        (sample.path, sample.status or sample.error.split(":")[0]) for sample in samples
    )
    lines = [f"{path} → {status}: {count}" for (path, status), count in sorted(counts.items(), key=str)]
    failures = [sample for sample in samples if sample.error or (sample.status or 0) >= 500][:limit]
    lines += [f"  e.g. {sample.path}: {sample.status or sample.error}" for sample in failures]
    return "\n".join(lines)


def form_fields(html, selector):
    """What a browser submits for the form `selector` of `html` as it is: [(name, value)].

    A StreamField is drawn by the admin's JavaScript; an empty one is submitted as `<name>-count=0`.
    """
    from bs4 import BeautifulSoup

    form = BeautifulSoup(html, "html.parser").select_one(selector)
    if form is None:
        raise ProductionServerError(f"no form {selector} in the page:\n{html[:2000]}")
    fields = []
    for element in form.find_all(["input", "select", "textarea"]):
        if element.find_parent("template") or element.has_attr("disabled") or not element.get("name"):
            continue
        name = element["name"]
        if element.name == "textarea":
            fields.append((name, element.text.removeprefix("\n")))
        elif element.name == "select":
            options = element.find_all("option")
            chosen = [option for option in options if option.has_attr("selected")]
            if not chosen and not element.has_attr("multiple"):
                chosen = options[:1]
            fields.extend((name, option.get("value", option.text)) for option in chosen)
        else:
            kind = (element.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if element.has_attr("checked"):
                    fields.append((name, element.get("value", "on")))
            elif kind not in ("submit", "button", "image", "file", "reset"):
                fields.append((name, element.get("value", "")))
    for block in form.select('[data-controller~="w-block"]'):
        value = json.loads(block.get("data-w-block-arguments-value") or "[[]]")[0]
        if value:
            raise ProductionServerError(
                f"the StreamField {block.get('id')} is not empty: use a page without one"
            )
        fields.append((f"{block['id']}-count", "0"))
    return fields


def page_publish_form(session, app, page_id, title):
    """The page's edit form as the editor submits it with a new title and the "Publish" button."""
    edit = session.get(app.url(f"/admin/pages/{page_id}/edit/"), timeout=30)
    if edit.status_code != 200:
        raise ProductionServerError(f"edit page {page_id}: {edit.status_code}\n{edit.text[:2000]}")
    fields = [(name, value) for name, value in form_fields(edit.text, "#page-edit-form") if name != "title"]
    return [*fields, ("title", title), ("action-publish", "action-publish")]


def publish_page(session, app, page_id, title):
    """Change the page's title and publish it through the admin's edit view; return the response (302 when
    published)."""
    return session.post(
        app.url(f"/admin/pages/{page_id}/edit/"),
        data=page_publish_form(session, app, page_id, title),
        timeout=60,
        allow_redirects=False,
    )


class _SourcePortAdapter(requests.adapters.HTTPAdapter):
    def __init__(self, port):
        self.source_port = port
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = ("127.0.0.1", self.source_port)
        super().init_poolmanager(*args, **kwargs)


class RequestInFlight:
    """A POST sent from a known local port in a thread, so the test can find the worker serving it
    (AppProcess.worker_serving) and kill it while it works. `result` is the response or the exception."""

    def __init__(self, session, app, path, data):
        self.app = app
        self.port = free_port()
        self.session = copy.copy(session)
        self.session.adapters = collections.OrderedDict()
        self.session.mount("http://", _SourcePortAdapter(self.port))
        self.path, self.data = path, data
        self.result = None
        self.started = self.ended = None
        self.thread = threading.Thread(target=self._send, daemon=True)

    def _send(self):
        self.started = time.monotonic()
        try:
            self.result = self.session.post(
                self.app.url(self.path), data=self.data, timeout=120, allow_redirects=False
            )
        except requests.RequestException as error:
            self.result = error
        self.ended = time.monotonic()

    def start(self):
        self.thread.start()
        return self

    def worker(self, timeout=10):
        """The pid of the worker that accepted the request (waits for it)."""
        return wait_for(lambda: self.app.worker_serving(self.port), timeout, 0.002, "a worker to accept")

    def wait(self, timeout=150):
        self.thread.join(timeout)
        return self.result


def visitor_get(app, path, probe=None, timeout=30):
    """A visitor's request through the load balancer (anonymous, the site's host name)."""
    headers = {"Host": SITE_HOST}
    if probe:
        headers[PROBE_HEADER] = probe
    return requests.get(app.url(path), headers=headers, timeout=timeout, allow_redirects=False)


def warm(app, paths, rounds=20):
    """Request each public path until its page comes from the shared cache (X-Page-Cache: hit); the
    GeoJSON, which has no such header, until it answers 200 twice."""
    for path in paths:
        for answers in range(1, rounds + 1):
            response = visitor_get(app, path)
            if response.status_code != 200:
                raise ProductionServerError(f"warming {path}: {response.status_code}\n{app.log()}")
            if response.headers.get("X-Page-Cache") == "hit" or (path.startswith("/api/") and answers >= 2):
                break
        else:
            raise ProductionServerError(f"{path} never came from the cache:\n{app.log()}")


def responses_by_worker(app, path, workers, get=visitor_get, limit=60):
    """Request `path` (two at a time) until each of `workers` (pids) has answered it at least once.

    Return {pid: [responses]}; a worker that never answered within `limit` requests is missing."""
    from concurrent.futures import ThreadPoolExecutor

    run_id = secrets.token_hex(3)
    answered = collections.defaultdict(list)
    pending = {}
    with ThreadPoolExecutor(2) as pool:
        for batch in range(0, limit, 2):
            probes = [f"{run_id}-w-{batch + offset}" for offset in range(2)]
            for probe, response in zip(
                probes, pool.map(lambda probe: get(app, path, probe), probes), strict=True
            ):
                pending[probe] = response
            deadline = time.monotonic() + 3
            while pending and time.monotonic() < deadline:
                pids = answering_workers(app)
                for probe in [probe for probe in pending if probe in pids]:
                    answered[pids[probe]].append(pending.pop(probe))
                if pending:
                    time.sleep(0.02)
            if all(pid in answered for pid in workers):
                break
    return dict(answered)


@contextlib.contextmanager
def app_with_own_redis(request, name, workers):
    """An app (`workers` gunicorn workers) with a Redis of its own, on a fresh clone of the template
    database: yields (app, its Redis, the database's name); the clone is dropped afterwards."""
    require_fault_tools("redis")
    # Skip (or fail, on CI) before the shared fixtures' work when a program is missing.
    request.getfixturevalue("production_template_database")
    static_root = request.getfixturevalue("production_static_root")
    database = clone_database(f"learning_cities_{name.replace('-', '_')}_")
    try:
        with OwnRedis(f"{name}-redis") as redis_server:
            env = production_environment(
                database, static_root=static_root, REDIS_URL=redis_server.url(0), WEB_CONCURRENCY=str(workers)
            )
            app = AppProcess(env, name, gunicorn_args=ACCESS_LOG_ARGS)
            with running(app):
                yield app, redis_server, database
    finally:
        drop_database(database)
