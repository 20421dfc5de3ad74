"""Warm public responses (network/caching/public_responses.py, cities/map_data.py): the GeoJSON and public
pages are answered before the rest of the middleware, from this process's memory, for as long as the
published-content version read from the shared cache on every request is unchanged; a new version is
seen at once.
"""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from wagtail.models import Page

from cities import views as cities_views
from home.models import HomePage
from network.caching import public_responses
from network.caching.shared import VersionedFiles, VersionedMemo
from network.caching.versions import PUBLISHED_CONTENT

GEOJSON = "/api/cities.geojson"
SECURITY_HEADERS = ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options")


@pytest.fixture
def visitor(db):
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def view_must_not_run(monkeypatch):
    """Make the GeoJSON view fail if it is reached: what follows must come from memory."""

    def refuse(*args, **kwargs):
        raise AssertionError("the GeoJSON view ran for a warm request")

    def arm():
        monkeypatch.setattr(cities_views, "cached_geojson", refuse)

    return arm


def test_a_warm_geojson_skips_the_view_and_the_database(
    visitor, view_must_not_run, django_assert_num_queries
):
    first = visitor.get(GEOJSON, {"country": "CO"})
    assert first.status_code == 200
    view_must_not_run()

    with django_assert_num_queries(0):
        second = visitor.get(GEOJSON, {"country": "CO"})

    assert second.status_code == 200
    assert second.content == first.content
    for name in ("Content-Type", "ETag", "Last-Modified", "Cache-Control", *SECURITY_HEADERS):
        assert second[name] == first[name], name
    assert "X-Page-Cache" not in second


def test_a_conditional_request_for_a_warm_geojson_gets_304_with_the_security_headers(
    visitor, view_must_not_run
):
    first = visitor.get(GEOJSON)
    view_must_not_run()

    by_etag = visitor.get(GEOJSON, headers={"If-None-Match": first["ETag"]})
    by_date = visitor.get(GEOJSON, headers={"If-Modified-Since": first["Last-Modified"]})

    for response in (by_etag, by_date):
        assert response.status_code == 304
        assert response.content == b""
        assert response["ETag"] == first["ETag"]
        for name in SECURITY_HEADERS:
            assert response[name] == first[name], name


def test_a_new_version_from_another_process_is_used_on_the_next_request(visitor, medellin):
    visitor.get(GEOJSON)
    visitor.get("/cities/")
    # Another process publishes a change: the shared version moves on (here the data changes without
    # it, so that only the version tells this process to build the answers again).
    Page.objects.filter(pk=medellin.pk).update(title="Medellín renovada")
    PUBLISHED_CONTENT.bump()

    names = {feature["properties"]["name"] for feature in visitor.get(GEOJSON).json()["features"]}
    assert "Medellín renovada" in names
    directory = visitor.get("/cities/")
    assert directory["X-Page-Cache"] == "miss"
    assert "Medellín renovada" in directory.content.decode()


def test_a_version_is_never_issued_twice_even_after_the_cache_is_emptied(db):
    first = PUBLISHED_CONTENT.current()
    cache.clear()
    assert PUBLISHED_CONTENT.current() != first


def test_a_change_inside_a_transaction_changes_the_version_again_on_commit(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        PUBLISHED_CONTENT.changed()
        during = PUBLISHED_CONTENT.current()
    assert PUBLISHED_CONTENT.current() != during


def test_a_visitor_with_a_session_cookie_gets_their_own_page(visitor, another_visitor):
    visitor.cookies["sessionid"] = "unknown-session"
    for _ in range(2):
        response = visitor.get("/cities/")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
    # … and nothing they were served was stored for others.
    assert another_visitor.get("/cities/")["X-Page-Cache"] == "miss"


@pytest.fixture
def another_visitor(db):
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def test_a_page_that_needs_the_responses_nonce_is_never_stored(visitor, monkeypatch):
    serve = HomePage.serve

    def serve_with_inline_script(self, request, *args, **kwargs):
        response = serve(self, request, *args, **kwargs)
        response.render()
        script = f'<script nonce="{request.csp_nonce}">window.seen = true;</script>'
        response.content = response.content.replace(b"</body>", script.encode() + b"</body>")
        return response

    monkeypatch.setattr(HomePage, "serve", serve_with_inline_script)
    for _ in range(2):
        response = visitor.get("/")
        assert "X-Page-Cache" not in response
        nonce = BeautifulSoup(response.content.decode(), "html.parser").find("script", nonce=True)["nonce"]
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]


def test_the_memo_keeps_one_version_within_its_size():
    memo = VersionedMemo(max_bytes=10)
    memo.set("v1", "a", "A", 4)
    memo.set("v1", "b", "B", 4)
    assert memo.get("v1", "a") == "A"
    memo.set("v1", "c", "C", 4)  # over the bound: the least recently used entry ("b") goes
    assert (memo.get("v1", "a"), memo.get("v1", "b"), memo.get("v1", "c")) == ("A", None, "C")
    memo.set("v1", "huge", "H", 11)
    assert memo.get("v1", "huge") is None

    assert memo.get("v2", "a") is None
    assert memo.get("v1", "c") is None  # going back to an old version finds nothing either


def test_a_large_warm_geojson_is_sent_from_a_file(visitor, view_must_not_run, monkeypatch):
    monkeypatch.setattr(public_responses, "FILE_BYTES", 1)
    first = visitor.get(GEOJSON)
    view_must_not_run()

    second = visitor.get(GEOJSON)
    assert second.streaming, "sent from a file (sendfile under gunicorn)"
    assert b"".join(second.streaming_content) == first.content
    for name in ("Content-Type", "Content-Length", "ETag", "Last-Modified", *SECURITY_HEADERS):
        assert second[name] == first[name], name
    assert "Content-Disposition" not in second
    assert visitor.get(GEOJSON, headers={"If-None-Match": first["ETag"]}).status_code == 304


def test_files_are_bounded_per_version_and_removed_with_it():
    files = VersionedFiles(max_files=2)
    first = files.path("v1", "a", b"A")
    assert files.path("v1", "b", b"B") is not None
    assert files.path("v1", "c", b"C") is None, "the version has its fill"
    assert Path(files.path("v1", "a", b"ignored")).read_bytes() == b"A"
    assert Path(files.path("v2", "c", b"C")).read_bytes() == b"C"
    assert not Path(first).exists(), "an old version's files are removed"
