"""/es/…: Spanish, the default language, is served without a prefix (network/urls.py), so an address
written with one (as /en/… and /pt-br/… exist) leads to the same address without it.

Only the public pages, those served per language, are led there: /es/admin/ and the other site-wide
paths stay 404. A path that would start with a second slash, a backslash or a control character is
refused, so that nothing under /es/ leads off the site (`/es//evil.example/` is not `//evil.example/`).
"""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.urls import LocalePrefixPattern, Resolver404, resolve
from django.utils import translation
from django.utils.encoding import escape_uri_path
from django.utils.http import url_has_allowed_host_and_scheme


def served_per_language(path):
    """True unless `path` is one of the site-wide URLs (admin, documents, API…) outside i18n_patterns."""
    with translation.override(settings.LANGUAGE_CODE):
        try:
            match = resolve(path)
        except Resolver404:
            return True
    return not match.tried or isinstance(match.tried[-1][0].pattern, LocalePrefixPattern)


def without_default_prefix(request, rest=""):
    rest = rest or ""
    if rest[:1] in ("/", "\\") or any(ord(character) < 32 or ord(character) == 127 for character in rest):
        raise Http404
    path = "/" + rest
    if not served_per_language(path):
        raise Http404
    target = escape_uri_path(path)
    if request.META.get("QUERY_STRING"):
        target += "?" + request.META["QUERY_STRING"]
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        raise Http404
    # Temporary: the language prefixes are a setting (prefix_default_language); a browser would keep a
    # permanent redirect for ever, and loop if Spanish ever got its prefix back.
    return HttpResponseRedirect(target)
