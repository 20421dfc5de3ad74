"""Faults (issue 18): PostgreSQL restarted under load.

Real processes: a PostgreSQL cluster of the test's own (initdb into a temporary directory, a free port;
the machine's shared server is never stopped) holding a copy of the template database
(tests/template_database.py), a Redis of its own, and gunicorn with the production settings and two
workers. Sixteen connections request the public pages, the GeoJSON and, as a signed-in member of staff,
the admin's dashboard, without pause; PostgreSQL is stopped for a few seconds, then started again:

- anonymous visitors keep getting answers (200): the cached pages, and when a page must be made again, its
  last good copy, marked stale in a response header (network/caching/public_responses.py names it);
- staff get a 503 page that says to try again (not a 500), while PostgreSQL is down;
- when PostgreSQL is back, every worker reconnects by itself and answers fresh pages within seconds.
"""

import subprocess
import sys
import time

import pytest

from tests.fault_watch import ACCESS_LOG_ARGS, RequestLoad, answering_workers, describe_samples
from tests.own_services import OwnPostgres, OwnRedis, require_fault_tools
from tests.production_server import AppProcess, admin_login, running, warm
from tests.services import PROJECT_DIR, postgres_url, production_environment
from tests.template_database import STAFF_PASSWORD, STAFF_USERNAME, template_database

pytestmark = pytest.mark.faults

WORKERS = 2
CONNECTIONS = 16
BEFORE_SECONDS = 3
DOWN_SECONDS = 5
AFTER_SECONDS = 6
# "Within a few seconds": from PostgreSQL accepting connections to every worker answering from it.
RECOVERY_LIMIT_SECONDS = 5
PUBLIC_PATHS = ["/", "/cities/", "/cities/medellin/", "/api/cities.geojson"]
STAFF_PATHS = ["/admin/"]
# What changing any published page does to the cached copies (network/caching/invalidation.py): made while
# PostgreSQL is down, so that every public page must be made again, and cannot be. The process starts
# before the outage and waits for a line on its input: Django's start-up (seconds on a busy machine)
# must not use up the outage.
NEW_CONTENT_VERSION = (
    "import sys; sys.stdin.readline(); "
    "from network.caching.versions import PUBLISHED_CONTENT; PUBLISHED_CONTENT.changed()"
)


@pytest.fixture
def site(request):
    """An app (two workers) on a PostgreSQL cluster and a Redis of its own."""
    require_fault_tools("redis", "postgres")
    # Skip (or fail, on CI) before the shared fixtures' work when a program is missing.
    request.getfixturevalue("production_template_database")  # PostgreSQL and Redis answer; the template
    production_static_root = request.getfixturevalue("production_static_root")
    with OwnPostgres("fault-postgres") as cluster, OwnRedis("fault-postgres-redis") as redis_server:
        # The template's current name (it is rebuilt when what shapes it changes).
        database = cluster.load_database("learning_cities", postgres_url(template_database()))
        env = production_environment(
            database,
            static_root=production_static_root,
            REDIS_URL=redis_server.url(0),
            WEB_CONCURRENCY=str(WORKERS),
        )
        app = AppProcess(env, "fault-postgres", gunicorn_args=ACCESS_LOG_ARGS)
        with running(app):
            yield app, cluster


def fresh(sample):
    """An answer made from the database: staff's page, or a public page that is not a stale copy."""
    return sample.status == 200 and not sample.stale


