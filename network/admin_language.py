"""The admin speaks the language of the staff member's account for the whole request, as Wagtail's views do.

Wagtail switches to the account's language (and time zone) inside each of its views only. What is drawn
outside them spoke the browser's language: Wagtail's own "Error 404" page, which it draws once a view has
raised (a record deleted meanwhile, a mistyped address), and the answers of our middleware
(network/next_addresses.py, network/protected_deletion.py).
"""

from django.urls import reverse
from django.utils import translation


def in_admin(request):
    return request.path.startswith(reverse("wagtailadmin_home"))


class AccountLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if in_admin(request) and request.user.is_authenticated:
            # The profile Wagtail reads next, kept on the same user object: no query of its own. Without one
            # (no language chosen yet), Wagtail keeps the browser's language, and so does this.
            profile = getattr(request.user, "wagtail_userprofile", None)
            if profile is not None:
                translation.activate(profile.get_preferred_language())
                request.LANGUAGE_CODE = translation.get_language()
