"""Faults (issue 18): Redis stopped under load, then started again.

Real processes: gunicorn with the production settings and two workers, on a database cloned from the
template (tests/template_database.py) and a Redis server of the test's own (a child process on a free
port: the machine's shared Redis is never touched). Sixteen connections request the home page, the
directory, the GeoJSON and, as a signed-in member of staff, the admin's dashboard, without pause:

- while Redis is down every answer is still a 2xx/3xx (uncached, slower), `/healthz` answers 200
  "degraded" naming the cache, signing in works or is refused with a message, and an editor can publish;
- when Redis is back, caching resumes by itself within seconds (pages come from the cache again), and
  what was published during the outage is what every worker serves, also when Redis comes back with the
  data it had before the outage (a Redis with persistence, or a network partition).
"""

import secrets
import time

import pytest
import requests

from tests.fault_watch import RequestLoad, app_with_own_redis, describe_samples, responses_by_worker
from tests.production_server import admin_login, csrf_token, https_session, publish_page, visitor_get, warm
from tests.template_database import STAFF_PASSWORD, STAFF_USERNAME

pytestmark = pytest.mark.faults

WORKERS = 2
CONNECTIONS = 16
# 30 s of load in all, as the issue asks: before, during and after the outage.
BEFORE_SECONDS = 5
DOWN_SECONDS = 15
AFTER_SECONDS = 10
# "Within a few seconds": from Redis answering again to a page served from the cache again.
RECOVERY_LIMIT_SECONDS = 5
PUBLIC_PATHS = ["/", "/cities/", "/api/cities.geojson"]
STAFF_PATHS = ["/admin/"]
CITY = "Medellín"
# Pages that show the city's name: the directory, the GeoJSON and the city's own page.
SHOWING_THE_CITY = ["/cities/", "/api/cities.geojson", "/cities/medellin/"]


@pytest.fixture
def site(request):
    """An app (two workers) with a Redis of its own, on a fresh clone of the template database."""
    with app_with_own_redis(request, "fault-redis", WORKERS) as (app, redis_server, _database):
        yield app, redis_server


def city_page_id(app):
    response = visitor_get(app, "/api/cities.geojson")
    assert response.status_code == 200, app.log()
    return next(
        feature["id"] for feature in response.json()["features"] if feature["properties"]["name"] == CITY
    )


def health(app):
    response = requests.get(app.url("/healthz"), timeout=10)
    try:
        body = response.json()
    except ValueError:
        body = {"unreadable": response.text[:200]}
    return response.status_code, body


def degraded_naming_the_cache(status, body):
    return status == 200 and body.get("status") == "degraded" and "cache" in str(body)


def sign_in(app):
    """Sign in as staff in a new browser session; the status of the form's POST."""
    session = https_session()
    form = session.get(app.url("/admin/login/"), timeout=30)
    if form.status_code != 200:
        return form.status_code
    response = session.post(
        app.url("/admin/login/"),
        data={
            "username": STAFF_USERNAME,
            "password": STAFF_PASSWORD,
            "csrfmiddlewaretoken": csrf_token(form.text),
        },
        timeout=30,
        allow_redirects=False,
    )
    return response.status_code


def stale_workers(app, tag):
    """{path: [(pid, status, X-Page-Cache)]} of the answers, from every worker, that do not show `tag`."""
    stale = {}
    for path in SHOWING_THE_CITY:
        by_worker = responses_by_worker(app, path, app.worker_pids())
        missing = set(app.worker_pids()) - set(by_worker)
        wrong = [
            (pid, response.status_code, response.headers.get("X-Page-Cache"))
            for pid, responses in by_worker.items()
            for response in responses
            if response.status_code != 200 or tag not in response.text
        ]
        if missing:
            wrong.append((f"workers {sorted(missing)} never answered", None, None))
        if wrong:
            stale[path] = wrong
    return stale


def rate(samples, seconds):
    return f"{len(samples) / seconds:.0f}/s" if seconds > 0 else "-"


