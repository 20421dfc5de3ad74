"""PostgreSQL restarted or briefly unreachable (network/database_outage.py,
network/caching/public_responses.py).

Anonymous visitors get the last good copy of a public page or of the GeoJSON, marked stale; everyone else,
and anyone asking for something never cached, gets a short page (or JSON for the API) saying the site is
briefly unavailable, with HTTP 503 and Retry-After: never a traceback. In this process, with the database
connection failing as it does when PostgreSQL is down.
"""

import contextlib
import logging
from unittest import mock

import pytest
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.db.utils import ConnectionHandler
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from cities import views as cities_views
from cities.admin_scope import FocalPointAdminScopeMiddleware
from network import database_outage
from network.caching.versions import PUBLISHED_CONTENT

GEOJSON = "/api/cities.geojson"
UNAVAILABLE = "The site is briefly unavailable: try again in a moment."
STALE_HEADERS = {"X-Stale-If-Error": "1", "Warning": '110 - "Response is stale"'}
REFUSED = OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


@contextlib.contextmanager
def database_down(error=REFUSED):
    """Every query fails as it does while PostgreSQL is down or restarting (until the block ends)."""
    with (
        mock.patch.object(connection, "cursor", side_effect=error),
        mock.patch.object(connection, "chunked_cursor", side_effect=error),
    ):
        yield


@pytest.fixture(autouse=True)
def fresh_log():
    """Each test sees the outage's first warning (they are written at most once a minute)."""
    database_outage.log.reset()


@pytest.fixture
def visitor(db):
    # Django's test client raises what a view raised even when a response was made of it; a browser gets
    # the response.
    return Client(HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=False)


@pytest.fixture
def staff(staff_user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=False)
    client.force_login(staff_user)
    return client


def assert_unavailable_page(response, language="en"):
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert int(response["Retry-After"]) > 0
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    with translation.override(language):
        assert gettext(UNAVAILABLE) in body
    assert f'<html lang="{language}">' in body
    assert "Traceback" not in body and "OperationalError" not in body
    for name in STALE_HEADERS:
        assert name not in response


def assert_stale_copy_of(response, first):
    assert response.status_code == 200
    assert response.content == first.content
    for name, value in STALE_HEADERS.items():
        assert response[name] == value
    assert response["Cache-Control"] == "max-age=10"
    for name in ("Content-Type", "Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"):
        assert response[name] == first[name], name


@pytest.mark.parametrize(
    "error", [REFUSED, InterfaceError("connection already closed")], ids=["refused", "closed"]
)
@pytest.mark.parametrize("path", ["/cities/", "/cities/medellin/", "/en/", "/cities/?country=CO"])
def test_an_anonymous_visitor_gets_the_last_good_copy_of_a_page(medellin, visitor, path, error):
    first = visitor.get(path)
    assert first.status_code == 200
    # Published content changed since (or this process's copy is gone): the copy is no longer current.
    PUBLISHED_CONTENT.bump()
    with database_down(error):
        stale = visitor.get(path)
    assert_stale_copy_of(stale, first)
    # Once the database answers, the page is made again; the stale copy was not stored as a fresh one.
    fresh = visitor.get(path)
    assert fresh.status_code == 200
    assert fresh["X-Page-Cache"] == "miss"
    assert "X-Stale-If-Error" not in fresh


def test_an_anonymous_visitor_gets_the_last_good_geojson(medellin, visitor):
    first = visitor.get(GEOJSON, {"country": "CO"})
    assert first.status_code == 200
    PUBLISHED_CONTENT.bump()
    with database_down():
        stale = visitor.get(GEOJSON, {"country": "CO"})
    assert_stale_copy_of(stale, first)
    assert stale["ETag"] == first["ETag"]
    fresh = visitor.get(GEOJSON, {"country": "CO"})
    assert fresh.status_code == 200 and "X-Stale-If-Error" not in fresh


def test_the_stale_copy_is_the_one_of_the_same_language(visitor):
    english = visitor.get("/en/cities/")
    spanish = visitor.get("/cities/")
    PUBLISHED_CONTENT.bump()
    with database_down():
        assert visitor.get("/en/cities/").content == english.content
        assert visitor.get("/cities/").content == spanish.content


def test_without_a_stale_copy_visitors_get_the_unavailable_page_in_the_pages_language(visitor):
    with database_down():
        assert_unavailable_page(visitor.get("/en/cities/bogota/"), language="en")
        assert_unavailable_page(visitor.get("/cities/bogota/"), language="es")
        assert_unavailable_page(visitor.get("/pt-br/cities/bogota/"), language="pt-br")


def test_without_a_stale_copy_the_geojson_is_a_json_503(visitor):
    with database_down():
        response = visitor.get(GEOJSON, {"country": "BR"})
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response.json() == {"error": UNAVAILABLE}


def test_staff_get_the_unavailable_page_even_where_a_stale_copy_exists(visitor, staff):
    visitor.get("/cities/")
    PUBLISHED_CONTENT.bump()
    with database_down():
        assert_unavailable_page(staff.get("/cities/"), language="es")
        assert_unavailable_page(staff.get(reverse("wagtailadmin_home")))
        assert_unavailable_page(staff.get(reverse("wagtailsnippets_contacts_engagement:list")))


def test_a_form_sent_during_the_outage_gets_the_unavailable_page(visitor, settings):
    settings.AXES_ENABLED = True
    with database_down():
        response = visitor.post("/admin/login/", {"username": "editor", "password": "pw"})
    assert_unavailable_page(response)


def test_a_database_error_in_a_middleware_gets_the_unavailable_page(staff, monkeypatch):
    def fail(self, request):
        raise REFUSED

    monkeypatch.setattr(FocalPointAdminScopeMiddleware, "__call__", fail)
    assert_unavailable_page(staff.get(reverse("wagtailadmin_home")))


def test_other_errors_are_still_the_server_error_page(visitor, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(cities_views, "cached_geojson", broken)
    response = visitor.get(GEOJSON)
    assert response.status_code == 500
    assert "Server error" in response.content.decode()
    assert "Retry-After" not in response


def test_the_outage_is_logged_as_a_warning_now_and_then_not_per_request(visitor, caplog):
    with caplog.at_level(logging.WARNING), database_down():
        for _ in range(5):
            visitor.get("/cities/bogota/")
    outage = [record for record in caplog.records if record.name == "network.database_outage"]
    assert len(outage) == 1
    assert "Connection refused" in outage[0].getMessage()
    assert not any(record.exc_info for record in caplog.records)


# --- Reconnecting -----------------------------------------------------------------------------------------


def test_persistent_connections_are_checked_before_reuse():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


@pytest.mark.skipif(connection.vendor != "postgresql", reason="terminates a PostgreSQL backend")
def test_a_broken_persistent_connection_is_replaced_on_the_next_request(db):
    """PostgreSQL restarted: the process's persistent connection is dead. The next request checks it and
    connects again instead of failing."""
    handler = ConnectionHandler(
        {
            "default": {
                **settings.DATABASES["default"],
                "NAME": connection.settings_dict["NAME"],
                "CONN_MAX_AGE": 60,
            }
        }
    )
    other = handler["default"]
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        # What Django does when a request starts (close_old_connections), then the request's first query.
        other.close_if_unusable_or_obsolete()
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            assert cursor.fetchone()[0] != pid
    finally:
        other.close()
