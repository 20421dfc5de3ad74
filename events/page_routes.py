"""The event pages' routes: the listing, the calendar files, the registration form and an event's cities
are computed by modules that import the models (network/page_routes.py); events.apps registers them."""

from network.page_routes import PageRoutes

routes = PageRoutes()
register = routes.register
handle = routes.handle
