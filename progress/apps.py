from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "progress"
    verbose_name = _("Progress reports")

    def ready(self):
        from cities import page_context
        from cities.models import CityPage

        from .results import city_progress

        page_context.register(CityPage, city_progress)
