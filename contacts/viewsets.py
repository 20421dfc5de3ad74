"""The engagement log's own admin views as Wagtail viewsets: their URLs under a namespace of their
own, their menu items beside Wagtail's, shown to those the permission policies let in."""

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from cities.admin_views import ReportViewSet

from . import reports
from .import_views import ImportPreviewView, ImportUploadView, importable_kinds
from .permissions import reads_the_log
from .views import CityTimelineView


class CityTimelineViewSet(ViewSet):
    """A city's timeline, opened from the city's page (the buttons in contacts/wagtail_hooks.py)."""

    name = "contacts_timeline"
    url_prefix = "cities"

    def get_urlpatterns(self):
        return [path("<int:page_id>/timeline/", CityTimelineView.as_view(), name="city")]


engagements_by_country = ReportViewSet(
    "contacts_engagements_by_country",
    url_prefix="reports/engagements-by-country",
    view_class=reports.EngagementsByCountryReport,
    user_may_read=reads_the_log,
    menu_label=_("Engagements by country"),
    menu_name="engagements-by-country",
    menu_icon="doc-full",
    menu_order=800,
)
theme_coverage = ReportViewSet(
    "contacts_theme_coverage",
    url_prefix="reports/theme-coverage",
    view_class=reports.ThemeCoverageReport,
    user_may_read=reads_the_log,
    menu_label=_("City × theme coverage"),
    menu_name="city-theme-coverage",
    menu_icon="table",
    menu_order=810,
)
last_engagement = ReportViewSet(
    "contacts_last_engagement",
    url_prefix="reports/last-engagement",
    view_class=reports.LastEngagementReport,
    user_may_read=reads_the_log,
    menu_label=_("Cities by last engagement"),
    menu_name="cities-by-last-engagement",
    menu_icon="time",
    menu_order=820,
)


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(importable_kinds(request.user))


class ImportViewSet(ViewSet):
    """Importing contacts or engagements (`contacts_import:upload`, then `contacts_import:preview`),
    entered at the end of the Engagement log menu by those who may import something."""

    name = "contacts_import"
    url_prefix = "engagement-log/import"
    icon = "upload"
    menu_label = _("Import")
    menu_name = "engagement-log-import"
    menu_item_class = ImportMenuItem

    def get_urlpatterns(self):
        return [
            path("", ImportUploadView.as_view(), name="upload"),
            path("<slug:token>/", ImportPreviewView.as_view(), name="preview"),
        ]

    @cached_property
    def menu_url(self):
        return reverse("contacts_import:upload")
