"""Requests counted per period in the shared cache, for the limits on password resets and registrations.

While the shared cache is unreachable (network/caching/outage.py) each app process counts on its own:
the limits then hold per process, times the number of processes at most. Refusing every request would
lock people out because of a cache outage; not counting at all would let anyone flood an inbox while it
lasts. A warning is logged now and then.
"""

import logging

from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.utils.crypto import salted_hmac

from network.caching.outage import cache_unreachable
from network.throttled_log import ThrottledLog

logger = logging.getLogger(__name__)
fallback_log = ThrottledLog(logger)
# This process's counts while the shared cache is unreachable, bounded.
local_counts = LocMemCache("request-counts", {"OPTIONS": {"MAX_ENTRIES": 10_000}})


def count_request(name, scope, value, period_seconds):
    """One more request of kind `name` for `value` in the current period; returns how many so far. The
    period starts with the first request. Values are kept as keyed hashes, never in clear."""
    key = f"{name}:{scope}:{salted_hmac(name, value).hexdigest()}"
    count = _count(cache, key, period_seconds)
    if cache_unreachable():
        fallback_log.warning(
            "The shared cache is unreachable: %s requests are counted in this process.", name
        )
        count = _count(local_counts, key, period_seconds)
    return count


def _count(store, key, timeout):
    store.add(key, 0, timeout)
    try:
        return store.incr(key)
    except ValueError:  # The period ended between the two calls (or the cache is unreachable).
        store.set(key, 1, timeout)
        return 1
