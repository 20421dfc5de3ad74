"""/healthz for load balancers: is this instance able to serve?

- 200 {"status": "ok"}: the database and the cache answer.
- 200 {"status": "degraded", "failing": {"cache": "…"}}: the shared cache does not answer; the site
  serves without it, slower (network/caching/outage.py). Taking the instance out would not help: every
  instance shares that cache.
- 503 {"status": "down", "failing": {"database": "…", …}}: the database does not answer; only the last
  good copies of public pages can be served (network/database_outage.py). A load balancer acts on this.

Answered before any other middleware, so that it works with the balancer's own Host header and
over plain HTTP.
"""

import logging

from django.db import connection
from django.http import JsonResponse

from network.caching.outage import check_cache

logger = logging.getLogger(__name__)
HEALTH_PATH = "/healthz"


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


CHECKS = {"database": check_database, "cache": check_cache}
# Without these the instance cannot serve: 503. Any other failing part leaves it degraded: 200.
REQUIRED = {"database"}


def health_report():
    failures = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # any failure of a dependency is reported, whatever it is
            logger.warning("Health check %s failed: %s", name, error)
            failures[name] = str(error) or error.__class__.__name__
    return failures


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.rstrip("/") != HEALTH_PATH:
            return self.get_response(request)
        failures = health_report()
        if REQUIRED & set(failures):
            status, code = "down", 503
        else:
            status, code = ("degraded" if failures else "ok"), 200
        response = JsonResponse({"status": status, "failing": failures}, status=code)
        response["Cache-Control"] = "no-store"
        return response
