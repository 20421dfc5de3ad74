"""Whole-page cache of public pages for anonymous visitors, in the shared cache.

Cached pages are keyed on the published-content version (bumped whenever a page is published,
unpublished, moved or deleted, or a theme changes), so every app process serves fresh pages on
the next request after a change. Pages that carry a CSRF token or set a cookie are never cached.
"""

import hashlib

from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation

from cities.map_data import map_data_version

CACHE_SECONDS = 60 * 60 * 24
EXCLUDED_PREFIXES = ("/admin/", "/documents/", "/api/", "/i18n/", "/healthz", "/static/", "/media/")
MAX_CACHED_PATH = 300
KEPT_HEADERS = ("Content-Type", "Content-Language")


def cacheable_request(request):
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and not request.path.startswith(EXCLUDED_PREFIXES)
        and len(request.get_full_path()) <= MAX_CACHED_PATH
    )


def cacheable_response(request, response):
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_USED")
        and "private" not in response.get("Cache-Control", "")
    )


def page_key(request):
    identity = f"{request.get_host()}|{request.get_full_path()}"
    digest = hashlib.sha256(identity.encode()).hexdigest()[:40]
    return f"public-page:{map_data_version()}:{translation.get_language()}:{digest}"


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not cacheable_request(request):
            return self.get_response(request)
        key = page_key(request)
        cached = cache.get(key)
        if cached is not None:
            content, headers = cached
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if cacheable_response(request, response):
            headers = {name: response[name] for name in KEPT_HEADERS if name in response}
            cache.set(key, (response.content, headers), CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response
