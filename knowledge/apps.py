from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "knowledge"
    verbose_name = _("Resource library")

    def ready(self):
        from . import citations, feeds, listing, page_routes

        page_routes.register("index", listing.index_response)
        page_routes.register("feed", feeds.feed_response)
        page_routes.register("context", listing.item_context)
        page_routes.register("ris", citations.ris_response)
        page_routes.register("bibtex", citations.bibtex_response)
