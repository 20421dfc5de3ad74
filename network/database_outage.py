"""PostgreSQL restarted or briefly unreachable: an answer that says so, never a traceback.

A request that fails because the database cannot be reached (OperationalError, InterfaceError: refused,
reset or closed connections, a server shutting down or starting) is answered with

- for an anonymous visitor's request for a public page or the GeoJSON, the last good copy of that URL
  when one was kept (stale-if-error: network/caching/public_responses.py names its headers);
- otherwise HTTP 503 with Retry-After: a short page (templates/503.html, rendered without the database
  and without the context processors, which may use it) in the request's language, or JSON for the API.

`DatabaseOutageMiddleware` answers for errors raised by a view; `server_error` (handler500) for those
raised by a middleware (a session or a user loaded for the admin). Other errors keep Django's 500 page.
The outage is logged as a warning at most once a minute, without a traceback.

Django drops a connection that failed (at the end of the request) and, with CONN_HEALTH_CHECKS (settings),
checks a persistent connection before reusing it: when PostgreSQL returns, every process reconnects by
itself on its next request.
"""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import defaults

from network.caching.public_responses import stale_response
from network.throttled_log import ThrottledLog

logger = logging.getLogger(__name__)
log = ThrottledLog(logger)
UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 10


def database_unreachable(error):
    return isinstance(error, UNAVAILABLE_ERRORS)


def unavailable_response(request, error):
    """The last good copy for an anonymous visitor, else the 503 answer."""
    response = stale_response(request)
    answer = "a stale copy" if response is not None else "503"
    log.warning("The database is unreachable (%s): answering %s for %s.", error, answer, request.path)
    if response is None:
        message = _("The site is briefly unavailable: try again in a moment.")
        if request.path.startswith("/api/"):
            response = JsonResponse({"error": message}, status=503, json_dumps_params={"ensure_ascii": False})
        else:
            context = {"language": translation.get_language(), "site_name": settings.WAGTAIL_SITE_NAME}
            response = HttpResponse(render_to_string("503.html", context), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
    # Logged above, once in a while: not once more per request by Django.
    response._has_been_logged = True
    return response


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if database_unreachable(exception):
            return unavailable_response(request, exception)
        return None


def server_error(request):
    """handler500: the database's being unreachable gets its own answer; anything else Django's 500 page."""
    error = sys.exc_info()[1]
    if database_unreachable(error):
        return unavailable_response(request, error)
    return defaults.server_error(request)
