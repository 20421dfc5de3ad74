"""The shared cache (Redis) unreachable: the site answers, uncached and slower, and caching comes back by
itself without serving what changed meanwhile as it was (network/caching/outage.py).

In this process, with the production cache backend pointed at a port where nothing listens (connections
refused at once) or at a socket that accepts and never answers (a hung Redis). The recovery tests switch
the same backend, with the same key prefix, between that port and the machine's Redis, as a network
partition does; they are skipped when that Redis is unreachable, except on CI.

The last part checks the other side of the version read: with Redis up, the thread keeps the version
until Redis names a change to it (network/caching/shared.py, `TrackedReads`).

Why this module is long: refused, hung, recovering and answering caches share its backend settings and
outage-state fixture.
"""

import logging
import os
import pickle
import secrets
import socket
import threading
import time

import pytest
import redis
from bs4 import BeautifulSoup
from django.core import mail
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.redis import RedisCache
from django.test import Client, override_settings
from django.urls import reverse

from network import request_counts
from network.caching import outage as cache_outage_module
from network.caching import shared
from network.caching.outage import outage
from network.caching.versions import PUBLISHED_CONTENT

BACKEND = "network.caching.outage.FailSoftRedisCache"
# What network/settings/production.py sets (tests/test_production_settings.py checks it).
TIMEOUTS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.25}
REDIS_HOST, REDIS_PORT, REDIS_DB = "127.0.0.1", 6379, 15
PUBLIC_PATHS = ["/", "/cities/", "/cities/medellin/", "/en/cities/", "/search/?q=Medell%C3%ADn"]
GEOJSON = "/api/cities.geojson"


def redis_cache(location, prefix="lcn-outage-test"):
    return {"default": {"BACKEND": BACKEND, "LOCATION": location, "KEY_PREFIX": prefix, "OPTIONS": TIMEOUTS}}


# Nothing listens on port 1: connections are refused at once.
REFUSED = redis_cache("redis://127.0.0.1:1/0")


@pytest.fixture(autouse=True)
def fresh_outage_state():
    """Each test starts with a process that has seen no failure, and leaves none behind (nor a watcher)."""
    outage.reset()
    yield
    outage.reset()


@pytest.fixture
def redis_down(db):
    with override_settings(CACHES=REFUSED):
        yield


@pytest.fixture
def visitor(db):
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def heading(response):
    return BeautifulSoup(response.content, "html.parser").h1.get_text(strip=True)


