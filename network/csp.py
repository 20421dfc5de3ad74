"""Content Security Policy helpers.

django-csp adds a fresh nonce to each response. Wagtail's admin renders a few inline scripts from
templates that have no request in their context (form widgets, inline panels); our overrides of
those templates take the nonce from here, set per request by NonceContextMiddleware.
"""

from contextvars import ContextVar

from django import template
from django.utils.html import format_html

current_nonce = ContextVar("current_csp_nonce", default=None)
register = template.Library()


class NonceContextMiddleware:
    """Make the request's CSP nonce available to templates rendered without the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_nonce.set(getattr(request, "csp_nonce", None))
        try:
            return self.get_response(request)
        finally:
            current_nonce.reset(token)


@register.simple_tag
def csp_nonce_attribute():
    """` nonce="…"` for an inline script, or nothing outside a request."""
    nonce = current_nonce.get()
    return format_html(' nonce="{}"', nonce) if nonce is not None else ""
