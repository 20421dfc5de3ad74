"""/healthz for load balancers: 200 when the database and the cache answer, 503 naming what failed.

Answered before any other middleware, so that it works with the balancer's own Host header and
over plain HTTP.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse

logger = logging.getLogger(__name__)
HEALTH_PATH = "/healthz"


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    key, value = "healthz", uuid.uuid4().hex
    cache.set(key, value, 10)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not return what was stored")


CHECKS = {"database": check_database, "cache": check_cache}


def health_report():
    failures = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # any failure of a dependency makes the instance unhealthy
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
        body = {"status": "ok" if not failures else "unavailable", "failing": failures}
        response = JsonResponse(body, status=503 if failures else 200)
        response["Cache-Control"] = "no-store"
        return response
