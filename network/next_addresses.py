"""A `next` address (where a form goes once it is sent) that is neither a path nor a web address is
refused with HTTP 400 and a reason, before any view runs.

Wagtail keeps a `next` that is relative and of this site, then answers with Django's `redirect`, which
takes a bare word ("abc") for a URL name and raises once the form is saved: a server error, and the save
rolled back (network/admin_transactions.py). Wagtail never writes such a `next`; only a crafted address
has one. An address of another site is Wagtail's to ignore, as it does.
"""

from django.http import HttpResponseBadRequest
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.users.models import UserProfile


def is_address(value):
    return not value or value.startswith(("/", "http://", "https://"))


class NextAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        given = (request.POST.get("next") if request.method == "POST" else None) or request.GET.get("next")
        if is_address(given or ""):
            return None
        language = translation.get_language()
        if request.user.is_authenticated:
            language = UserProfile.get_for_user(request.user).get_preferred_language()
        with translation.override(language):
            reason = _(
                "The address to go to once the form is sent (“next”) must be a page of this site, "
                "beginning with “/”. Go back and open the form again from its listing."
            )
        return HttpResponseBadRequest(reason, content_type="text/plain; charset=utf-8")
