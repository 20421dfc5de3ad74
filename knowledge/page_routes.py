"""The library pages' routes: the listing, the feed, an item's context and citation files are computed by
modules that import the models (network/page_routes.py); knowledge.apps registers them."""

from network.page_routes import PageRoutes

routes = PageRoutes()
register = routes.register
handle = routes.handle
