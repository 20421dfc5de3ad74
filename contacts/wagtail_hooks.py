from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cities.models import CityPage

from . import reports, views
from .dashboard import FollowUpsPanel, QuietCitiesPanel, RecentEngagementsPanel
from .filters import ContactFilterSet, EngagementFilterSet, OrganisationFilterSet
from .models import Contact, Engagement, Organisation

VIEW_PERMISSION = "contacts.view_engagement"


class EngagementViewSet(SnippetViewSet):
    model = Engagement
    icon = "date"
    menu_label = _("Engagements")
    index_view_class = views.EngagementIndexView
    chooser_viewset_class = views.StaffOnlyChooserViewSet
    add_view_class = views.EngagementCreateView
    filterset_class = EngagementFilterSet
    list_display = ["date", "title", "kind", "city_names", "owner", "follow_up_date"]
    list_per_page = 25
    search_fields = ["title", "summary", "outcome"]
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False
    list_export = [
        "date",
        "kind",
        "title",
        "city_names",
        "organisation_names",
        "participant_names",
        "owner",
        "theme_names",
        "summary",
        "outcome",
        "follow_up_date",
        "follow_up_done",
    ]
    export_filename = "engagements"


class ContactViewSet(SnippetViewSet):
    model = Contact
    icon = "user"
    index_view_class = views.ContactIndexView
    chooser_viewset_class = views.StaffOnlyChooserViewSet
    menu_label = _("Contacts")
    filterset_class = ContactFilterSet
    list_display = ["full_name", "job_title", "organisation", "city", "email_list"]
    search_fields = ["given_name", "family_name", "job_title", "emails__address", "organisation__name"]
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False
    list_export = [
        "honorific",
        "given_name",
        "family_name",
        "job_title",
        "organisation",
        "city",
        "email_list",
        "preferred_language",
        "consent_basis",
        "consent_date",
    ]
    export_filename = "contacts"


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    chooser_viewset_class = views.StaffOnlyChooserViewSet
    menu_label = _("Organisations")
    filterset_class = OrganisationFilterSet
    list_display = ["name", "kind", "country", "city"]
    search_fields = ["name", "notes"]
    search_backend_name = None
    inspect_view_enabled = True
    list_export = ["name", "kind", "country", "city", "website"]
    export_filename = "organisations"


class EngagementLogGroup(SnippetViewSetGroup):
    menu_label = _("Engagement log")
    menu_icon = "folder-open-inverse"
    menu_order = 150
    items = (EngagementViewSet, ContactViewSet, OrganisationViewSet)


register_snippet(EngagementLogGroup)


@hooks.register("register_admin_urls")
def register_engagement_log_urls():
    report_views = [
        (
            "engagements-by-country",
            "contacts_engagements_by_country_report",
            reports.EngagementsByCountryReport,
        ),
        ("theme-coverage", "contacts_theme_coverage_report", reports.ThemeCoverageReport),
        ("last-engagement", "contacts_last_engagement_report", reports.LastEngagementReport),
    ]
    urls = [
        path(
            "cities/<int:page_id>/timeline/", views.CityTimelineView.as_view(), name="contacts_city_timeline"
        ),
    ]
    for slug, name, view in report_views:
        urls += [
            path(f"reports/{slug}/", view.as_view(), name=name),
            path(f"reports/{slug}/results/", view.as_view(results_only=True), name=f"{name}_results"),
        ]
    return urls


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_PERMISSION)


@hooks.register("register_reports_menu_item")
def engagements_by_country_menu_item():
    return ReportMenuItem(
        _("Engagements by country"),
        reverse("contacts_engagements_by_country_report"),
        icon_name="doc-full",
        order=800,
    )


@hooks.register("register_reports_menu_item")
def theme_coverage_menu_item():
    return ReportMenuItem(
        _("City × theme coverage"), reverse("contacts_theme_coverage_report"), icon_name="table", order=810
    )


@hooks.register("register_reports_menu_item")
def last_engagement_menu_item():
    return ReportMenuItem(
        _("Cities by last engagement"),
        reverse("contacts_last_engagement_report"),
        icon_name="time",
        order=820,
    )


class CityLogButton(PageMenuItem):
    def is_shown(self, user):
        return isinstance(self.page.specific_deferred, CityPage) and user.has_perm(self.permission)


class TimelineButton(CityLogButton):
    label = _("Timeline")
    icon_name = "history"
    url_name = "contacts_city_timeline"
    permission = VIEW_PERMISSION


class LogEngagementButton(CityLogButton):
    label = _("Log an engagement")
    icon_name = "plus"
    permission = "contacts.add_engagement"

    @property
    def url(self):
        return reverse("wagtailsnippets_contacts_engagement:add") + f"?city={self.page.pk}"


@hooks.register("register_page_header_buttons")
def engagement_page_header_buttons(page, user, view_name, next_url=None):
    yield TimelineButton(page=page, priority=67)
    yield LogEngagementButton(page=page, priority=68)


@hooks.register("register_page_listing_more_buttons")
def engagement_page_listing_buttons(page, user, next_url=None):
    yield TimelineButton(page=page, priority=56)
    yield LogEngagementButton(page=page, priority=57)


@hooks.register("construct_homepage_panels")
def add_engagement_panels(request, panels):
    if request.user.has_perm(VIEW_PERMISSION):
        panels += [FollowUpsPanel(request.user), QuietCitiesPanel(), RecentEngagementsPanel()]


@hooks.register("insert_global_admin_css")
def engagement_log_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


@hooks.register("register_admin_urls")
def register_engagement_import_urls():
    from . import import_views

    return [
        path("engagement-log/import/", import_views.ImportUploadView.as_view(), name="contacts_import"),
        path(
            "engagement-log/import/<slug:token>/",
            import_views.ImportPreviewView.as_view(),
            name="contacts_import_preview",
        ),
    ]


@hooks.register("construct_main_menu")
def add_import_to_engagement_log_menu(request, menu_items):
    """An "Import" entry at the end of the Engagement log menu, for those who may import something."""
    from wagtail.admin.menu import Menu, SubmenuMenuItem

    from .import_views import importable_kinds

    if not importable_kinds(request.user):
        return
    listing_urls = {
        reverse("wagtailsnippets_contacts_engagement:list"),
        reverse("wagtailsnippets_contacts_contact:list"),
    }
    import_item = MenuItem(
        _("Import"),
        reverse("contacts_import"),
        name="engagement-log-import",
        icon_name="upload",
        order=10_000,
    )
    for index, item in enumerate(menu_items):
        if isinstance(item, SubmenuMenuItem) and any(
            getattr(child, "url", None) in listing_urls for child in item.menu.registered_menu_items
        ):
            # A copy of the group's menu with one more item: the registered menu is shared by everyone.
            menu_items[index] = SubmenuMenuItem(
                item.label,
                Menu(items=[*item.menu.registered_menu_items, import_item]),
                name=item.name,
                classname=item.classname,
                icon_name=item.icon_name,
                attrs=item.attrs,
                order=item.order,
            )
            return
    menu_items.append(import_item)
