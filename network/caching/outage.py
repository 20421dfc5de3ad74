"""The shared cache (Redis) unreachable: the site serves without it, and takes it back by itself.

One rule for every use of the cache: while the shared cache cannot be reached it behaves as an empty
cache that keeps nothing. Reads miss, writes do nothing, `add` adds nothing, `incr` finds no key
(ValueError): what Django's cache API answers for an entry that is not there, so every caller, Wagtail's
own (the site's root paths, image renditions) as well as ours, rebuilds what it needs from the database.
`SharedVersion.current()` (network/caching/shared.py) returns None then, meaning "do not cache now".

- `FailSoftRedisCache` (the production CACHES backend) is Django's Redis backend with that rule.
- The first failure marks the cache down for the whole process (`outage.down`) and logs one warning. From
  then on no request of the process tries the cache: a Redis that does not answer costs one request one
  timeout (socket_timeout in CACHES OPTIONS), not every request.
- A watcher thread tries the cache every RETRY_SECONDS. When it answers, the watcher
  - removes every entry this process wrote or removed while the cache was down: a Redis that kept its
    data (a network partition) would otherwise keep entries older than the data, such as Wagtail's site
    root paths after a site changed;
  - starts a new version of every SharedVersion: a version bump that failed during the outage, in this
    process or in one that has died since, would otherwise leave copies of the old content in use, in Redis
    and in every process's memory;
  and only then lets requests use the cache again. A Redis that restarted empty needs none of it (the
  versions are new anyway), and gets it all the same.
- A process that saw no failure uses the cache as before: nothing changed behind its back, unless through
  a process that saw the failure, which renews the versions within RETRY_SECONDS of the cache's return.
- `cache_unreachable()` is for the few callers that must know (password-reset throttling then counts in
  the process).
"""

import logging
import os
import threading
import time
import uuid

import redis
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

from network.throttled_log import ThrottledLog

logger = logging.getLogger(__name__)

# What an unreachable, restarting or hung Redis raises: redis-py wraps socket errors in its own.
CACHE_ERRORS = (redis.RedisError, OSError)
RETRY_SECONDS = 0.25
# Keys written while the cache was down, removed on its return; beyond this many, the rest expire alone.
MAX_WRITTEN_KEYS = 10_000


class CacheOutage:
    """Whether this process found the shared cache unreachable, and what to undo when it answers again."""

    def __init__(self):
        self.renewals = {}
        self.log = ThrottledLog(logger)
        self.errors_log = ThrottledLog(logger)
        self._clear()

    def _clear(self):
        self.down = False
        self.since = None
        self.failures = 0
        self.written = set()
        self.overflowed = False
        self.lock = threading.Lock()
        self.watcher = None
        self.stop = None

    def failed(self, error):
        with self.lock:
            self.failures += 1
            first = not self.down
            if first:
                self.down = True
                self.since = time.monotonic()
            if self.watcher is None or not self.watcher.is_alive():
                self.stop = threading.Event()
                self.watcher = threading.Thread(
                    target=self._watch, args=(self.stop,), name="cache-outage-watcher", daemon=True
                )
                self.watcher.start()
        if first:
            self.log.warning(
                "The shared cache is unreachable (%s): serving without it until it answers again.",
                str(error) or error.__class__.__name__,
            )

    def wrote(self, backend, keys, version=None):
        """Keys written or removed while the cache was down: their entries in Redis may be older than the
        data, and go when it answers again."""
        with self.lock:
            for key in keys:
                if len(self.written) >= MAX_WRITTEN_KEYS:
                    self.overflowed = True
                    return
                self.written.add(backend.make_key(key, version=version))

    def renew_on_recovery(self, name, renew):
        """`renew(cache)` runs when the cache answers again, with a cache that raises its errors."""
        self.renewals[name] = renew

    def _watch(self, stop):
        while not stop.wait(RETRY_SECONDS):
            try:
                if self.recover():
                    return
            except Exception:  # never leave the process without its watcher: log, and try again
                self.errors_log.warning("Recovering from the shared cache's outage failed.", exc_info=True)

    def recover(self):
        """Try the cache; when it answers, remove what the outage may have left stale and use it again.
        True when the cache is in use (again)."""
        if not self.down:
            return True
        with self.lock:
            failures, written = self.failures, list(self.written)
        backend = caches[DEFAULT_CACHE_ALIAS]
        # Another backend than the one that failed (settings changed): nothing of this outage is in it.
        if isinstance(backend, FailSoftRedisCache):
            try:
                if written:
                    backend._cache.delete_many(written)
                strict = strict_cache(backend)
                for renew in list(self.renewals.values()):
                    renew(strict)
            except CACHE_ERRORS:
                return False
        with self.lock:
            if not self.down:  # another thread recovered meanwhile
                return True
            if self.failures != failures:  # it failed again meanwhile: the next round decides
                return False
            self.written.difference_update(written)
            overflowed, self.overflowed = self.overflowed, False
            seconds = time.monotonic() - self.since
            self.down, self.since, self.watcher, self.stop = False, None, None, None
        logger.info(
            "The shared cache answers again after %.1f s: versions renewed, %d outage entries removed.",
            seconds,
            len(written),
        )
        if overflowed:
            logger.warning(
                "More than %d entries were written while the shared cache was down: the others expire alone.",
                MAX_WRITTEN_KEYS,
            )
        return True

    def reset(self):
        """Forget the outage and stop the watcher (tests)."""
        stop, watcher = self.stop, self.watcher
        self._clear()
        self.log.reset()
        if stop is not None:
            stop.set()
        if watcher is not None and watcher is not threading.current_thread() and watcher.is_alive():
            watcher.join(timeout=5)


