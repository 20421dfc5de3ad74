"""The real site in its own process, for browser tests, with a deterministic stand-in geocoder.

The test session's database lives in rolled-back transactions of the pytest process, so browser tests
cannot use it: `SiteServer` serves a fresh SQLite database in a temporary directory (migrated, then
`setup_network --demo-accounts`) with `runserver`, development settings, no map tiles (unless
`extra_environment` names a `MAP_TILE_URL`) and the geocoder pointing at `PlaceStandIn`. Building that
database takes half a minute: it is built once per fingerprint of what shapes it (the one of
tests/template_database.py) into the system's temporary folder, and each server gets a copy.

A server's `setup_commands` (manage.py commands, seconds each) are not run at each start either: what they
make from the template (the database and the media files they write) is kept beside it, named after the
template, the code they run (the suite's fingerprint and tests/ helpers), the commands, the extra
environment and today's date in the site's time zone (demo records are dated relative to today); those of
other days or code are deleted when one is made. Their output is not kept: a command whose output a test
reads, or whose result depends on the time of day or the server's port, runs with `server.manage(...)`
after the start.

Such commands, and what tests read back from the server's database, are mostly `manage.py shell --command`
scripts: a new process for each would spend about 3 s setting Django up. `manage("shell", ...)` hands them to
one process per server that sets Django up once and forks a child per script (`serve_scripts`): each
script still runs alone in a process of its own, in the server's environment, as `manage.py shell` runs it.

Why this module is long: the server, its cached databases and its script runner are one tool of every
browser module, with the geocoder stand-in they share.
"""

import contextlib
import datetime
import hashlib
import importlib
import io
import json
import os
import selectors
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import unicodedata
import urllib.error
import urllib.request
import zoneinfo
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from tests.nominatim_standin import NominatimStandIn, ReceivedRequest, place

PROJECT_DIR = Path(__file__).resolve().parent.parent

# What the stand-in geocoder answers, by the first part of the query (the city's name). The places are
# near, but not exactly at, the shipped coordinates, so a test can tell them apart.
KNOWN_PLACES = {
    "envigado": place(6.1703, -75.5878, "Envigado, Valle de Aburrá, Antioquia, Colombia"),
    "medellin": place(6.2442, -75.5812, "Medellín, Valle de Aburrá, Antioquia, Colombia"),
    "la estrella": place(6.1576, -75.6433, "La Estrella, Valle de Aburrá, Antioquia, Colombia"),
    "rionegro": place(6.1553, -75.3742, "Rionegro, Oriente, Antioquia, Colombia"),
    "cali": place(3.4372, -76.5225, "Cali, Valle del Cauca, Colombia"),
    "manizales": place(5.0703, -75.5138, "Manizales, Caldas, Colombia"),
    "ybycui": place(-26.0207, -57.0472, "Ybycuí, Paraguarí, Paraguay"),
}


