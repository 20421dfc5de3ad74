"""Whole responses for anonymous visitors (public pages, the sitemap and the GeoJSON), answered before the
rest of the middleware.

The middleware sits right after SecurityMiddleware (and whitenoise in production), so that a warm answer
costs one GET of the published-content version from the shared cache and a lookup in this process's
memory. Entries are keyed on that version (changed whenever a page is published, unpublished, moved or
deleted, or a theme changes), the language, the host and the full path, so every app process serves
fresh responses on the next request after a change.

- Public pages and the sitemap are kept in the shared cache, so that a page one process rendered is served
  by all, and copied into the process's memory. The GeoJSON view keeps its data in the shared cache
  itself; its finished responses are kept in memory only.
- Only requests without a session or messages cookie are answered from the cache or stored: signed-in
  editors, and visitors who unlocked a page with a password, get their own page.
- Responses that carry a form token, set a cookie, are private, or whose Content Security Policy has a
  nonce (an inline script would need it) are never stored.
- The headers the inner middleware added (Content-Security-Policy, X-Frame-Options, Vary,
  Content-Language) are stored with the response and sent again; SecurityMiddleware's headers are added
  to every answer on its way out.
- Responses are kept per encoding as GZipMiddleware (right after this one) made them: compressed for
  clients that accept gzip, plain for the others, each client answered only with its own kind.

Response headers (the fault tests and the README rely on these names and values):

- `X-Page-Cache` on public pages and the sitemap: `hit` (answered from the cache), `miss` (made now and
  stored), `bypass` (made now, nothing stored: the shared cache is unreachable,
  network/caching/outage.py). The GeoJSON carries none.
- Stale-if-error: every response stored is also kept, for the same time, under a key without the content
  version: the URL's *last good copy*. When the database cannot be reached, an anonymous visitor's request
  for a public page or the GeoJSON is answered with it (network/database_outage.py), with
  `X-Stale-If-Error: 1`, `Warning: 110 - "Response is stale"` and `Cache-Control: max-age=10`; such a
  response is never stored as a fresh one. Without a copy, or for anyone signed in, the answer is the
  503 page with `Retry-After`.
"""

import functools
import hashlib

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import FileResponse, HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from network.locale import request_language

from .shared import VersionedFiles, VersionedMemo
from .versions import PUBLISHED_CONTENT

CACHE_SECONDS = 60 * 60 * 24
EXCLUDED_PREFIXES = ("/admin/", "/documents/", "/api/", "/i18n/", "/healthz", "/static/", "/media/")
MAX_CACHED_PATH = 300
# Headers the inner middleware and the view add, sent again with a stored response.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Encoding",
    "Content-Language",
    "Content-Security-Policy",
    "X-Frame-Options",
    "Vary",
    "Cache-Control",
    "ETag",
    "Last-Modified",
    "X-Robots-Tag",
)
CONTENT_HEADERS = ("Content-Type", "Content-Length")
PAGE, SITEMAP, GEOJSON = "page", "sitemap", "geojson"
# Kinds kept in the shared cache too (the GeoJSON view keeps its own data there).
SHARED_KINDS = (PAGE, SITEMAP)
PAGE_CACHE_HEADER = "X-Page-Cache"
STALE_HEADER = "X-Stale-If-Error"
STALE_HEADERS = {STALE_HEADER: "1", "Warning": '110 - "Response is stale"', "Cache-Control": "max-age=10"}
STORED_TYPES = {PAGE: "text/html", SITEMAP: "application/xml", GEOJSON: "application/geo+json"}
MEMO_BYTES = 32 * 1024 * 1024

memo = VersionedMemo(MEMO_BYTES)
# Large bodies (the whole network's map data, the sitemap of a large network) are sent from a file, with
# sendfile.
FILE_BYTES = 256 * 1024
FILE_KINDS = (SITEMAP, GEOJSON)
body_files = VersionedFiles(max_files=8)


def every_language():
    """The Content-Language of a response written for readers of all the site's languages: the sitemap
    lists the pages of each, whatever language the crawler prefers."""
    return ",".join(code for code, _name in settings.LANGUAGES)


def response_language(kind, request):
    """The language LocaleMiddleware, further in, will activate for this request (the GeoJSON is outside
    the public pages' URL patterns), or every language for the sitemap: one copy for every crawler. A
    response is stored only if it names the same (`storable`)."""
    if kind == SITEMAP:
        return every_language()
    return request_language(request, public_page=kind == PAGE)


