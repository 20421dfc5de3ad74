"""Cheap reads of the shared cache for every request, and a per-process copy of versioned entries.

Every public request reads the published-content version, so that one read is the whole per-request cost
of freshness. Through Django's Redis backend it costs several times the round trip (a new client per
operation, the pool's locks, the response callbacks), and even one round trip made a warm page answer a
third fewer requests a second than a static file (docs/performance.md, "The version read without a
round trip"). So `get_shared()` keeps the versions in the thread and lets Redis say when one changes
(`TrackedReads`: Redis's client-side caching). That is the one place the project speaks to Redis below
Django's cache API (`RedisCache._cache`, listed in docs/upgrading.md); everything else goes through
`cache` as usual.

When the shared cache cannot be reached, `SharedVersion.current()` returns None: "do not cache now".
Callers then build what they need and keep nothing, neither in the shared cache nor in this process
(a `VersionedMemo` or `VersionedFiles` given None keeps nothing). When the cache answers again, every
version is renewed before it is used (network/caching/outage.py), so nothing kept before the outage is
served for content changed during it.
"""

import atexit
import contextlib
import logging
import os
import secrets
import shutil
import tempfile
import threading
import time
from collections import OrderedDict

import redis
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.redis import RedisCache, RedisSerializer
from django.db import transaction

from network.caching.outage import CACHE_ERRORS, outage

logger = logging.getLogger(__name__)
_serializer = RedisSerializer()


# The channel on which Redis names the keys a tracking connection read and someone changed since.
INVALIDATIONS = "__redis__:invalidate"
# A kept value is read again after this long even if Redis named no change: a Redis that stopped
# answering without closing its connections (hung, or cut off by the network) is noticed within it.
RECHECK_SECONDS = 1.0


class TrackedReads:
    """GETs of a few keys (the versions) for one thread, answered from the thread's copy until Redis says
    that the key changed.

    Redis's client-side caching, in its two-connection form (CLIENT TRACKING with REDIRECT, Redis 6 and
    later): Redis remembers the keys `reader` read and, when any client changes one, names it on the
    invalidation channel, to which `invalidations` is subscribed. Every read first takes what arrived
    there, which is a look at a socket, not a round trip; the copy answers while its key was not named.
    A change made through any process is so seen by every other on its next request, as with a GET.
    A connection closed (Redis stopped or restarted) shows on that look and drops the copy.

    A Redis that refuses the commands (older than 6, or a managed service's rules) is read with a GET
    every time, as before tracking, with one warning in the log.
    """

    def __init__(self, backend):
        self.backend = backend
        pool = backend._cache.get_client(write=False).connection_pool
        # RESP2, where the invalidations arrive as plain pub/sub messages (under RESP3, redis-py's
        # default, they are push replies that its parser consumes itself); redis-py's maintenance
        # notifications need RESP3, and these two connections need none.
        options = {**pool.connection_kwargs, "protocol": 2, "maint_notifications_config": None}
        self.invalidations = pool.connection_class(**options)
        self.reader = pool.connection_class(**options)
        self.tracking = False
        self.refused = False
        self.invalidations_id = None
        self.kept = {}
        self.commands = {}

    def get(self, key):
        redis_key = self.backend.make_key(key).encode()
        try:
            value = self.read(redis_key)
        except (redis.ConnectionError, redis.TimeoutError):
            # A dropped connection (Redis restarted, an idle timeout): once more on new ones.
            self.reset()
            try:
                value = self.read(redis_key)
            except BaseException:
                # Never leave a request unanswered on a connection: the next reply would be its.
                self.reset()
                raise
        return None if value is None else _serializer.loads(value)

    def forget(self, key):
        """Drop this thread's copy of `key`: the thread has just changed it (Redis may name it later)."""
        self.kept.pop(self.backend.make_key(key).encode(), None)

    def read(self, redis_key):
        if not self.tracking and not self.refused:
            self.start_tracking()
        now = time.monotonic()
        if self.tracking:
            self.take_invalidations()
            kept = self.kept.get(redis_key)
            if kept is not None and now - kept[1] < RECHECK_SECONDS:
                return kept[0]
        command = self.commands.get(redis_key)
        if command is None:
            command = self.commands[redis_key] = self.reader.pack_command("GET", redis_key)
        self.reader.send_packed_command(command)
        value = self.reader.read_response()
        # A missing key is about to be written: read it again then.
        if self.tracking and value is not None:
            self.kept[redis_key] = (value, now)
        return value

    def start_tracking(self):
        self.invalidations.connect()
        self.reader.connect()
        try:
            self.invalidations.send_command("CLIENT", "ID")
            self.invalidations_id = self.invalidations.read_response()
            self.invalidations.send_command("SUBSCRIBE", INVALIDATIONS)
            self.invalidations.read_response()
            self.reader.send_command("CLIENT", "TRACKING", "ON", "REDIRECT", self.invalidations_id)
            self.reader.read_response()
        except redis.ResponseError as error:
            self.invalidations.disconnect()
            self.refused = True
            logger.warning(
                "Redis refused client-side tracking (%s): every request reads the content version from it.",
                error,
            )
            return
        self.tracking = True

    def take_invalidations(self):
        while self.invalidations.can_read():
            _kind, _channel, keys = self.invalidations.read_response()
            if keys is None:  # The database was emptied.
                self.kept.clear()
            else:
                for redis_key in keys:
                    self.kept.pop(redis_key, None)

    def reset(self):
        self.reader.disconnect()
        self.invalidations.disconnect()
        self.tracking = False
        self.kept.clear()


