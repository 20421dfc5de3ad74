from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "practices"
    verbose_name = _("Good practices")

    def ready(self):
        from cities import page_context
        from cities.models import CityPage

        from . import activity, listing, moves, withdrawn_cities
        from .models import routes

        activity.connect()
        moves.connect()
        withdrawn_cities.connect()
        routes.register("index", listing.index_response)
        routes.register("context", listing.practice_context)
        page_context.register(CityPage, listing.city_practices)
