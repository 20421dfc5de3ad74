from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permissions import page_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from network.snippet_breadcrumbs import LazyBreadcrumbsMixin

from . import admin_views, completeness, focal_point_views, media_api
from .account import AccountEmailSettingsPanel
from .admin_scope import FocalPointPageSearchArea, leads_to_refusal, page_search, visible_pages
from .dashboard import FocalPointCityPanel, FocalPointPagesSummaryItem
from .explorer_filters import ExplorerViewSet
from .invitation_views import AcceptInvitationView
from .models import CityPage, Theme
from .permissions import asked_by_focal_point, is_focal_point_only


class ThemeViewSet(LazyBreadcrumbsMixin, SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Themes")
    menu_name = "themes"
    menu_order = 200
    add_to_admin_menu = True
    search_fields = ["name"]
    search_backend_name = None
    # Every language's rows, told apart by their language as in the listing.
    list_export = ["name", "locale", "slug", "description"]
    export_headings = {"locale": _("Language")}
    index_view_class = admin_views.ThemeIndexView


register_snippet(ThemeViewSet)


# After Wagtail's own registration (order 0), so these endpoints replace its unfiltered ones.
hooks.register("construct_admin_api", media_api.register_endpoints, order=1)


class CityAdminViewSet(ViewSet):
    """The cities app's own admin views: geocoding for the city editor, a focal point's page search, a
    city's focal points, and accepting an invitation to become one."""

    name = "cities"

    def get_urlpatterns(self):
        return [
            path("geocode/", admin_views.geocode, name="geocode"),
            path("pages/search/", page_search, name="page_search"),
            path(
                "<int:page_id>/focal-points/",
                focal_point_views.FocalPointsView.as_view(),
                name="focal_points",
            ),
            path("invitations/<str:token>/", AcceptInvitationView.as_view(), name="accept_invitation"),
        ]


@hooks.register("register_admin_viewset")
def register_city_admin_viewsets():
    return [
        CityAdminViewSet(),
        admin_views.ReportViewSet(
            "cities_focal_point_activity",
            url_prefix="reports/focal-point-activity",
            view_class=focal_point_views.FocalPointActivityReport,
            user_may_read=lambda user: user.has_perm(focal_point_views.ACTIVITY_PERMISSION),
            menu_label=_("Recent focal point activity"),
            menu_name="recent-focal-point-activity",
            menu_icon="history",
            menu_order=750,
        ),
        admin_views.ReportViewSet(
            "cities_profile_completeness",
            url_prefix="reports/profile-completeness",
            view_class=completeness.ProfileCompletenessReport,
            user_may_read=completeness.may_read,
            menu_label=_("Profile completeness"),
            menu_name="profile-completeness",
            menu_icon="tasks",
            menu_order=760,
        ),
    ]


@hooks.register("register_admin_viewset")
def register_explorer_viewset():
    """After Wagtail's default page viewset (order -1), which it replaces in the explorer."""
    return ExplorerViewSet()


class FocalPointsButton(PageMenuItem):
    label = _("Focal points")
    icon_name = "group"
    url_name = "cities:focal_points"

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


@hooks.register("register_account_settings_panel")
def account_email_panel(request, user, profile):
    """In place of Wagtail's own e-mail field, which is switched off: see cities/account.py."""
    return AccountEmailSettingsPanel(request, user, profile)


@hooks.register("construct_page_chooser_queryset")
def hide_unpublished_pages_of_others(pages, request):
    """The page chooser (browse and search) names no other city's draft."""
    return visible_pages(request.user, pages)


@hooks.register("after_edit_page")
def stay_in_the_editor_below_the_explorable_root(request, page):
    """Wagtail leaves the editor after publishing or submitting, for the explorer of the page's parent.
    Whoever may not explore that parent (a focal point of one city: the parent is the directory) is sent
    on by that explorer to their explorable root, here the page itself, shown there only as the heading
    of its children. They stay in the page's editor instead, with Wagtail's message and the page's new
    status, as after saving a draft. A `next` address still wins."""
    root = page_permission_policy.explorable_root_instance(request.user)
    parent = page.get_parent()
    if root is None or parent.pk == root.pk or parent.is_descendant_of(root):
        return None
    if get_valid_next_url_from_request(request):
        return None
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("construct_homepage_panels")
def add_city_panels(request, panels):
    if asked_by_focal_point(request):
        panels.insert(0, FocalPointCityPanel(request.user))
    elif completeness.may_read(request.user):
        panels.append(completeness.ProfileCompletenessPanel())


@hooks.register("construct_homepage_summary_items", order=1)
def count_a_focal_points_own_pages(request, summary_items):
    """After Wagtail's own item (order 0), which it replaces."""
    if asked_by_focal_point(request):
        summary_items[:] = [
            FocalPointPagesSummaryItem(request) if type(item) is PagesSummaryItem else item
            for item in summary_items
        ]


@hooks.register("construct_reports_menu")
def keep_reports_for_staff(request, menu_items):
    """The site-wide reports are for staff: a focal point's Reports menu is empty, so the main menu hides
    it. (Wagtail shows its page reports to anyone with a page permission.)"""
    if asked_by_focal_point(request):
        menu_items.clear()


# --- No link that ends in a refusal ------------------------------------------------------------------------
# The admin's scope refuses focal points some of Wagtail's views (cities/admin_scope.py); what the admin
# offers them leaves out the links and searches that would end there.


@hooks.register("register_admin_search_area")
def register_focal_point_page_search_area():
    return FocalPointPageSearchArea()


@hooks.register("construct_search")
def searches_within_reach(request, search_areas):
    """The "Other searches" of a search's results (Wagtail's page search would be refused)."""
    if asked_by_focal_point(request):
        search_areas[:] = [area for area in search_areas if not leads_to_refusal(request.user, area.url)]


@hooks.register("construct_page_listing_buttons")
def page_listing_buttons_within_reach(buttons, page, user, context=None):
    """A page's buttons in the explorer, and those of its "More" menu: in a search of all pages, the pages
    above their city come with a "History" they may not open."""
    if not is_focal_point_only(user):
        return
    buttons[:] = [button for button in buttons if not leads_to_refusal(user, button.url, page)]
    for button in buttons:
        if hasattr(button, "dropdown_buttons"):
            button.dropdown_buttons[:] = [
                item for item in button.dropdown_buttons if not leads_to_refusal(user, item.url, page)
            ]
    buttons[:] = [button for button in buttons if getattr(button, "dropdown_buttons", True)]