outage = CacheOutage()
# A forked process (a gunicorn worker) starts without the parent's threads: it finds out for itself.
os.register_at_fork(after_in_child=outage._clear)


def cache_unreachable():
    """True while this process serves without the shared cache."""
    return outage.down


def strict_cache(backend):
    """The backend's operations without the fail-soft rule: they raise what the cache raises."""
    if isinstance(backend, FailSoftRedisCache):
        return super(FailSoftRedisCache, backend)
    return backend


def check_cache():
    """Store a value and read it back, raising what the cache raises (the health check)."""
    cache = strict_cache(caches[DEFAULT_CACHE_ALIAS])
    key, value = "healthz", uuid.uuid4().hex
    cache.set(key, value, 10)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not return what was stored")


class FailSoftRedisCache(RedisCache):
    """Django's Redis cache, answering as an empty cache that keeps nothing while Redis is unreachable."""

    def get(self, key, default=None, version=None):
        if not outage.down:
            try:
                return super().get(key, default, version)
            except CACHE_ERRORS as error:
                outage.failed(error)
        return default

    def get_many(self, keys, version=None):
        if not outage.down:
            try:
                return super().get_many(keys, version)
            except CACHE_ERRORS as error:
                outage.failed(error)
        return {}

    def has_key(self, key, version=None):
        if not outage.down:
            try:
                return super().has_key(key, version)
            except CACHE_ERRORS as error:
                outage.failed(error)
        return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if not outage.down:
            try:
                return super().add(key, value, timeout, version)
            except CACHE_ERRORS as error:
                outage.failed(error)
        return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if not outage.down:
            try:
                return super().set(key, value, timeout, version)
            except CACHE_ERRORS as error:
                outage.failed(error)
        outage.wrote(self, [key], version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        if not outage.down:
            try:
                return super().set_many(data, timeout, version)
            except CACHE_ERRORS as error:
                outage.failed(error)
        outage.wrote(self, data, version)
        return list(data)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        if not outage.down:
            try:
                return super().touch(key, timeout, version)
            except CACHE_ERRORS as error:
                outage.failed(error)
        return False

    def delete(self, key, version=None):
        if not outage.down:
            try:
                return super().delete(key, version)
            except CACHE_ERRORS as error:
                outage.failed(error)
        outage.wrote(self, [key], version)
        return False

    def delete_many(self, keys, version=None):
        if not outage.down:
            try:
                return super().delete_many(keys, version)
            except CACHE_ERRORS as error:
                outage.failed(error)
        outage.wrote(self, keys, version)

    def incr(self, key, delta=1, version=None):
        if not outage.down:
            try:
                return super().incr(key, delta, version)
            except CACHE_ERRORS as error:
                outage.failed(error)
        raise ValueError(f"Key '{key}' not found: the shared cache is unreachable.")

    def clear(self):
        if not outage.down:
            try:
                return super().clear()
            except CACHE_ERRORS as error:
                outage.failed(error)
        return False
