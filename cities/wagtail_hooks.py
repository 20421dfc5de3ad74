from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views, focal_point_views, media_api
from .account import AccountEmailSettingsPanel
from .admin_scope import visible_pages
from .dashboard import FocalPointCityPanel
from .focal_points import is_focal_point_only
from .invitation_views import AcceptInvitationView
from .models import CityPage, Theme


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


# After Wagtail's own registration (order 0), so these endpoints replace its unfiltered ones.
hooks.register("construct_admin_api", media_api.register_endpoints, order=1)


@hooks.register("register_admin_urls")
def register_geocode_url():
    return [path("cities/geocode/", admin_views.geocode, name="cities_geocode")]


class FocalPointsButton(PageMenuItem):
    label = _("Focal points")
    icon_name = "group"
    url_name = "cities_focal_points"

    def is_shown(self, user):
        return isinstance(self.page.specific_deferred, CityPage) and user.has_perm(
            focal_point_views.MANAGE_PERMISSION
        )


@hooks.register("register_page_header_buttons")
def city_page_header_buttons(page, user, view_name, next_url=None):
    yield FocalPointsButton(page=page, priority=66)


@hooks.register("register_page_listing_more_buttons")
def city_page_listing_buttons(page, user, next_url=None):
    yield FocalPointsButton(page=page, priority=55)


@hooks.register("register_admin_urls")
def register_focal_point_urls():
    return [
        path(
            "cities/<int:page_id>/focal-points/",
            focal_point_views.FocalPointsView.as_view(),
            name="cities_focal_points",
        ),
        path(
            "reports/focal-point-activity/",
            focal_point_views.FocalPointActivityReport.as_view(),
            name="cities_focal_point_activity",
        ),
        path(
            "reports/focal-point-activity/results/",
            focal_point_views.FocalPointActivityReport.as_view(results_only=True),
            name="cities_focal_point_activity_results",
        ),
    ]


@hooks.register("register_admin_urls")
def register_invitation_url():
    return [
        path(
            "cities/invitations/<str:token>/",
            AcceptInvitationView.as_view(),
            name="cities_accept_invitation",
        )
    ]


@hooks.register("register_account_settings_panel")
def account_email_panel(request, user, profile):
    """In place of Wagtail's own e-mail field, which is switched off: see cities/account.py."""
    return AccountEmailSettingsPanel(request, user, profile)


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_reports_menu_item")
def register_focal_point_activity_menu_item():
    return PermissionMenuItem(
        _("Recent focal point activity"),
        reverse("cities_focal_point_activity"),
        icon_name="history",
        order=750,
        permission=focal_point_views.ACTIVITY_PERMISSION,
    )


@hooks.register("construct_page_chooser_queryset")
def hide_unpublished_pages_of_others(pages, request):
    """The page chooser (browse and search) names no other city's draft."""
    return visible_pages(request.user, pages)


@hooks.register("construct_homepage_panels")
def add_focal_point_panel(request, panels):
    if is_focal_point_only(request.user):
        panels.insert(0, FocalPointCityPanel(request.user))


@hooks.register("construct_main_menu")
def focus_menu_for_focal_points(request, menu_items):
    """Focal points keep their pages, images, documents and help; the site-wide reports are for staff."""
    if is_focal_point_only(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "reports"]
