"""The site as it runs in production, in real processes, for tests: gunicorn with `gunicorn.conf.py` and
`network.settings.production` on PostgreSQL and Redis, static files collected and served by whitenoise.

Every process gets an environment built from scratch (tests/services.py: nothing leaks from the pytest
process, which runs with the test settings) and its own Redis key prefix, so tests never see each other's
cache; its database is a clone of the template (tests/template_database.py). This module starts the
processes and talks to them as a browser behind the load balancer does; fault tests (tests/test_fault_*.py,
docs/reliability.md) add services of their own (tests/own_services.py) and watch requests under load
(tests/fault_watch.py).
"""

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import requests

from tests.services import PROJECT_DIR, ProductionServerError, free_port
from tests.template_database import ADMIN_PASSWORD, ADMIN_USERNAME

# Behind the load balancer every process sees the site's own host name (part of the page cache's key).
SITE_HOST = "localhost"
# A request's probe id, which the access log of tests/fault_watch.py records.
PROBE_HEADER = "X-Probe"


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
        """Quick shutdown, then SIGKILL for what is left after a few seconds: a gthread worker whose thread
        waits on an idle connection (a browser's pre-connection) would hold on for the whole graceful
        timeout."""
        self.terminate()
        if self.process is not None:
            try:
                self.process.wait(timeout=4)
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


# --- Processes and connections of an app -----------------------------------------------------------------


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
