from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from . import calendar, listing, page_routes, registration_views
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()

        page_routes.register("index", listing.index_response)
        page_routes.register("feed", calendar.feed_response)
        page_routes.register("ics", calendar.event_response)
        page_routes.register("register", registration_views.register)
        page_routes.register("context", registration_views.event_page_context)
