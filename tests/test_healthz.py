"""/healthz, for load balancers, whatever the Host header and over plain HTTP: 200 {"status": "ok"} when the
database and the cache answer; 200 {"status": "degraded"} naming the cache when only the cache fails (the
site serves, uncached); 503 {"status": "down"} naming the database when the database fails.

First in this process (test settings, with a dependency broken on purpose), then in real production
processes (gunicorn, network.settings.production) whose database or Redis is really unreachable.
"""

import time
from unittest import mock

import pytest
import requests
from django.db import OperationalError, connection
from django.test import override_settings

from tests.production_server import AppProcess, running
from tests.services import free_port, postgres_url, production_environment, require_services

BROKEN_REDIS = {
    "default": {
        # The production backend (network/settings/production.py).
        "BACKEND": "network.caching.outage.FailSoftRedisCache",
        # Nothing listens on port 1: connections are refused at once.
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


def broken_database():
    """The database connection fails as it does when PostgreSQL is down (until the block ends)."""
    refused = OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')
    return mock.patch.object(connection, "cursor", side_effect=refused)


def health(client, **extra):
    started = time.monotonic()
    response = client.get("/healthz", **extra)
    response.elapsed = time.monotonic() - started
    return response


def test_healthy_with_the_database_and_the_cache(client, db):
    response = health(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == "ok"
    assert not response.json().get("failing")
    # A balancer's probe is never answered from a cache.
    assert "no-store" in response["Cache-Control"]


def test_trailing_slash_is_answered_too(client, db):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_database_failure_is_503_naming_the_database(client, db):
    with broken_database():
        response = health(client)
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert list(body["failing"]) == ["database"]
    assert "Connection refused" in body["failing"]["database"]


@override_settings(CACHES=BROKEN_REDIS)
def test_cache_failure_is_degraded_200_naming_the_cache(client, db):
    response = health(client)
    # The site serves without its cache: a balancer must keep sending it requests.
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert list(body["failing"]) == ["cache"]
    assert "Connection refused" in body["failing"]["cache"]
    # Refused connections are reported at once: the balancer's probe does not time out.
    assert response.elapsed < 5


@override_settings(CACHES=BROKEN_REDIS)
def test_both_failing_are_both_named(client, db):
    with broken_database():
        response = health(client)
    assert response.status_code == 503
    assert response.json()["status"] == "down"
    assert set(response.json()["failing"]) == {"database", "cache"}


@override_settings(ALLOWED_HOSTS=["learningcities.example.org"])
def test_unknown_host_header_of_a_load_balancer_is_answered(client, db):
    # The balancer probes each instance by its private address, not by the site's name.
    response = health(client, HTTP_HOST="10.0.3.17:8000")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    # … while pages still refuse hosts that are not the site's.
    assert client.get("/", HTTP_HOST="10.0.3.17:8000").status_code == 400


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_plain_http_probe_is_not_redirected_to_https(client, db):
    response = health(client)
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    # Pages requested over plain HTTP are redirected, as production does.
    page = client.get("/cities/")
    assert page.status_code == 301
    assert page["Location"].startswith("https://")


@override_settings(
    CACHES=BROKEN_REDIS, SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["learningcities.example.org"]
)
def test_failure_is_reported_to_a_plain_http_probe_with_an_unknown_host(client, db):
    response = health(client, HTTP_HOST="10.0.3.17")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert list(response.json()["failing"]) == ["cache"]


# --- Real production processes --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def production_apps():
    """Three gunicorn processes with the production settings as deployed (HTTPS redirect on, one site host
    name): one healthy, one whose PostgreSQL is unreachable, one whose Redis is unreachable.

    The check needs no table: the healthy one uses the server's `postgres` database.
    """
    require_services()
    closed_port = free_port()

    def environment(**changes):
        return production_environment(
            "postgres",
            ALLOWED_HOSTS="learningcities.example.org",
            WAGTAILADMIN_BASE_URL="https://learningcities.example.org",
            SECURE_SSL_REDIRECT=None,  # the default: redirect to HTTPS
            **changes,
        )

    apps = {
        "healthy": AppProcess(environment(), "healthy"),
        "database down": AppProcess(
            environment(DATABASE_URL=postgres_url("learning_cities").replace("5432", str(closed_port))),
            "database-down",
        ),
        "redis down": AppProcess(environment(REDIS_URL=f"redis://127.0.0.1:{closed_port}/0"), "redis-down"),
    }
    with running(*apps.values()):
        yield apps


def probe(app, **headers):
    return requests.get(
        app.url("/healthz"), headers={"Host": "10.0.3.17:8000", **headers}, timeout=10, allow_redirects=False
    )


def test_production_process_is_healthy_for_a_plain_http_probe(production_apps):
    app = production_apps["healthy"]
    response = probe(app)
    assert response.status_code == 200, app.log()
    assert response.json()["status"] == "ok"
    # The same process redirects pages to HTTPS and refuses unknown hosts: only /healthz is exempt.
    page = requests.get(app.url("/"), headers={"Host": "learningcities.example.org"}, allow_redirects=False)
    assert page.status_code == 301
    assert page.headers["Location"] == "https://learningcities.example.org/"
    assert requests.get(app.url("/"), headers={"Host": "10.0.3.17:8000"}).status_code == 400


def test_production_process_without_postgresql_is_503_naming_the_database(production_apps):
    app = production_apps["database down"]
    response = probe(app)
    assert response.status_code == 503, app.log()
    assert response.json()["status"] == "down"
    assert list(response.json()["failing"]) == ["database"]
    assert response.elapsed.total_seconds() < 5


def test_production_process_without_redis_is_degraded_naming_the_cache(production_apps):
    app = production_apps["redis down"]
    response = probe(app)
    assert response.status_code == 200, app.log()
    assert response.json()["status"] == "degraded"
    assert list(response.json()["failing"]) == ["cache"]
    assert response.elapsed.total_seconds() < 5
