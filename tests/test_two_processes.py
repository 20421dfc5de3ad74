"""Several app processes, one PostgreSQL database and one Redis: what a change made through one process
looks like on another.

Two real gunicorn processes (A and B) run with the production settings against the same fresh database
(cloned from the template built by tests/template_database.py) and the same Redis, with a key prefix of
their own. Both have warm caches when an editor changes data through A; B must serve the change on its
very next request. Skipped when PostgreSQL or Redis is unreachable, except on CI (CI=true) where it fails.
"""

import secrets

import pytest
import requests
from bs4 import BeautifulSoup

from tests.production_server import AppProcess, admin_login, csrf_token, https_session, running
from tests.services import count_redis_keys, delete_redis_keys, drop_database, production_environment
from tests.template_database import STAFF_PASSWORD, STAFF_USERNAME, clone_database

REDIS_DB = 14
CITY = "Medellín"
PUBLIC_PATHS = ["/", "/cities/", "/cities/medellin/", "/api/cities.geojson"]


@pytest.fixture(scope="module")
def apps(production_template_database, production_static_root):
    """Processes A and B, started as `make production` starts them (one worker each), sharing everything."""
    database = clone_database("learning_cities_2proc_")
    prefix = f"lcn-2proc-{secrets.token_hex(4)}"
    # The shared cache starts empty for this test: no key carries its prefix yet.
    assert count_redis_keys(REDIS_DB, prefix) == 0
    env = production_environment(
        database, redis_db=REDIS_DB, cache_prefix=prefix, static_root=production_static_root
    )
    a, b = AppProcess(env, "a"), AppProcess(env, "b")
    try:
        with running(a, b):
            yield a, b
    finally:
        drop_database(database)
        delete_redis_keys(REDIS_DB, prefix)


# Behind the load balancer every process sees the site's own host name (part of the page cache's key).
SITE_HOST = {"Host": "localhost"}


def get(app, path):
    """What a visitor's request through the load balancer looks like to `app`."""
    return requests.get(app.url(path), headers=SITE_HOST, timeout=30)


def geojson_names(app):
    response = get(app, "/api/cities.geojson")
    assert response.status_code == 200, app.log()
    return {feature["properties"]["name"]: feature for feature in response.json()["features"]}


def directory_names(response):
    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    return {link.get_text(strip=True) for link in soup.select("#directory-results th a")}


def warm(app):
    """Request every public path twice: the second answer of a page comes from the shared cache (the first
    too, when the other process rendered it)."""
    for path in PUBLIC_PATHS:
        assert get(app, path).status_code == 200, f"{app.name} {path}:\n{app.log()}"
    for path in ("/", "/cities/", "/cities/medellin/"):
        assert get(app, path).headers.get("X-Page-Cache") == "hit", f"{app.name} did not cache {path}"


def assert_b_lists_the_city(b, page_id):
    names = geojson_names(b)
    assert CITY in names and names[CITY]["id"] == page_id
    assert CITY in directory_names(get(b, "/cities/"))
    city_page = get(b, "/cities/medellin/")
    assert city_page.status_code == 200
    assert CITY in BeautifulSoup(city_page.text, "html.parser").h1.get_text()


def test_unpublish_and_publish_through_a_reach_b_on_its_next_request(apps):
    a, b = apps
    page_id = geojson_names(b)[CITY]["id"]
    warm(a)
    warm(b)
    assert_b_lists_the_city(b, page_id)
    admin = admin_login(a)

    # Unpublish through A's admin, as an editor does: the confirmation form, then its POST.
    confirm = admin.get(a.url(f"/admin/pages/{page_id}/unpublish/"), timeout=30)
    assert confirm.status_code == 200, confirm.text[:2000]
    done = admin.post(
        a.url(f"/admin/pages/{page_id}/unpublish/"),
        data={"csrfmiddlewaretoken": csrf_token(confirm.text)},
        timeout=30,
        allow_redirects=False,
    )
    assert done.status_code == 302, done.text[:2000]

    # B's very next requests: gone from the map data, the directory and its own address.
    assert CITY not in geojson_names(b)
    directory = get(b, "/cities/")
    assert CITY not in directory_names(directory)
    assert directory.headers.get("X-Page-Cache") == "miss"
    unpublished_page = get(b, "/cities/medellin/")  # checked at the end: 404, not the cached page
    home = get(b, "/")
    assert home.status_code == 200 and home.headers.get("X-Page-Cache") == "miss"

    # Publish it again through A's admin (the page listing's bulk "Publish" action).
    publish_url = a.url(f"/admin/bulk/wagtailcore/page/publish/?id={page_id}")
    confirm = admin.get(publish_url, timeout=30)
    assert confirm.status_code == 200, confirm.text[:2000]
    done = admin.post(
        publish_url, data={"csrfmiddlewaretoken": csrf_token(confirm.text)}, timeout=30, allow_redirects=False
    )
    assert done.status_code == 302, done.text[:2000]

    assert_b_lists_the_city(b, page_id)
    assert unpublished_page.status_code == 404, (
        f"B answered {unpublished_page.status_code} for the unpublished city page:\n{b.log()}"
    )


def test_a_page_rendered_by_a_is_served_by_b_from_the_shared_cache(apps):
    a, b = apps
    rendered = get(a, "/cities/?country=PE")
    assert rendered.headers.get("X-Page-Cache") == "miss"
    served = get(b, "/cities/?country=PE")
    assert served.headers.get("X-Page-Cache") == "hit"
    assert served.content == rendered.content


def test_a_session_started_on_a_works_on_b(apps):
    """Sessions live in the shared database and both processes sign them with the same key."""
    a, b = apps
    session = admin_login(a)
    dashboard = session.get(b.url("/admin/"), timeout=30, allow_redirects=False)
    assert dashboard.status_code == 200
    assert 'name="username"' not in dashboard.text

    # A form served by A is accepted by B (the CSRF token is not tied to a process): here, signing out.
    page_id = geojson_names(b)["Bogotá"]["id"]
    confirm = session.get(a.url(f"/admin/pages/{page_id}/unpublish/"), timeout=30)
    out = session.post(
        b.url("/admin/logout/"),
        data={"csrfmiddlewaretoken": csrf_token(confirm.text)},
        timeout=30,
        allow_redirects=False,
    )
    assert out.status_code == 302
    assert session.get(a.url("/admin/"), timeout=30, allow_redirects=False).status_code == 302


def sign_in(session, app, password):
    form = session.get(app.url("/admin/login/"), timeout=30)
    return session.post(
        app.url("/admin/login/"),
        data={"username": STAFF_USERNAME, "password": password, "csrfmiddlewaretoken": csrf_token(form.text)},
        timeout=30,
        allow_redirects=False,
    )


def test_failed_sign_ins_on_a_lock_the_account_on_b(apps):
    """Throttling counts failures in the shared database: alternating processes does not reset it."""
    a, b = apps
    session = https_session()
    for attempt in range(5):
        response = sign_in(session, (a, b)[attempt % 2], f"wrong-{attempt}")
        # The fifth failure may already answer with the lock.
        assert response.status_code in ((200, 429) if attempt == 4 else (200,)), f"attempt {attempt + 1}"
        assert 'name="username"' in response.text or response.status_code == 429

    # The sixth attempt, on B, with the right password.
    locked = sign_in(session, b, STAFF_PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.text
    assert session.get(b.url("/admin/"), timeout=30, allow_redirects=False).status_code == 302
