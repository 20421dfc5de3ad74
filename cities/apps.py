from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitiesConfig(AppConfig):
    name = "cities"
    verbose_name = _("Learning Cities")

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import page_context, signals
        from .directory import directory_context
        from .models import CityIndexPage, CityPage
        from .nearby import nearby_context
        from .ordering import register_sqlite_collations
        from .profile import profile_context

        signals.connect()
        page_context.register(CityIndexPage, directory_context)
        page_context.register(CityPage, nearby_context)
        page_context.register(CityPage, profile_context)
        connection_created.connect(register_sqlite_collations, dispatch_uid="cities-collations")
