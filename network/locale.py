"""Which language a request is served in: decided here only, for LocaleMiddleware and the page cache."""

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.middleware import locale
from django.urls import LocalePrefixPattern, Resolver404, resolve
from django.utils import translation


def request_language(request, public_page=None):
    """The language of the response to this request.

    Public pages take it from the URL: Spanish at the root, the others under a prefix. Every other path
    (the admin, the API) follows the browser, as Wagtail's admin expects for users who have not chosen
    a language in their account; Django alone would give those the default language when the default
    has no prefix. `public_page` saves resolving the path when the caller already knows.
    """
    if public_page is None:
        public_page = _is_public_page(request.path_info)
    if not public_page:
        return translation.get_language_from_request(request)
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    i18n_patterns_used, prefixed_default_language = is_language_prefix_patterns_used(urlconf)
    if (
        i18n_patterns_used
        and not prefixed_default_language
        and not translation.get_language_from_path(request.path_info)
    ):
        return settings.LANGUAGE_CODE
    return translation.get_language_from_request(request, check_path=i18n_patterns_used)


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's, with the language chosen by `request_language` (its response handling is kept)."""

    def process_request(self, request):
        translation.activate(request_language(request))
        request.LANGUAGE_CODE = translation.get_language()


def _is_public_page(path):
    try:
        match = resolve(path)
    except Resolver404:
        return True
    return not match.tried or isinstance(match.tried[-1][0].pattern, LocalePrefixPattern)
