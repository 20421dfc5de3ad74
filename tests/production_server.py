"""The site as it runs in production, in real processes, for tests: gunicorn with `gunicorn.conf.py` and
`network.settings.production` on PostgreSQL and Redis, static files collected and served by whitenoise.

Building a database (migrate, then `setup_network --demo-accounts`) takes one to two minutes on
PostgreSQL, so it is done once into a *template* database named after a fingerprint of everything that
shapes it (migrations, models, the setup code, the shipped cities, the pinned packages). The template is
kept between test runs and rebuilt when the fingerprint changes; each test gets its own clone
(`CREATE DATABASE … TEMPLATE …`, well under a second), dropped at the end.

Every process gets an environment built from scratch (nothing leaks from the pytest process, which runs
with the test settings) and its own Redis key prefix, so tests never see each other's cache.
"""

import contextlib
import hashlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

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

    def __init__(self, env, name="app", start_timeout=90):
        self.name = name
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
        # gunicorn keeps a control socket under $HOME/.gunicorn: one per process, not one shared by all.
        self.env["HOME"] = str(self.directory)
        self.process = None

    def url(self, path=""):
        return self.base_url + path

    def start(self):
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"],
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
        try:
            return self.log_path.read_text()[-6000:]
        except OSError:
            return ""

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