def place_key(name):
    """Case- and accent-insensitive key of a place name: "Medellín" -> "medellin"."""
    decomposed = unicodedata.normalize("NFKD", name.strip().casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


class PlaceStandIn(NominatimStandIn):
    """The Nominatim stand-in answering every request from `KNOWN_PLACES`, whatever came before.

    A query whose first part is a known name gets that place; any other query gets no place (an empty
    list, as Nominatim answers).
    """

    def __init__(self, places=None):
        super().__init__()
        self.places = dict(KNOWN_PLACES if places is None else places)

    def places_for(self, query):
        found = self.places.get(place_key(query.split(",")[0]))
        return [found] if found else []

    def _answer(self, handler):
        url = urlsplit(handler.path)
        params = dict(parse_qsl(url.query))
        self.requests.append(
            ReceivedRequest(url.path, params, handler.headers.get("User-Agent", ""), time.monotonic())
        )
        body = json.dumps(self.places_for(params.get("q", "")) if url.path == "/search" else []).encode()
        try:
            handler.send_response(200)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


# What the script runner imports once, as the scripts import it (none of it touches the database on import).
PRELOADED = ("tests.factories", "tests.progress_data")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SiteServerError(RuntimeError):
    pass


class SiteServer:
    """Build a fresh database and serve the site on 127.0.0.1 with `runserver`; use as a context manager."""

    ADMIN_USERNAME = "admin"
    ADMIN_PASSWORD = "browser-admin-Pw-7391"
    STAFF_PASSWORD = "browser-staff-Pw-4826"

    def __init__(
        self,
        geocoder_domain,
        command_timeout=300,
        start_timeout=120,
        extra_environment=None,
        setup_commands=(),
    ):
        self.geocoder_domain = geocoder_domain
        # Variables set after the defaults below, e.g. {"MAP_TILE_URL": ...} for a server with a tile layer.
        self.extra_environment = dict(extra_environment or {})
        # manage.py commands whose result this server's copy of the database starts with, e.g.
        # [("load_demo_engagements",)]: run once a day and kept (see above); what they add is this server's.
        self.setup_commands = list(setup_commands)
        self.command_timeout = command_timeout
        self.start_timeout = start_timeout
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        # tmpfs when there is one: building the database is mostly small synchronous writes.
        shm = Path("/dev/shm")
        self.directory = Path(tempfile.mkdtemp(prefix="lcn-browser-", dir=shm if shm.is_dir() else None))
        self.process = None
        self.scripts = None  # the process running this server's `manage.py shell` commands, once one ran
        self.log_path = self.directory / "server.log"

    def url(self, path=""):
        return self.base_url + path

    def environment(self):
        env = {
            name: value
            for name, value in os.environ.items()
            # The pytest process runs with the test settings; the server must not inherit them.
            if name not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "MAP_TILE_URL"}
            and not name.startswith(("GEOCODER_", "DEMO_"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="network.settings.dev",
            DATABASE_URL=f"sqlite:///{self.directory / 'db.sqlite3'}",
            MAP_TILE_URL="",
            GEOCODER_DOMAIN=self.geocoder_domain,
            GEOCODER_SCHEME="http",
            GEOCODER_MIN_DELAY_SECONDS="0",
            GEOCODER_TIMEOUT="5",
            DEMO_ADMIN_PASSWORD=self.ADMIN_PASSWORD,
            DEMO_STAFF_PASSWORD=self.STAFF_PASSWORD,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            WAGTAILADMIN_BASE_URL=self.base_url,
            MEDIA_ROOT=str(self.directory / "media"),
            PYTHONUNBUFFERED="1",
        )
        env.update(self.extra_environment)
        return env

    def template_name(self):
        """The name of the template: the fingerprint of what shapes it and of the accounts' passwords."""
        from tests.template_database import fingerprint

        accounts = hashlib.sha256(f"{self.ADMIN_PASSWORD} {self.STAFF_PASSWORD}".encode()).hexdigest()[:8]
        return f"{fingerprint()}-{accounts}"

    def built_database(self):
        """The path of the migrated and set-up database this server's is copied from, built first when
        missing (tests/template_database.py)."""
        from tests.template_database import locked_sqlite_template

        def build(building):
            environment = {**self.environment(), "DATABASE_URL": f"sqlite:///{building}"}
            self.manage("migrate", "--no-input", environment=environment)
            self.manage("setup_network", "--demo-accounts", environment=environment)

        with locked_sqlite_template("lcn-browser-template-", self.template_name(), build) as path:
            return path

    def today(self):
        """The date the setup commands take as today's: the date in the site's time zone."""
        from django.conf import settings

        zone = self.environment().get("TIME_ZONE", settings.TIME_ZONE)
        return datetime.datetime.now(zoneinfo.ZoneInfo(zone)).date()

    @contextlib.contextmanager
    def set_up_database(self):
        """The folder of what `setup_commands` made from the template (db.sqlite3, media/), made first
        when missing; copies for other days or code are deleted then."""
        from tests import suite_database
        from tests.template_database import digest_of, locked_sqlite_template

        helpers = sorted(path for path in PROJECT_DIR.glob("tests/*.py") if not path.name.startswith("test_"))
        today = str(self.today())
        shaping = [self.template_name(), suite_database.fingerprint(), today]
        generation = f"{today}-{digest_of(shaping, helpers)}"
        commands = digest_of([self.setup_commands, sorted(self.extra_environment.items())], [])

        def build(building):
            building.mkdir()
            shutil.copyfile(self.built_database(), building / "db.sqlite3")
            environment = {
                **self.environment(),
                "DATABASE_URL": f"sqlite:///{building / 'db.sqlite3'}",
                "MEDIA_ROOT": str(building / "media"),
            }
            for command in self.setup_commands:
                self.manage(*command, environment=environment)

        name = f"{generation}-{commands}"
        with locked_sqlite_template("lcn-browser-setup-", name, build, suffix=".d", kept=generation) as path:
            yield path

    def manage(self, *args, environment=None):
        if args[:1] == ("shell",) and environment is None and self.process is not None:
            return self.run_script(*args)
        completed = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=PROJECT_DIR,
            env=environment or self.environment(),
            capture_output=True,
            text=True,
            timeout=self.command_timeout,
        )
        if completed.returncode:
            raise SiteServerError(
                f"manage.py {' '.join(args)} failed ({completed.returncode}):\n"
                f"{completed.stdout[-3000:]}\n{completed.stderr[-5000:]}"
            )
        return completed.stdout

    def prepare(self):
        """Give this server its database and media files: a copy of the template, or of what the setup
        commands made from it."""
        if not self.setup_commands:
            shutil.copyfile(self.built_database(), self.directory / "db.sqlite3")
            return
        with self.set_up_database() as made:
            shutil.copytree(made, self.directory, dirs_exist_ok=True)

    def run_script(self, *args):
        """Run `manage.py shell` with `args` through this server's script runner (started the first
        time): as `manage` would, in a child process of its own, in less than a tenth of the time."""
        if self.scripts is None or self.scripts.poll() is not None:
            self.stop_scripts()
            self._scripts_log = (self.directory / "scripts.log").open("a")
            self.scripts = subprocess.Popen(
                [sys.executable, "-c", "from tests.site_server import serve_scripts; serve_scripts()"],
                cwd=PROJECT_DIR,
                env=self.environment(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._scripts_log,
                text=True,
            )
        self.scripts.stdin.write(json.dumps(list(args)) + "\n")
        self.scripts.stdin.flush()
        with selectors.DefaultSelector() as selector:
            selector.register(self.scripts.stdout, selectors.EVENT_READ)
            if not selector.select(self.command_timeout):
                self.scripts.kill()
                raise SiteServerError(f"manage.py {' '.join(args)} did not end in {self.command_timeout} s")
        line = self.scripts.stdout.readline()
        if not line:
            raise SiteServerError(f"the script runner stopped:\n{self.scripts_log()}")
        answer = json.loads(line)
        if answer["error"]:
            raise SiteServerError(
                f"manage.py {' '.join(args)} failed:\n{answer['stdout'][-3000:]}\n{answer['error'][-5000:]}"
            )
        return answer["stdout"]

    def scripts_log(self):
        try:
            return (self.directory / "scripts.log").read_text()[-5000:]
        except OSError:
            return ""

    def start(self):
        self.prepare()
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{self.port}", "--noreload"],
            cwd=PROJECT_DIR,
            env=self.environment(),
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self.wait_until_up()
        return self

    def wait_until_up(self):
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SiteServerError(f"runserver exited ({self.process.returncode}):\n{self.log()}")
            try:
                with urllib.request.urlopen(self.url("/api/cities.geojson"), timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        raise SiteServerError(f"runserver did not answer within {self.start_timeout} s:\n{self.log()}")

    def log(self):
        try:
            return self.log_path.read_text()[-5000:]
        except OSError:
            return ""

    def stop_scripts(self):
        if self.scripts is None:
            return
        with contextlib.suppress(OSError):
            self.scripts.stdin.close()  # the runner ends at the end of its input
        try:
            self.scripts.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.scripts.kill()
            self.scripts.wait(timeout=10)
        self.scripts.stdout.close()
        self._scripts_log.close()
        self.scripts = None

    def stop(self):
        self.stop_scripts()
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if getattr(self, "_log", None):
            self._log.close()
        shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc_info):
        self.stop()

    def get_json(self, path):
        with urllib.request.urlopen(self.url(path), timeout=10) as response:
            return json.load(response)


def serve_scripts():
    """The script runner of a `SiteServer` (its environment's settings): read manage.py arguments as a JSON
    list per line, run each command in a forked child (a process of its own, as `manage.py` would be,
    without setting Django up again) and answer {"stdout": what it printed, "error": its traceback or
    null} on a line. Ends at the end of its input."""
    import django
    from django.core.management import call_command
    from django.db import connections

    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # anything else written to stdout goes to the log
    django.setup()
    for module in PRELOADED:  # imported by most scripts: each child would import them again
        importlib.import_module(module)
    connections.close_all()  # a child must not share a connection of this process
    for line in sys.stdin:
        reading, writing = os.pipe()
        child = os.fork()
        if child == 0:
            os.close(reading)
            output = io.StringIO()
            try:
                with contextlib.redirect_stdout(output):
                    call_command(*json.loads(line))
                answer = {"stdout": output.getvalue(), "error": None}
            except BaseException:
                answer = {"stdout": output.getvalue(), "error": traceback.format_exc()}
            with os.fdopen(writing, "w") as pipe:
                pipe.write(json.dumps(answer))
            os._exit(0)
        os.close(writing)
        with os.fdopen(reading) as pipe:
            written = pipe.read()
        _, status = os.waitpid(child, 0)
        answer = written or json.dumps({"stdout": "", "error": f"the script's process ended ({status})"})
        answers.write(answer + "\n")
        answers.flush()
    os._exit(0)  # nothing left to clean up: a normal exit takes a second
