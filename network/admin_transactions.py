"""Every admin form submission is saved all or nothing.

Wagtail's page editor saves a revision, then publishes the page, its language copies and its log entry
in separate steps: a worker killed in between (a deployment, the out-of-memory killer) left a page live
in Spanish with its copies unchanged. Wrapped in one transaction, a request that dies changes nothing,
and sending the form again completes it. A view that fails (an answer of 500 or more: Django turns
its exception into that answer before this middleware sees it) changes nothing either. Reading
requests and the public site are not wrapped.
"""

from django.db import transaction
from django.urls import reverse

READING_METHODS = {"GET", "HEAD", "OPTIONS"}


class AtomicAdminWritesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in READING_METHODS or not request.path.startswith(reverse("wagtailadmin_home")):
            return self.get_response(request)
        with transaction.atomic():
            response = self.get_response(request)
            if response.status_code >= 500:
                transaction.set_rollback(True)
            return response
