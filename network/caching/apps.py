from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CachingConfig(AppConfig):
    name = "network.caching"
    label = "caching"
    verbose_name = _("Caching")

    def ready(self):
        from .invalidation import connect

        connect()