def directory_names(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return {link.get_text(strip=True) for link in soup.select("#directory-results th a")}


def geojson_names(client):
    response = client.get(GEOJSON)
    assert response.status_code == 200
    return {feature["properties"]["name"] for feature in response.json()["features"]}


# --- Redis refusing connections ----------------------------------------------------------------------------


def test_public_pages_and_the_geojson_answer_uncached(medellin, redis_down, visitor):
    for _ in range(2):
        for path in PUBLIC_PATHS:
            response = visitor.get(path)
            assert response.status_code == 200, path
            assert response["X-Page-Cache"] == "bypass", path
    response = visitor.get(GEOJSON, {"country": "CO"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    assert "Medellín" in {feature["properties"]["name"] for feature in response.json()["features"]}
    assert response["ETag"]
    again = visitor.get(GEOJSON, {"country": "CO"}, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304


def test_the_admin_works_for_staff(medellin, redis_down, staff_client, engagement_factory):
    engagement_factory("Taller en Medellín", cities=[medellin])
    paths = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[medellin.get_parent().pk]),
        reverse("wagtailadmin_pages:edit", args=[medellin.pk]),
        reverse("wagtailsnippets_contacts_engagement:list"),
        reverse("wagtailsnippets_contacts_engagement:list") + f"?cities={medellin.pk}",
        reverse("contacts_timeline:city", args=[medellin.pk]),
        reverse("wagtailimages:index"),
    ]
    for path in paths:
        assert staff_client.get(path).status_code == 200, path


def test_publishing_during_the_outage_shows_at_once(medellin, redis_down, superuser, visitor, city_edit_data):
    editor = Client(HTTP_ACCEPT_LANGUAGE="en")
    editor.force_login(superuser)
    visitor.get("/cities/medellin/")
    data = city_edit_data(medellin, title="Medellín durante el corte", **{"action-publish": "publish"})
    response = editor.post(reverse("wagtailadmin_pages:edit", args=[medellin.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert heading(visitor.get("/cities/medellin/")) == "Medellín durante el corte"
    assert "Medellín durante el corte" in directory_names(visitor.get("/cities/"))
    assert "Medellín durante el corte" in geojson_names(visitor)


def test_once_a_request_saw_the_failure_the_next_ones_do_not_try_the_cache(
    medellin, redis_down, visitor, monkeypatch
):
    attempts = []
    requests_thread = threading.current_thread()
    connect = redis.connection.AbstractConnection.connect

    def counted(self):
        if threading.current_thread() is requests_thread:  # not the watcher's retries
            attempts.append(self)
        return connect(self)

    monkeypatch.setattr(redis.connection.AbstractConnection, "connect", counted)
    assert visitor.get("/cities/").status_code == 200
    assert attempts, "the first request did not try the cache"
    assert outage.down
    attempts.clear()
    for path in [*PUBLIC_PATHS, GEOJSON]:
        assert visitor.get(path).status_code == 200
    assert attempts == []


def test_the_outage_is_logged_once_not_per_request(redis_down, visitor, caplog):
    with caplog.at_level(logging.WARNING, logger="network.caching.outage"):
        for _ in range(5):
            visitor.get("/cities/")
        # A new failure after the process gave up on the cache (the watcher's retries) is not logged again.
        for _ in range(5):
            outage.failed(redis.ConnectionError("Connection refused"))
    warnings = [record for record in caplog.records if record.name == "network.caching.outage"]
    assert len(warnings) == 1
    assert "unreachable" in warnings[0].getMessage()


def test_django_cache_api_reads_as_a_miss_and_writes_as_nothing(redis_down):
    assert cache.get("anything") is None
    assert cache.get("anything", "default") == "default"
    assert cache.set("anything", 1) is None
    assert cache.add("anything", 1) is False
    assert cache.get_or_set("anything", 2) == 2
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.delete("anything") is False
    assert cache.has_key("anything") is False
    with pytest.raises(ValueError):
        cache.incr("anything")


def test_sign_in_throttling_still_locks(redis_down, settings, django_user_model):
    """Sign-in throttling keeps its records in the database: the cache plays no part."""
    settings.AXES_ENABLED = True
    django_user_model.objects.create_superuser("editor", "editor@example.org", "right-Pw-8842")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    address = {"REMOTE_ADDR": "81.2.69.142"}
    for _ in range(5):
        client.post("/admin/login/", {"username": "editor", "password": "wrong"}, **address)
    locked = client.post("/admin/login/", {"username": "editor", "password": "right-Pw-8842"}, **address)
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()


def test_password_reset_is_throttled_per_process(redis_down, django_user_model, caplog):
    """Without the shared cache, each app process counts reset requests itself: links are still sent, and
    still limited (to the limit times the number of processes at most)."""
    request_counts.local_counts.clear()
    request_counts.fallback_log.reset()
    django_user_model.objects.create_user("person", "person@example.org", "pw")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    with caplog.at_level(logging.WARNING):
        for _ in range(5):
            response = client.post(
                reverse("wagtailadmin_password_reset"),
                {"email": "person@example.org"},
                REMOTE_ADDR="81.2.69.1",
            )
            assert response.status_code == 302
            assert response["Location"] == reverse("wagtailadmin_password_reset_done")
    assert sum("person@example.org" in message.to for message in mail.outbox) == 3
    assert any("counted in this process" in record.getMessage() for record in caplog.records)


# --- Redis hung: it accepts connections and never answers ------------------------------------------------


@pytest.fixture
def hung_redis():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    port = listener.getsockname()[1]
    try:
        with override_settings(CACHES=redis_cache(f"redis://127.0.0.1:{port}/0")):
            yield
    finally:
        listener.close()


def commands_sent_by_this_thread(monkeypatch):
    """The Redis commands this thread sends from now on (not the watcher's retries)."""
    sent = []
    requests_thread = threading.current_thread()
    send = redis.connection.AbstractConnection.send_packed_command

    def counted(self, command, *args, **kwargs):
        if threading.current_thread() is requests_thread:
            sent.append(command)
        return send(self, command, *args, **kwargs)

    monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command", counted)
    return sent


def timeouts_in_this_thread(monkeypatch):
    """The waits for an answer from Redis that timed out in this thread from now on (counted rather than
    timed, so that a busy machine cannot fail the test)."""
    timeouts = []
    requests_thread = threading.current_thread()
    read = redis.connection.AbstractConnection.read_response

    def counted(self, *args, **kwargs):
        try:
            return read(self, *args, **kwargs)
        except redis.TimeoutError as error:
            if threading.current_thread() is requests_thread:
                timeouts.append(error)
            raise

    monkeypatch.setattr(redis.connection.AbstractConnection, "read_response", counted)
    return timeouts


def test_a_hung_redis_costs_one_timeout_not_one_per_request(medellin, hung_redis, visitor, monkeypatch):
    timeouts = timeouts_in_this_thread(monkeypatch)
    first = visitor.get("/cities/")
    assert first.status_code == 200
    # The version read waits for its timeout (0.25 s), and once more on a new connection.
    assert 1 <= len(timeouts) <= 2, timeouts
    assert outage.down
    sent = commands_sent_by_this_thread(monkeypatch)
    for path in [*PUBLIC_PATHS, GEOJSON]:
        assert visitor.get(path).status_code == 200
    assert sent == [], "a request waited for the hung cache again"


# --- Recovery ---------------------------------------------------------------------------------------------


@pytest.fixture
def shared_redis(db):
    """The machine's Redis (database 15) under a key prefix of this test, and the same backend refusing
    connections: `up()` and `down()` switch between the two, as a network partition does."""
    try:
        redis.Redis(host=REDIS_HOST, port=REDIS_PORT, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis on {REDIS_HOST}:{REDIS_PORT} is unreachable on CI: {error}")
        pytest.skip(f"Redis on {REDIS_HOST}:{REDIS_PORT} is unreachable: {error}")
    prefix = f"lcn-outage-{secrets.token_hex(4)}"
    reachable = redis_cache(f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}", prefix)
    refused = redis_cache("redis://127.0.0.1:1/0", prefix)
    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB)
    current = override_settings(CACHES=reachable)
    current.enable()

    class Switch:
        def up(self, emptied=False):
            nonlocal current
            if emptied:
                self.empty()
            current.disable()
            current = override_settings(CACHES=reachable)
            current.enable()

        def down(self):
            nonlocal current
            current.disable()
            current = override_settings(CACHES=refused)
            current.enable()

        def read(self, key):
            """What Redis holds under this key, whatever this process thinks of the cache."""
            return RedisCache.get(caches["default"], key)

        def empty(self):
            keys = list(client.scan_iter(match=f"{prefix}:*"))
            if keys:
                client.delete(*keys)

    switch = Switch()
    try:
        yield switch
    finally:
        current.disable()
        switch.empty()


def warm(visitor, path):
    visitor.get(path)
    response = visitor.get(path)
    assert response["X-Page-Cache"] == "hit", path


def publish_title(page, title):
    page = page.specific
    page.title = title
    page.save_revision().publish()


@pytest.mark.parametrize("emptied", [False, True], ids=["redis kept its data", "redis restarted empty"])
def test_a_change_made_during_the_outage_shows_after_recovery(shared_redis, visitor, medellin, emptied):
    for path in ("/cities/", "/cities/medellin/"):
        warm(visitor, path)
    assert "Medellín" in geojson_names(visitor)
    before = PUBLISHED_CONTENT.current()

    shared_redis.down()
    assert visitor.get("/cities/")["X-Page-Cache"] == "bypass"
    publish_title(medellin, "Medellín, cambiada durante el corte")

    shared_redis.up(emptied=emptied)
    assert outage.recover()
    assert not outage.down
    assert PUBLISHED_CONTENT.current() != before
    # Neither the shared cache nor this process's copy serves the page as it was.
    directory = visitor.get("/cities/")
    assert directory["X-Page-Cache"] == "miss"
    assert "Medellín, cambiada durante el corte" in directory_names(directory)
    assert heading(visitor.get("/cities/medellin/")) == "Medellín, cambiada durante el corte"
    assert "Medellín, cambiada durante el corte" in geojson_names(visitor)
    # And caching is back.
    assert visitor.get("/cities/")["X-Page-Cache"] == "hit"


def test_another_process_copy_is_not_served_after_recovery(shared_redis, visitor, medellin):
    """A process that never saw the outage holds copies under the version it read before: the process that
    saw the failure renews every version when the cache answers again, so those copies are never used."""
    warm(visitor, "/cities/")
    before = PUBLISHED_CONTENT.current()
    shared_redis.down()
    # The change's version bump fails: the version in Redis stays as it was.
    publish_title(medellin, "Medellín, otra vez")
    shared_redis.up()
    assert shared_redis.read(PUBLISHED_CONTENT.key) == before
    outage.recover()
    assert shared_redis.read(PUBLISHED_CONTENT.key) != before


def test_an_entry_whose_removal_failed_is_removed_on_recovery(shared_redis):
    """Wagtail removes entries when their data changes (the site's root paths, …): a removal or a write
    that failed while Redis kept its data would leave an old entry behind."""
    cache.set("wagtail-like-entry", "old")
    cache.set("rewritten-entry", "old")
    shared_redis.down()
    assert cache.delete("wagtail-like-entry") is False
    cache.set("rewritten-entry", "new")
    shared_redis.up()
    assert shared_redis.read("wagtail-like-entry") == "old"
    assert outage.recover()
    assert cache.get("wagtail-like-entry") is None
    assert cache.get("rewritten-entry") is None


def test_a_recovery_attempt_while_redis_is_still_down_changes_nothing(shared_redis, visitor):
    warm(visitor, "/cities/")
    shared_redis.down()
    visitor.get("/cities/")
    assert outage.down
    assert not outage.recover()
    assert outage.down
    assert visitor.get("/cities/")["X-Page-Cache"] == "bypass"


def test_caching_resumes_by_itself_within_seconds(shared_redis, visitor, monkeypatch, caplog):
    monkeypatch.setattr(cache_outage_module, "RETRY_SECONDS", 0.05)
    warm(visitor, "/cities/")
    shared_redis.down()
    assert visitor.get("/cities/")["X-Page-Cache"] == "bypass"
    time.sleep(0.2)
    assert outage.down
    with caplog.at_level(logging.INFO, logger="network.caching.outage"):
        shared_redis.up()
        deadline = time.monotonic() + 5
        while outage.down and time.monotonic() < deadline:
            time.sleep(0.02)
    assert not outage.down, "the process did not notice that Redis answers again"
    assert any("answers again" in record.getMessage() for record in caplog.records)
    assert visitor.get("/cities/")["X-Page-Cache"] == "miss"
    assert visitor.get("/cities/")["X-Page-Cache"] == "hit"
    # The watcher's work is done: it ends.
    for thread in threading.enumerate():
        if thread.name == "cache-outage-watcher":
            thread.join(timeout=2)
            assert not thread.is_alive()


# --- Redis up: the version kept in the thread until Redis names a change (shared.TrackedReads) --------------


@pytest.fixture
def no_recheck(monkeypatch):
    """Kept versions are read again only when Redis names a change to them, not after a time."""
    monkeypatch.setattr(shared, "RECHECK_SECONDS", 3600)


def test_with_redis_up_a_warm_page_sends_redis_nothing(shared_redis, visitor, monkeypatch, no_recheck):
    warm(visitor, "/cities/")
    sent = commands_sent_by_this_thread(monkeypatch)
    assert visitor.get("/cities/")["X-Page-Cache"] == "hit"
    assert sent == []
    assert caches["default"].__class__.__name__ == "FailSoftRedisCache"


def another_process_changes_the_version():
    """What another app process's publish does to the shared version, over a connection of its own."""
    other = caches.create_connection(DEFAULT_CACHE_ALIAS)
    other.set(PUBLISHED_CONTENT.key, "another-process-version", timeout=None)
    # As the publish's second change (on commit) does: Redis answers a later command only after it sent
    # the earlier change's invalidation.
    assert other.get(PUBLISHED_CONTENT.key) == "another-process-version"
    other.close()


def test_a_version_changed_by_another_process_is_used_on_the_next_request(
    shared_redis, visitor, medellin, no_recheck
):
    warm(visitor, "/cities/")
    another_process_changes_the_version()
    assert PUBLISHED_CONTENT.current() == "another-process-version"
    assert visitor.get("/cities/")["X-Page-Cache"] == "miss"


def test_a_version_changed_in_this_thread_is_read_again_at_once(shared_redis, no_recheck, monkeypatch):
    """Even before Redis's invalidation of it reaches the thread."""
    PUBLISHED_CONTENT.current()  # The first read creates it, the second one keeps it.
    before = PUBLISHED_CONTENT.current()
    monkeypatch.setattr(shared.TrackedReads, "take_invalidations", lambda self: None)
    PUBLISHED_CONTENT.bump()
    assert PUBLISHED_CONTENT.current() != before


def test_a_connection_closed_by_redis_drops_the_kept_version(shared_redis, visitor, no_recheck):
    """Redis restarted, or closed the connection: it no longer names changes, so the kept version goes."""
    warm(visitor, "/cities/")
    tracked = shared.tracked_reads(caches[DEFAULT_CACHE_ALIAS])
    server = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB)
    assert server.client_kill_filter(_id=tracked.invalidations_id) == 1
    # Changed while this thread could not hear of it.
    server.set(caches[DEFAULT_CACHE_ALIAS].make_key(PUBLISHED_CONTENT.key), pickle.dumps("after-restart"))
    assert visitor.get("/cities/")["X-Page-Cache"] == "miss"
    assert PUBLISHED_CONTENT.current() == "after-restart"
    assert not outage.down


def test_a_kept_version_is_read_again_after_a_second(shared_redis, visitor, monkeypatch):
    """A Redis that stops answering without closing the connection names no change: the read again after
    RECHECK_SECONDS notices it as before."""
    monkeypatch.setattr(shared, "RECHECK_SECONDS", 0)
    warm(visitor, "/cities/")
    sent = commands_sent_by_this_thread(monkeypatch)
    assert visitor.get("/cities/")["X-Page-Cache"] == "hit"
    assert len(sent) == 1


def test_a_redis_that_refuses_tracking_is_read_on_every_request(
    shared_redis, visitor, medellin, monkeypatch, caplog
):
    """A Redis whose rules refuse the CLIENT commands (a managed service, say): a GET per request, as before
    tracking, and no outage."""
    server = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB)
    user = prefix = f"lcn-untracked-{secrets.token_hex(4)}"
    server.acl_setuser(
        user,
        enabled=True,
        nopass=True,
        keys=["*"],
        channels=["*"],
        categories=["+@all"],
        commands=["-client"],
    )
    try:
        location = f"redis://{user}@{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}"
        with override_settings(CACHES=redis_cache(location, prefix)):
            with caplog.at_level(logging.WARNING, logger="network.caching.shared"):
                warm(visitor, "/cities/")
            assert any("refused client-side tracking" in record.getMessage() for record in caplog.records)
            sent = commands_sent_by_this_thread(monkeypatch)
            assert visitor.get("/cities/")["X-Page-Cache"] == "hit"
            assert len(sent) == 1
            another_process_changes_the_version()
            assert visitor.get("/cities/")["X-Page-Cache"] == "miss"
            assert not outage.down
    finally:
        server.acl_deluser(user)
        for key in server.scan_iter(match=f"{prefix}:*"):
            server.delete(key)
