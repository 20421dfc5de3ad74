from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .models import Theme


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Themes")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "slug"]
    search_fields = ["name"]
    search_backend_name = None
    list_export = ["name", "slug", "description"]


register_snippet(ThemeViewSet)


@hooks.register("register_admin_urls")
def register_geocode_url():
    return [path("cities/geocode/", admin_views.geocode, name="cities_geocode")]
