"""Content Security Policy helpers.

django-csp adds a fresh nonce to each response. Wagtail's admin renders a few inline scripts from
templates that have no request in their context (form widgets, inline panels); our overrides of
those templates take the nonce from here, set per request by NonceContextMiddleware.
"""

from contextvars import ContextVar
from functools import wraps

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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


def nonce_chooser_widgets():
    """Wagtail's chooser widgets write their inline script in Python: give it the nonce too.

    Listed in docs/upgrading.md; tests/test_security_headers.py fails once Wagtail stops writing it.
    """
    from wagtail.admin.widgets.chooser import BaseChooser

    if getattr(BaseChooser.render, "adds_csp_nonce", False):
        return
    render = BaseChooser.render

    @wraps(render)
    def render_with_nonce(self, name, value, attrs=None, renderer=None):
        html = render(self, name, value, attrs=attrs, renderer=renderer)
        nonce = current_nonce.get()
        if nonce is None:
            return html
        return mark_safe(html.replace("<script>", format_html('<script nonce="{}">', nonce), 1))

    render_with_nonce.adds_csp_nonce = True
    BaseChooser.render = render_with_nonce


@register.simple_tag
def csp_nonce_attribute():
    """` nonce="…"` for an inline script, or nothing outside a request."""
    nonce = current_nonce.get()
    return format_html(' nonce="{}"', nonce) if nonce is not None else ""