def test_redis_stopped_under_load_keeps_the_site_serving_and_caching_resumes(site):
    app, redis_server = site
    page_id = city_page_id(app)
    staff = admin_login(app, STAFF_USERNAME, STAFF_PASSWORD)
    editor = admin_login(app)
    tag = f"Fault{secrets.token_hex(3)}"
    warm(app, PUBLIC_PATHS + ["/cities/medellin/"])
    status, body = health(app)
    assert status == 200 and body.get("status") == "ok", (status, body)

    problems, health_during, events = [], [], {}
    load = RequestLoad(app, PUBLIC_PATHS, staff, STAFF_PATHS, connections=CONNECTIONS, marker=tag)
    with load:
        started = time.monotonic()
        time.sleep(BEFORE_SECONDS)
        redis_server.stop()
        down = time.monotonic()
        while time.monotonic() < down + DOWN_SECONDS:
            health_during.append(health(app))
            elapsed = time.monotonic() - down
            if elapsed > 1 and "sign-in" not in events:
                events["sign-in"] = sign_in(app)
            if elapsed > 2 and "publish" not in events:
                response = publish_page(editor, app, page_id, f"{CITY} {tag}")
                events["publish"] = response.status_code
                events["published at"] = time.monotonic()
                if response.status_code != 302:
                    problems.append(
                        f"publishing through the admin while Redis is down answered {response.status_code}"
                    )
            time.sleep(0.5)
        redis_server.start()
        up = time.monotonic()
        recovered = None
        while time.monotonic() < up + AFTER_SECONDS:
            if recovered is None:
                hits = [s for s in load.between(up) if not s.staff and s.cache == "hit" and s.status == 200]
                if hits:
                    recovered = min(sample.ended for sample in hits) - up
            time.sleep(0.1)
    ended = time.monotonic()
    keys_after = redis_server.key_count()
    health_after = health(app)

    before, during, after = load.between(started, down), load.between(down, up), load.between(up)
    failed = [sample for sample in load.samples if sample.error or (sample.status or 0) >= 500]
    figures = (
        f"requests: {len(load.samples)} "
        f"({len(before)} in {BEFORE_SECONDS} s before, {rate(before, down - started)}; "
        f"{len(during)} in {DOWN_SECONDS} s with Redis down, {rate(during, up - down)}; "
        f"{len(after)} in {ended - up:.0f} s after, {rate(after, ended - up)}); "
        f"5xx or no answer: {len(failed)}; "
        f"caching resumed {'never' if recovered is None else f'{recovered:.2f} s'} after Redis was back; "
        f"Redis keys after: {keys_after}; /healthz while down: "
        f"{sorted({(status, body.get('status')) for status, body in health_during}, key=str)}; "
        f"sign-in while down: {events.get('sign-in')}; publish while down: {events.get('publish')}"
    )
    print(figures)

    if failed:
        problems.insert(
            0,
            f"{len(failed)} of {len(load.samples)} requests failed (5xx or no answer); with Redis down "
            f"{len([s for s in failed if down <= s.started < up])} of {len(during)}:\n"
            + describe_samples([s for s in load.samples if s.error or (s.status or 0) >= 500]),
        )
    if not all(degraded_naming_the_cache(*answer) for answer in health_during):
        problems.append(
            "/healthz with Redis down must answer 200 {'status': 'degraded', …} naming the cache; "
            "it answered " + "; ".join(sorted({f"{status} {body}" for status, body in health_during}))[:600]
        )
    if events.get("sign-in", 0) >= 500:
        problems.append(f"signing in while Redis is down answered {events['sign-in']}")
    if recovered is None or recovered > RECOVERY_LIMIT_SECONDS:
        problems.append(
            f"no public page came from the cache within {RECOVERY_LIMIT_SECONDS} s of Redis answering again "
            f"(X-Page-Cache: hit; caching resumed: {recovered}); Redis holds {keys_after} keys"
        )
    if health_after[0] != 200 or health_after[1].get("status") != "ok":
        problems.append(f"/healthz after Redis is back: {health_after}")
    if events.get("publish") == 302:
        published = events["published at"]
        showing = [s for s in load.between(published) if s.path in ("/cities/", "/api/cities.geojson")]
        old = [s for s in showing if s.status == 200 and not s.marked]
        if old:
            problems.append(
                f"{len(old)} of {len(showing)} answers of /cities/ and the GeoJSON after the publish did not "
                f"show it ({len([s for s in old if s.started < up])} with Redis down, "
                f"{len([s for s in old if s.started >= up])} after; X-Page-Cache: "
                f"{sorted({str(s.cache) for s in old})})"
            )
        stale = stale_workers(app, tag)
        if stale:
            problems.append(f"after Redis is back, not every worker serves the change: {stale}")
    assert not problems, "\n".join(problems) + "\n\nfigures: " + figures


def test_redis_back_with_its_old_data_serves_what_was_published_meanwhile(site):
    """Redis returns with the content version and the pages it held before the outage (a Redis with
    persistence, or one that was only unreachable): what was published in the meantime must show."""
    app, redis_server = site
    page_id = city_page_id(app)
    editor = admin_login(app)
    tag = f"Fault{secrets.token_hex(3)}"
    # Every worker has the pages in the shared cache and in its own memory.
    warm(app, SHOWING_THE_CITY)
    for path in SHOWING_THE_CITY:
        responses_by_worker(app, path, app.worker_pids())

    redis_server.stop(keep_data=True)
    problems = []
    published = publish_page(editor, app, page_id, f"{CITY} {tag}")
    if published.status_code != 302:
        problems.append(f"publishing through the admin while Redis is down answered {published.status_code}")
    during = {path: responses_by_worker(app, path, app.worker_pids()) for path in SHOWING_THE_CITY}
    failed = sorted(
        {
            (path, response.status_code)
            for path, by_worker in during.items()
            for responses in by_worker.values()
            for response in responses
            if response.status_code >= 500
        }
    )
    if failed:
        problems.append(f"with Redis down, visitors got {failed}")

    redis_server.start()
    up = time.monotonic()
    kept_keys = redis_server.key_count()
    stale = stale_workers(app, tag)
    checked = time.monotonic() - up
    print(
        f"Redis came back with {kept_keys} keys; every worker checked within {checked:.2f} s; stale: {stale}"
    )
    if published.status_code == 302 and stale:
        problems.append(
            f"Redis came back with its old data ({kept_keys} keys) and workers served the pages as they were "
            f"before the publish made during the outage: {stale}"
        )
    assert not problems, "\n".join(problems)
