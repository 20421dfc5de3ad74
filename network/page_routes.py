"""What a feature's page routes do, registered by the services that do it.

A page model's routes (RoutablePageMixin) are answered by modules that import the models (listings,
feeds, forms), so the models cannot import them: each app keeps one `PageRoutes` that its AppConfig
fills in `ready()` and its models ask.
"""


class PageRoutes:
    def __init__(self):
        self.handlers = {}

    def register(self, name, handler):
        """`handler(page, request)` returns the response (or, for "context", the variables) of `name`."""
        self.handlers[name] = handler

    def handle(self, name, page, request):
        return self.handlers[name](page, request)
