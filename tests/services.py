"""The machine's shared PostgreSQL and Redis as the production-like tests use them, and the environment and
management commands of a production process (tests/production_server.py).

Tests never stop these shared services: fault tests start services of their own (tests/own_services.py).
"""

import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent
POSTGRES = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379


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
        "WAGTAILADMIN_BASE_URL": "http://localhost",
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
