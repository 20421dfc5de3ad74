"""What the event pages' routes do, registered by the services that do it (events.apps).

The listing, the calendar files, the registration form and an event's cities are computed by modules
that import the models, so the models cannot import them: the pages' routes look them up here, as
cities.page_context does for city pages.
"""

_handlers = {}


def register(name, handler):
    """`handler(page, request)` returns the response (or, for "context", the variables) of `name`."""
    _handlers[name] = handler


def handle(name, page, request):
    return _handlers[name](page, request)
