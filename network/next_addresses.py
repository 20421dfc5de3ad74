"""A `next` address (where an admin form goes once it is sent) that Django's `redirect` cannot follow is
refused with HTTP 400 and a reason, before any view runs.

Wagtail keeps a `next` that is relative and of this site, then answers with `redirect`, which takes a value
with neither "/" nor "." ("abc") for a URL pattern's name and raises when no pattern has it, once the form
is saved: a server error, and the save rolled back (network/admin_transactions.py). Wagtail never writes
such a `next`; only a crafted address has one. Every other value goes on to Wagtail, which ignores an
address of another site. Outside the admin, the views that read a `next` (Django's sign-in and language
views) check it themselves.
"""

from django.http import HttpResponseBadRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from network.admin_language import in_admin


def can_be_followed(value):
    """Whether `redirect(value)` leads somewhere: an address (it has "/" or "."), or a URL pattern's name."""
    if "/" in value or "." in value:
        return True
    try:
        reverse(value)
    except NoReverseMatch:
        return False
    return True


class NextAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Signed out, the admin only signs people in (Django's view, which checks `next` itself).
        if not (in_admin(request) and request.user.is_authenticated):
            return None
        given = (request.POST.get("next") if request.method == "POST" else None) or request.GET.get("next")
        if not given or can_be_followed(given):
            return None
        # In the account's language (network/admin_language.py).
        reason = _(
            "The address to go to once the form is sent (“next”) must be a page of this site, "
            "beginning with “/”. Go back and open the form again from its listing."
        )
        return HttpResponseBadRequest(reason, content_type="text/plain; charset=utf-8")
