"""Password-reset requests throttled per client address and per e-mail address.

Wagtail's form sends a reset link whenever asked: anyone could flood a person's inbox, or send requests
by the thousand. Beyond ACCOUNT_RECOVERY_LIMIT_PER_EMAIL requests for one e-mail address, or
ACCOUNT_RECOVERY_LIMIT_PER_ADDRESS from one client address, within ACCOUNT_RECOVERY_LIMIT_PERIOD, this form
(WAGTAILADMIN_USER_PASSWORD_RESET_FORM) sends nothing. Wagtail's "Check your email" page follows as
always: requests count whether or not an account exists, and the answer never changes, so it tells
neither whether an account exists nor whether a limit was reached. The counts live in the shared cache;
the client address is the one sign-in throttling uses (axes, TRUSTED_PROXY_COUNT).

While the shared cache is unreachable (network/caching/outage.py) each app process counts on its own:
links are still sent, within the limits times the number of processes at most. Refusing every reset
would lock people out of their accounts because of a cache outage; not counting at all would let anyone
flood an inbox while it lasts. The answer stays the same, and a warning is logged now and then.
"""

import logging

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.utils.crypto import salted_hmac
from wagtail.admin.forms.auth import PasswordResetForm

from network.caching.outage import cache_unreachable
from network.throttled_log import ThrottledLog

logger = logging.getLogger(__name__)
fallback_log = ThrottledLog(logger)
# This process's counts while the shared cache is unreachable, bounded.
local_counts = LocMemCache("password-reset-counts", {"OPTIONS": {"MAX_ENTRIES": 10_000}})


def count_request(scope, value):
    """One more request for `value` in the current period; returns how many so far. The period starts
    with the first request."""
    key = f"password-reset:{scope}:{salted_hmac('password-reset', value).hexdigest()}"
    timeout = settings.ACCOUNT_RECOVERY_LIMIT_PERIOD.total_seconds()
    count = _count(cache, key, timeout)
    if cache_unreachable():
        fallback_log.warning("The shared cache is unreachable: reset requests are counted in this process.")
        count = _count(local_counts, key, timeout)
    return count


def _count(store, key, timeout):
    store.add(key, 0, timeout)
    try:
        return store.incr(key)
    except ValueError:  # The period ended between the two calls (or the cache is unreachable).
        store.set(key, 1, timeout)
        return 1


def reset_allowed(request, email):
    """Count the request, for the e-mail address and for the client address, whatever the answer."""
    address = get_client_ip_address(request)
    for_email = count_request("email", email.strip().casefold())
    for_address = 0 if address is None else count_request("address", address)
    allowed = (
        for_email <= settings.ACCOUNT_RECOVERY_LIMIT_PER_EMAIL
        and for_address <= settings.ACCOUNT_RECOVERY_LIMIT_PER_ADDRESS
    )
    if not allowed:
        logger.warning("Password reset link not sent: too many requests (client address %s).", address)
    return allowed


class ThrottledPasswordResetForm(PasswordResetForm):
    def save(self, *args, request=None, **kwargs):
        if request is not None and not reset_allowed(request, self.cleaned_data["email"]):
            return
        super().save(*args, request=request, **kwargs)