def tracked_reads(backend):
    """The backend's `TrackedReads` (Django's cache backends are per thread, and so is this)."""
    tracked = getattr(backend, "tracked_reads", None)
    if tracked is None:
        tracked = backend.tracked_reads = TrackedReads(backend)
    return tracked


def get_shared(key):
    """`cache.get(key)`, answered from this thread's copy while Redis names no change to the key.

    Raises what the cache raises: see `SharedVersion.current()`.
    """
    backend = caches[DEFAULT_CACHE_ALIAS]
    if not isinstance(backend, RedisCache):
        return backend.get(key)
    return tracked_reads(backend).get(key)


def forget_shared(key):
    """After this thread changed `key`: its next `get_shared(key)` asks Redis."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    if isinstance(backend, RedisCache):
        tracked_reads(backend).forget(key)


def new_version(previous=None):
    """`<seconds>.<random>`: the seconds always move forward (they are the data's Last-Modified) and the
    random part keeps a version from being issued twice, even after the cache was emptied."""
    seconds = int(time.time())
    if previous is not None:
        seconds = max(seconds, version_seconds(previous) + 1)
    return f"{seconds}.{secrets.token_hex(4)}"


def version_seconds(version):
    return int(str(version).partition(".")[0])


def remembered(key, build, timeout):
    """The value kept in the shared cache under `key`, else what `build()` returns, kept there for
    `timeout` seconds. The key must change when the data does (it names a version)."""
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout)
    return value


class SharedVersion:
    """A version of some data, kept in the shared cache and replaced whenever the data may have changed:
    whatever was stored under the old version, in the shared cache or in a process, is then unused.

    A change made through one app process must be seen by every other on its next request: it is read from
    the shared cache, or from the thread's copy while Redis names no change to it (`get_shared`).
    """

    def __init__(self, key):
        self.key = key
        outage.renew_on_recovery(key, self.renew)

    def current(self):
        """The current version, or None when the shared cache cannot be reached: do not cache now."""
        if outage.down:
            return None
        try:
            version = get_shared(self.key)
        except CACHE_ERRORS as error:
            outage.failed(error)
            return None
        if version is None:
            cache.add(self.key, new_version(), timeout=None)
            version = cache.get(self.key)
        return version

    def remember(self, key, build, timeout):
        """What `build()` returns, built once per version: kept in the shared cache under `key` and the
        current version (for `timeout` seconds at most); built every time while the cache is unreachable."""
        version = self.current()
        if version is None:
            return build()
        return remembered(f"{key}:{version}", build, timeout)

    def bump(self):
        # While the cache is unreachable this writes nothing: the version is renewed when it answers again.
        cache.set(self.key, new_version(cache.get(self.key)), timeout=None)
        forget_shared(self.key)

    def renew(self, strict_cache):
        """Start a new version through a cache that raises its errors (recovery from an outage)."""
        strict_cache.set(self.key, new_version(strict_cache.get(self.key)), timeout=None)

    def changed(self, **kwargs):
        """Start a new version now, and again once the current transaction commits (a signal receiver).

        Inside a transaction (Wagtail publishes in one) another process could otherwise store the old
        data under the new version in between.
        """
        self.bump()
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(self.bump)


class VersionedMemo:
    """A per-process copy of entries that belong to one content version, with a size bound.

    The caller passes the current version with every call: a new version empties the copy, so an
    entry is never served for another version than the one it was stored under. Thread-safe.
    """

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.version = None
        self.entries = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def _switch_to(self, version):
        if version != self.version:
            self.version = version
            self.entries.clear()
            self.size = 0

    def get(self, version, key):
        if version is None:
            return None
        with self.lock:
            self._switch_to(version)
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
                return entry[0]
            return None

    def set(self, version, key, value, size):
        if version is None or size > self.max_bytes:
            return
        with self.lock:
            self._switch_to(version)
            previous = self.entries.pop(key, None)
            if previous is not None:
                self.size -= previous[1]
            self.entries[key] = (value, size)
            self.size += size
            while self.size > self.max_bytes:
                _key, (_value, dropped) = self.entries.popitem(last=False)
                self.size -= dropped


class ContentMemo:
    """A per-process map from everything a piece of output is made of to that output.

    An entry is only ever found for the very inputs it was made from, so it cannot be stale and needs no
    version: when content changes, the new inputs miss and the old entries are simply not asked for
    again. They go when the memo holds `max_entries` (it is then emptied). Thread-safe.
    """

    def __init__(self, max_entries):
        self.max_entries = max_entries
        self.entries = {}
        self.lock = threading.Lock()

    def get_or_make(self, inputs, make):
        with self.lock:
            output = self.entries.get(inputs)
        if output is None:
            output = make()
            with self.lock:
                if len(self.entries) >= self.max_entries:
                    self.entries.clear()
                self.entries[inputs] = output
        return output


class VersionedFiles:
    """A few large bodies of one content version written to files of this process, once.

    A response read from a file goes out with the operating system's sendfile, as static files do,
    instead of being copied out of Python's memory. The files go when the version changes; at most
    `max_files` per version, so odd query strings cannot fill the disk. Their folder goes when the process
    exits (a worker stopped by gunicorn, a server stopped with Ctrl+C), not when it is killed.
    """

    def __init__(self, max_files):
        self.max_files = max_files
        self.version = None
        self.paths = {}
        self.directory = None
        self.lock = threading.Lock()

    def path(self, version, key, content):
        """The file holding `content`, written now if needed; None when the version has its fill (or is
        None: the shared cache is unreachable)."""
        if version is None:
            return None
        with self.lock:
            if version != self.version:
                self._remove_files()
                self.version = version
            path = self.paths.get(key)
            if path is None and len(self.paths) < self.max_files:
                if self.directory is None:
                    self.directory = tempfile.mkdtemp(prefix="learning-cities-responses-")
                    atexit.register(remove_folder, self.directory, os.getpid())
                descriptor, path = tempfile.mkstemp(dir=self.directory)
                with os.fdopen(descriptor, "wb") as file:
                    file.write(content)
                self.paths[key] = path
            return path

    def _remove_files(self):
        for path in self.paths.values():
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
        self.paths.clear()


def remove_folder(path, owner):
    """Remove a process's folder when that process exits; a forked child, which inherits the exit
    handlers, leaves its parent's folder alone."""
    if os.getpid() == owner:
        shutil.rmtree(path, ignore_errors=True)
