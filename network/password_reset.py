"""Password-reset requests throttled per client address and per e-mail address.

Wagtail's form sends a reset link whenever asked: anyone could flood a person's inbox, or send requests
by the thousand. Beyond ACCOUNT_RECOVERY_LIMIT_PER_EMAIL requests for one e-mail address, or
ACCOUNT_RECOVERY_LIMIT_PER_ADDRESS from one client address, within ACCOUNT_RECOVERY_LIMIT_PERIOD, this form
(the base of WAGTAILADMIN_USER_PASSWORD_RESET_FORM, cities/invitation_recovery.py) sends nothing.
Wagtail's "Check your email" page follows as always: requests count whether or not an account exists, and
the answer never changes, so it tells neither whether an account exists nor whether a limit was reached.
The counts live in the shared cache; the client address is the one sign-in throttling uses (axes,
TRUSTED_PROXY_COUNT).

While the shared cache is unreachable each app process counts on its own (network/request_counts.py):
links are still sent, within the limits times the number of processes at most. The answer stays the same.
"""

import logging

from axes.helpers import get_client_ip_address
from django.conf import settings
from wagtail.admin.forms.auth import PasswordResetForm

from network.request_counts import count_request

logger = logging.getLogger(__name__)


def reset_allowed(request, email):
    """Count the request, for the e-mail address and for the client address, whatever the answer."""
    address = get_client_ip_address(request)
    period = settings.ACCOUNT_RECOVERY_LIMIT_PERIOD.total_seconds()
    for_email = count_request("password-reset", "email", email.strip().casefold(), period)
    for_address = 0 if address is None else count_request("password-reset", "address", address, period)
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