def response_encoding(request):
    """ "gzip" when the client takes gzip (GZipMiddleware, further in, then compresses), else "identity"."""
    return "gzip" if re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) else "identity"


def response_key(kind, version, language, request):
    """One entry per URL, language and encoding: a compressed copy never reaches a client that did not
    ask for one."""
    identity = f"{request.get_host()}|{request.get_full_path()}"
    digest = hashlib.sha256(identity.encode()).hexdigest()[:40]
    return f"public-{kind}:{version}:{language}:{response_encoding(request)}:{digest}"


def last_good_key(kind, language, request):
    """The key of the URL's last good copy: the same for every content version."""
    return response_key(kind, "last-good", language, request)


@functools.cache
def geojson_path():
    return reverse("cities_geojson")


@functools.cache
def sitemap_path():
    return reverse("sitemap")


def response_kind(request):
    """PAGE, SITEMAP or GEOJSON for a request the cache may answer (an anonymous visitor's GET), else None."""
    if request.method not in ("GET", "HEAD"):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return None
    if len(request.get_full_path()) > MAX_CACHED_PATH:
        return None
    if request.path == geojson_path():
        return GEOJSON
    if request.path == sitemap_path():
        return SITEMAP
    if request.path.startswith(EXCLUDED_PREFIXES):
        return None
    return PAGE


def storable(kind, language, request, response):
    user = getattr(request, "user", None)
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith(STORED_TYPES[kind])
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_USED")
        and "private" not in response.get("Cache-Control", "")
        and "'nonce-" not in response.get("Content-Security-Policy", "")
        and (user is None or not user.is_authenticated)
        and response.get("Content-Language") == language
        and STALE_HEADER not in response
    )


def stored_response(request, entry, body_file=None):
    content, headers = entry
    if "ETag" in headers or "Last-Modified" in headers:
        conditional = get_conditional_response(
            request,
            etag=headers.get("ETag"),
            last_modified=parse_http_date_safe(headers.get("Last-Modified", "")),
        )
        if conditional is not None:
            for name, value in headers.items():
                if name not in CONTENT_HEADERS:
                    conditional.headers.setdefault(name, value)
            return conditional
    if body_file is None:
        return HttpResponse(content, headers=headers)
    response = FileResponse(open(body_file, "rb"))  # noqa: SIM115 (the response closes it)
    del response["Content-Disposition"]
    for name, value in headers.items():
        response[name] = value
    return response


def stale_response(request):
    """The last good copy of this URL, marked stale, for an anonymous visitor's request; else None."""
    kind = response_kind(request)
    if kind is None:
        return None
    entry = cache.get(last_good_key(kind, response_language(kind, request), request))
    if entry is None:
        return None
    response = stored_response(request, entry)
    for name, value in STALE_HEADERS.items():
        response[name] = value
    return response


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        kind = response_kind(request)
        if kind is None:
            return self.get_response(request)
        version = PUBLISHED_CONTENT.current()
        if version is None:  # The shared cache is unreachable: nothing is read or stored.
            response = self.get_response(request)
            if kind in SHARED_KINDS:
                response[PAGE_CACHE_HEADER] = "bypass"
            return response
        language = response_language(kind, request)
        key = response_key(kind, version, language, request)
        entry = memo.get(version, key)
        if entry is None and kind in SHARED_KINDS:
            entry = cache.get(key)
            if entry is not None:
                memo.set(version, key, entry, len(entry[0]))
        if entry is not None:
            body_file = None
            if kind in FILE_KINDS and len(entry[0]) >= FILE_BYTES:
                body_file = body_files.path(version, key, entry[0])
            response = stored_response(request, entry, body_file)
            if kind in SHARED_KINDS:
                response[PAGE_CACHE_HEADER] = "hit"
            return response

        response = self.get_response(request)
        if storable(kind, language, request, response):
            entry = (response.content, {name: response[name] for name in KEPT_HEADERS if name in response})
            memo.set(version, key, entry, len(entry[0]))
            last_good = last_good_key(kind, language, request)
            if kind in SHARED_KINDS:
                # One round trip for both.
                cache.set_many({key: entry, last_good: entry}, CACHE_SECONDS)
                response[PAGE_CACHE_HEADER] = "miss"
            else:
                cache.set(last_good, entry, CACHE_SECONDS)
        return response
