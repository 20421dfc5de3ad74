from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cities.models import CityPage
from network.edit_conflicts import VersionCheckedEditView
from network.inspect_views import ReadableInspectView
from network.snippet_breadcrumbs import LazyBreadcrumbsMixin

from . import choosers, deletion, merge_views, person, views, viewsets
from .activity_chart import EngagementsPerMonthPanel
from .dashboard import FollowUpsPanel, QuietCitiesPanel, RecentEngagementsPanel
from .duplicates import SAVE_ANYWAY
from .edit_forms import ContactEditForm, EngagementEditForm, OrganisationEditForm
from .filters import ContactFilterSet, EngagementFilterSet, OrganisationFilterSet
from .models import Contact, Engagement, Organisation
from .permissions import POLICIES, engagement_policy, reads_the_log

# Before anything asks Wagtail's registry for these models' policies (it would make a default one).
for model, policy in POLICIES.items():
    register_permission_policy(model, policy)


class EngagementViewSet(LazyBreadcrumbsMixin, SnippetViewSet):
    model = Engagement
    icon = "date"
    menu_label = _("Engagements")
    menu_name = "engagements"
    index_view_class = views.EngagementIndexView
    chooser_viewset_class = choosers.EngagementChooserViewSet
    add_view_class = person.PersonEngagementCreateView
    # A save from a form opened before the engagement last changed is refused (network/edit_conflicts.py).
    edit_view_class = VersionCheckedEditView
    edit_handler = ObjectList(Engagement.panels, base_form_class=EngagementEditForm)
    filterset_class = EngagementFilterSet
    list_display = ["date", "title", "kind", "city_names", views.OWNER_COLUMN, "follow_up_date"]
    list_per_page = 25
    search_fields = ["title", "summary", "outcome"]
    search_backend_name = None
    inspect_view_enabled = True
    inspect_view_class = views.EngagementInspectView
    copy_view_enabled = False
    list_export = [
        "date",
        "kind",
        "title",
        "export_cities",
        "export_organisations",
        "export_participants",
        "owner",
        "export_themes",
        "summary",
        "outcome",
        "follow_up_date",
        "follow_up_assignee",
        "follow_up_done",
        # The engagement's number: the import matches a row by it, so a file may edit date, kind and title.
        "id",
    ]


class ContactViewSet(LazyBreadcrumbsMixin, person.PersonPageViewSetMixin, SnippetViewSet):
    model = Contact
    icon = "user"
    index_view_class = views.ContactIndexView
    delete_view_class = deletion.ContactDeleteView
    edit_view_class = VersionCheckedEditView
    chooser_viewset_class = choosers.ContactChooserViewSet
    menu_label = _("Contacts")
    menu_name = "contacts"
    filterset_class = ContactFilterSet
    list_display = ["full_name", "job_title", "organisation", "city", "email_list"]
    search_fields = ["given_name", "family_name", "job_title", "emails__address", "organisation__name"]
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False
    # The model's panels, on a form that warns about a likely duplicate (its box shows once it warned),
    # refuses a save over a newer one and an unsubscribe lifted without consent (contacts/edit_forms.py).
    edit_handler = ObjectList([*Contact.panels, FieldPanel(SAVE_ANYWAY)], base_form_class=ContactEditForm)
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


class OrganisationViewSet(LazyBreadcrumbsMixin, SnippetViewSet):
    model = Organisation
    icon = "group"
    index_view_class = views.OrganisationIndexView
    delete_view_class = deletion.OrganisationDeleteView
    chooser_viewset_class = choosers.OrganisationChooserViewSet
    menu_label = _("Organisations")
    menu_name = "organisations"
    filterset_class = OrganisationFilterSet
    list_display = ["name", "kind", "country", "city"]
    search_fields = ["name", "notes"]
    search_backend_name = None
    inspect_view_enabled = True
    inspect_view_class = ReadableInspectView
    edit_view_class = VersionCheckedEditView
    edit_handler = ObjectList(
        [*Organisation.panels, FieldPanel(SAVE_ANYWAY)], base_form_class=OrganisationEditForm
    )
    list_export = ["name", "kind", "country", "city", "website"]


class EngagementLogGroup(SnippetViewSetGroup):
    menu_label = _("Engagement log")
    menu_name = "engagement-log"
    menu_icon = "folder-open-inverse"
    menu_order = 150
    items = (EngagementViewSet, ContactViewSet, OrganisationViewSet, viewsets.ImportViewSet)


register_snippet(EngagementLogGroup)


@hooks.register("register_admin_viewset")
def register_engagement_log_viewsets():
    return [
        choosers.city_chooser,
        viewsets.CityTimelineViewSet(),
        viewsets.engagements_by_country,
        viewsets.theme_coverage,
        viewsets.last_engagement,
        merge_views.merge_viewset,
    ]


class CityLogButton(PageMenuItem):
    def is_shown(self, user):
        return isinstance(self.page.specific_deferred, CityPage) and engagement_policy.user_has_permission(
            user, self.action
        )


class TimelineButton(CityLogButton):
    label = _("Timeline")
    icon_name = "history"
    url_name = "contacts_timeline:city"
    action = "view"


class LogEngagementButton(CityLogButton):
    label = _("Log an engagement")
    icon_name = "plus"
    action = "add"

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
    if reads_the_log(request.user):
        panels += [
            FollowUpsPanel(request.user),
            QuietCitiesPanel(),
            RecentEngagementsPanel(),
            EngagementsPerMonthPanel(),
        ]


@hooks.register("insert_global_admin_css")
def engagement_log_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))
