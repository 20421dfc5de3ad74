"""Watching a fault: requests under load, which worker answered them, a request in flight to kill its worker.

`RequestLoad` keeps requests going on many connections and records each answer; the access log
(ACCESS_LOG_ARGS) says which worker answered which request, and `RequestInFlight` lets a test find the
worker serving a request and kill it. `app_with_own_redis` starts an app with a Redis of its own.
"""

import collections
import contextlib
import copy
import dataclasses
import re
import secrets
import threading
import time

import requests
import requests.adapters

from tests.own_services import OwnRedis, require_fault_tools, wait_for
from tests.production_server import (
    PROBE_HEADER,
    SITE_HOST,
    AppProcess,
    https_session,
    running,
    visitor_get,
)
from tests.services import drop_database, free_port, production_environment
from tests.template_database import clone_database

# The access log names the worker (its pid) that answered each request, and the request's probe id.
ACCESS_LOG_FORMAT = "ACCESS %(p)s %({x-probe}i)s %(s)s %(m)s %(U)s"
ACCESS_LOG_ARGS = ["--access-logformat", ACCESS_LOG_FORMAT]
_ACCESS_LINE = re.compile(r"^ACCESS <(\d+)> (\S+) (\d+) ")


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
