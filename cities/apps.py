from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitiesConfig(AppConfig):
    name = "cities"
    verbose_name = _("Learning Cities")

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import signals
        from .ordering import register_sqlite_collations

        signals.connect()
        connection_created.connect(register_sqlite_collations, dispatch_uid="cities-collations")
