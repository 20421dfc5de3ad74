"""The benchmark's processes: commands with their logs, its own PostgreSQL and Redis databases, gunicorn."""

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
HOST = "127.0.0.1"
SETUP_RECIPE = [["migrate", "--no-input"], ["setup_network"]]
SETUP_TEMPLATE_PREFIX = "learning_cities_bench_setup_"


class BenchError(Exception):
    """The benchmark could not run."""


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def run_logged(command, env, log_file, label):
    """Run a command with its output appended to log_file; return the seconds it took."""
    started = time.perf_counter()
    with open(log_file, "a") as output:
        output.write(f"\n$ {' '.join(str(part) for part in command)}\n")
        output.flush()
        completed = subprocess.run(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        raise BenchError(f"{label} failed (exit {completed.returncode}); see {log_file}:\n{tail(log_file)}")
    log(f"  {label}: {seconds:.1f} s")
    return seconds


def tail(path, lines=25):
    return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def check_prerequisites(args):
    missing = [tool for tool in ("wrk",) if shutil.which(tool) is None]
    if missing:
        raise BenchError("wrk is not installed: apt-get install wrk (Debian's package).")
    for path in (PYTHON, GUNICORN):
        if not path.exists():
            raise BenchError(f"{path} is missing: run `make setup` (or `make .venv/.installed`) first.")
    import psycopg
    import redis

    try:
        psycopg.connect(f"{args.postgres}/postgres", connect_timeout=5).close()
    except psycopg.Error as error:
        raise BenchError(f"PostgreSQL does not answer at {args.postgres}: {error}") from None
    try:
        redis.Redis.from_url(f"{args.redis}/0", socket_timeout=5).ping()
    except redis.RedisError as error:
        raise BenchError(f"Redis does not answer at {args.redis}: {error}") from None


def recreate_database(args, name, template=None):
    import psycopg

    with psycopg.connect(f"{args.postgres}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))


def set_up_database(args, name, env, setup_log):
    """Migrate the database `name` and run setup_network in it (recreated first); return their timings.

    With --reuse-setup, `name` is a copy of a database set up so before, kept as a template named after a
    fingerprint of what shapes it (tests/template_database.py's list of files), and built first when
    missing: the timings are then those of that build, or none.
    """
    if not args.reuse_setup:
        recreate_database(args, name)
        return run_setup({**env, "DATABASE_URL": f"{args.postgres}/{name}"}, setup_log)
    import psycopg

    from tests.template_database import ensure_template, fingerprint

    template = SETUP_TEMPLATE_PREFIX + fingerprint(SETUP_RECIPE)
    timings = {}

    def build(building):
        timings.update(run_setup({**env, "DATABASE_URL": f"{args.postgres}/{building}"}, setup_log))

    with psycopg.connect(f"{args.postgres}/postgres", autocommit=True) as admin:
        if not ensure_template(admin, SETUP_TEMPLATE_PREFIX, template, build):
            log(f"  migrate and setup_network: a copy of {template}")
    recreate_database(args, name, template=template)
    return timings


def run_setup(env, setup_log):
    return {
        command[0]: run_logged([PYTHON, "manage.py", *command], env, setup_log, command[0])
        for command in SETUP_RECIPE
    }


def flush_redis(url):
    import redis

    redis.Redis.from_url(url).flushdb()


def base_env(args, secret_key, static_root, database_url, redis_url):
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "network.settings.production",
            "SECRET_KEY": secret_key,
            "ALLOWED_HOSTS": HOST,
            "WAGTAILADMIN_BASE_URL": f"http://{HOST}",
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "STATIC_ROOT": str(static_root),
            "WEB_CONCURRENCY": str(args.workers),
            "GUNICORN_ACCESS_LOG": "",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            # The registration rush comes from one address, the benchmark's own.
            "EVENT_REGISTRATIONS_PER_ADDRESS": "1000000000",
        }
    )
    return env


class Server:
    """gunicorn with the production settings, as `make production` starts it, on a free port."""

    def __init__(self, env, log_file):
        self.port = free_port()
        self.env = {**env, "GUNICORN_BIND": f"{HOST}:{self.port}"}
        self.log_file = log_file
        self.process = None

    def __enter__(self):
        output = open(self.log_file, "a")  # noqa: SIM115 (closed in __exit__)
        self.output = output
        self.process = subprocess.Popen(
            [str(GUNICORN), "--config", "gunicorn.conf.py"],
            cwd=ROOT,
            env=self.env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited with {self.process.returncode}:\n{tail(self.log_file)}")
            try:
                status, _headers, _body = fetch(self.port, "/healthz")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        raise BenchError(f"gunicorn did not answer /healthz within 60 s:\n{tail(self.log_file)}")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.output.close()


def fetch(port, path, headers=None):
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def server_errors(log_file):
    """Server-side errors in gunicorn's log: Django's 5xx reports, tracebacks, killed workers."""
    text = Path(log_file).read_text(errors="replace")
    return {
        "internal_errors": len(re.findall(r"Internal Server Error", text)),
        "tracebacks": text.count("Traceback (most recent call last)"),
        "worker_timeouts": text.count("WORKER TIMEOUT"),
    }
