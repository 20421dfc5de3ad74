"""Cheap reads of the shared cache for every request, and a per-process copy of versioned entries.

Django's Redis backend builds a new `redis.Redis` client for every operation, which with redis-py 8
costs more than the round trip itself. `get_shared()` keeps one client per thread for the reads a
request cannot skip (the published-content version); everything else goes through `cache` as usual.
"""

import threading
from collections import OrderedDict

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.redis import RedisCache, RedisSerializer

_serializer = RedisSerializer()


def get_shared(key):
    """`cache.get(key)`, with a client kept for the thread (the cache backend is per thread too)."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    if not isinstance(backend, RedisCache):
        return backend.get(key)
    client = getattr(backend, "kept_client", None)
    if client is None:
        client = backend.kept_client = backend._cache.get_client()
    value = client.get(backend.make_and_validate_key(key))
    return None if value is None else _serializer.loads(value)


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
        with self.lock:
            self._switch_to(version)
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
                return entry[0]
            return None

    def set(self, version, key, value, size):
        if size > self.max_bytes:
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
