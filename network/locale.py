"""Which language a request is served in."""

from django.middleware import locale
from django.urls import LocalePrefixPattern, Resolver404, resolve
from django.utils import translation


class LocaleMiddleware(locale.LocaleMiddleware):
    """Public pages take their language from the URL: Spanish at the root, the others under a prefix.

    Django also gives every path outside `i18n_patterns` (the admin, the API) the default language
    when the default has no prefix. Those paths keep following the browser instead, as Wagtail's
    admin expects for users who have not chosen a language in their account.
    """

    def process_request(self, request):
        super().process_request(request)
        if not _is_public_page(request.path_info):
            translation.activate(translation.get_language_from_request(request))
            request.LANGUAGE_CODE = translation.get_language()


def _is_public_page(path):
    try:
        match = resolve(path)
    except Resolver404:
        return True
    return not match.tried or isinstance(match.tried[-1][0].pattern, LocalePrefixPattern)
