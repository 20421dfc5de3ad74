"""A deletion in the admin that other records forbid (on_delete=PROTECT or RESTRICT) is refused with a
message, not a server error.

Apps check what they can foresee and say it in their own words (progress/admin_deletion.py, for
instance); this catches the rest, whatever view raised it, Wagtail's and packages' included: deleting a
city's focal-point group or its media collection, say. Django raises before it deletes anything; the
request's transaction (network/admin_transactions.py) is rolled back all the same, and the user goes
back to the page they came from with the names of the kinds of records in the way.
"""

from django.contrib.messages import add_message, get_messages
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.admin import messages

from network.admin_language import in_admin


class ProtectedDeletionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if in_admin(request):
            # Messages waiting from earlier requests (counting them does not mark them shown).
            request.messages_before_view = len(get_messages(request))
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, ProtectedError | RestrictedError):
            return None
        if not in_admin(request):
            return None
        if transaction.get_connection().in_atomic_block:
            transaction.set_rollback(True)
        # What the view said before it failed ("… deleted") is untrue; what earlier requests left is kept.
        waiting = list(get_messages(request))[: getattr(request, "messages_before_view", 0)]
        for message in waiting:
            add_message(request, message.level, message.message, extra_tags=message.extra_tags)
        blocking = (
            exception.protected_objects
            if isinstance(exception, ProtectedError)
            else exception.restricted_objects
        )
        # In the account's language, still active after Wagtail's view (network/admin_language.py).
        kinds = sorted({str(capfirst(record._meta.verbose_name_plural)) for record in blocking})
        messages.error(
            request,
            _("Other records still use this (%(records)s): nothing was deleted.")
            % {"records": ", ".join(kinds)},
        )
        return HttpResponseRedirect(back_url(request))


def back_url(request):
    """The page the request came from, when it is one of this site's, else the dashboard."""
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()):
        return referer
    return reverse("wagtailadmin_home")