def test_postgres_restarted_under_load_visitors_keep_pages_and_workers_reconnect(site):
    app, cluster = site
    staff = admin_login(app, STAFF_USERNAME, STAFF_PASSWORD)
    warm(app, PUBLIC_PATHS)

    load = RequestLoad(app, PUBLIC_PATHS, staff, STAFF_PATHS, connections=CONNECTIONS)
    with load:
        started = time.monotonic()
        change = subprocess.Popen(
            [sys.executable, "manage.py", "shell", "--no-imports", "--command", NEW_CONTENT_VERSION],
            cwd=PROJECT_DIR,
            env=app.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
        )
        try:
            time.sleep(BEFORE_SECONDS)
            cluster.stop()
            down = time.monotonic()
            change.communicate("go\n", timeout=60)
        finally:
            if change.poll() is None:
                change.kill()
        assert change.returncode == 0, "the content change failed"
        invalidated = time.monotonic()
        time.sleep(max(0.0, down + DOWN_SECONDS - time.monotonic()))
        # PostgreSQL accepts connections somewhere between these two moments.
        restarting = time.monotonic()
        cluster.start()
        up = time.monotonic()
        time.sleep(AFTER_SECONDS)
    ended = time.monotonic()
    workers = answering_workers(app)

    # Requests sent and answered while PostgreSQL was down (a request waits in gunicorn's queue for a free
    # worker: one sent during the outage may be served after it). Every request is checked for 500s.
    during = [s for s in load.between(down) if s.ended < restarting]
    visitors_during = [s for s in during if not s.staff]
    staff_during = [s for s in during if s.staff]
    after_invalidation = [s for s in visitors_during if s.started >= invalidated]
    # Per worker, the first staff page (it reads the session and the user from the database) answered
    # after PostgreSQL returned.
    recovered = {}
    for sample in sorted(load.between(up), key=lambda sample: sample.ended):
        pid = workers.get(sample.probe)
        if pid is not None and pid not in recovered and sample.staff and sample.status == 200:
            recovered[pid] = sample.ended - up
    errors = [s for s in load.samples if s.error]
    server_errors = [s for s in load.samples if s.status == 500]
    stale_served = [s for s in visitors_during if s.stale]
    recovery = (
        f"every worker answering staff from the database again {max(recovered.values()):.2f} s after "
        "PostgreSQL was back"
        if len(recovered) == WORKERS
        else f"workers recovered: {recovered} of {WORKERS}"
    )
    figures = (
        f"requests: {len(load.samples)} "
        f"({len(load.between(started, down))} in {down - started:.0f} s before; "
        f"{len(during)} in {restarting - down:.1f} s with PostgreSQL down: visitors {len(visitors_during)} "
        f"(200: {len([s for s in visitors_during if s.status == 200])}, stale copies: {len(stale_served)}), "
        f"staff {len(staff_during)} (503: {len([s for s in staff_during if s.status == 503])}); "
        f"{len(load.between(up))} in {ended - up:.0f} s after); 500: {len(server_errors)}; "
        f"no answer: {len(errors)}; {recovery}"
    )
    print(figures)

    problems = []
    if errors or server_errors:
        problems.append(
            f"{len(server_errors)} answers were 500 and {len(errors)} got no answer:\n"
            + describe_samples(errors + server_errors)
        )
    not_served = [s for s in visitors_during if s.status != 200]
    if not_served:
        problems.append(
            f"with PostgreSQL down, {len(not_served)} of {len(visitors_during)} visitors' requests were not "
            f"answered 200:\n" + describe_samples(not_served)
        )
    unmarked = [s for s in after_invalidation if s.status == 200 and not s.stale]
    if not after_invalidation:
        problems.append("no visitor's request was made between the content change and PostgreSQL's return")
    elif unmarked:
        problems.append(
            f"{len(unmarked)} of {len(after_invalidation)} pages served while PostgreSQL was down, which "
            f"could not be made again, were not marked stale (X-Stale-If-Error / Warning: 110): "
            f"{sorted({(s.path, str(s.cache)) for s in unmarked})}"
        )
    staff_wrong = [s for s in staff_during if not (s.status == 503 and s.try_again)]
    if staff_wrong:
        problems.append(
            f"with PostgreSQL down, staff must get a 503 page that says to try again; "
            f"{len(staff_wrong)} of {len(staff_during)} got:\n" + describe_samples(staff_wrong)
        )
    if len(recovered) < WORKERS or max(recovered.values()) > RECOVERY_LIMIT_SECONDS:
        problems.append(
            f"not every worker answered from the database within {RECOVERY_LIMIT_SECONDS} s of PostgreSQL's "
            f"return: {recovered} (workers: {sorted(set(workers.values()))})"
        )
    late = [s for s in load.between(up + RECOVERY_LIMIT_SECONDS) if not fresh(s)]
    if late:
        problems.append(
            f"{RECOVERY_LIMIT_SECONDS} s after PostgreSQL's return, {len(late)} answers were still not "
            "fresh:\n" + describe_samples(late)
        )
    assert not problems, "\n".join(problems) + "\n\nfigures: " + figures + "\n\n" + app.log()[-2000:]
