"""Sign-in throttling per client address as well as per account and address (django-axes).

Axes compares a single limit with the failures of the most-failed parameter combination, so it cannot
lock an account and address after AXES_FAILURE_LIMIT failures and an address alone after a higher
number. One password tried against many accounts from one address then never locks anything. This
handler (AXES_HANDLER) keeps axes' per account and address count and adds the failures of the address,
whatever the account, read from axes' own records (AccessAttempt, within the cool-off time): once they
reach SIGN_IN_ADDRESS_FAILURE_LIMIT the address counts as locked, and axes refuses it with its usual
lockout page (AXES_LOCKOUT_TEMPLATE).
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class AddressThrottlingHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None):
        failures = super().get_failures(request, credentials)
        if self.address_failures(request) >= settings.SIGN_IN_ADDRESS_FAILURE_LIMIT:
            # What axes compares with its limit: report the address's lock as the account's.
            return max(failures, get_failure_limit(request, credentials))
        return failures

    def address_failures(self, request):
        address = request.axes_ip_address
        if address is None:
            return 0
        attempts = AccessAttempt.objects.filter(ip_address=address)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        return attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0
