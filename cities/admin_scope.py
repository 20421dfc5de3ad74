"""Where in the admin a focal point may go: the views their job needs, and nothing else.

Wagtail lets anyone with a page permission open site-wide reports, page-type usage and the workflow
task chooser, and packages add admin URLs of their own. A focal point edits one city page and its
media, so for them every admin URL is refused unless it is named here: a URL added later by a package
stays closed to them until someone decides otherwise. Staff and administrators are not affected.
"""

from django.db.models import F, Q
from django.urls import reverse
from wagtail.admin.auth import permission_denied
from wagtail.models import Page
from wagtail.permissions import page_permission_policy

from .permissions import is_focal_point_only

# Every view of these URL namespaces checks the object's own permissions (their collection, the pages
# they may explore), so a focal point may use them.
ALLOWED_NAMESPACES = {
    "wagtailadmin_api",
    "wagtailadmin_editing_sessions",
    "wagtailimages",
    "wagtailimages_chooser",
    "wagtaildocs",
    "wagtaildocs_chooser",
    "wagtailembeds",
    # Their own city's event registrants (events/city_views.py: nothing of other cities).
    "events_city",
    # Their own city's progress reports (progress/views.py checks the city of every report).
    "progress_city",
}
# Editing their own page, adding good practices under it and following their review. Not moving,
# copying, deleting or searching pages, nor page-type usage: some of those pages name any page before
# checking permissions. The page a view names must be one they may edit (names_a_page_out_of_reach).
PAGE_VIEWS = {
    f"wagtailadmin_pages:{name}"
    for name in (
        "add_subpage",
        "add",
        "preview_on_add",
        "edit",
        "preview_on_edit",
        "view_draft",
        "usage",
        "history",
        "history_results",
        "revisions_index",
        "revisions_view",
        "revisions_revert",
        "revisions_compare",
        "revisions_unschedule",
        "workflow_history",
        "workflow_history_detail",
        "workflow_action",
        "collect_workflow_action_data",
        "confirm_workflow_cancellation",
        "workflow_preview",
        "lock",
        "unlock",
    )
}
ALLOWED_VIEWS = PAGE_VIEWS | {
    "wagtailadmin_home",
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_account",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "wagtailadmin_explore_root",
    "wagtailadmin_explore",
    "wagtailadmin_explore_results",
    "wagtailadmin_choose_page",
    "wagtailadmin_choose_page_child",
    "wagtailadmin_choose_page_search",
    "wagtailadmin_choose_page_chosen_multiple",
    "wagtailadmin_choose_page_external_link",
    "wagtailadmin_choose_page_email_link",
    "wagtailadmin_choose_page_phone_link",
    "wagtailadmin_choose_page_anchor_link",
    # Image and document tags only: the per-model suggestions would name the CRM's contact tags.
    "wagtailadmin_tag_autocomplete",
    "wagtailadmin_javascript_catalog",
    "wagtail_localize:javascript_catalog",
    "wagtailadmin_sprite",
    "wagtailadmin_dismissibles",
    "wagtailadmin_block_preview",
    "network_bulk_action",
    "cities:geocode",
    "cities:accept_invitation",
}


PAGE_KWARGS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk", "pk")
CHOOSER_VIEWS = {"wagtailadmin_choose_page_child"}


def visible_pages(user, pages):
    """The pages a user may see named in the admin: those they may edit, and published pages whose
    title has no pending change (a draft's title is as private as the rest of the draft)."""
    if user.is_superuser:
        return pages
    editable = page_permission_policy.instances_user_has_permission_for(user, "change")
    visible = Page.objects.filter(Q(pk__in=editable.values("pk")) | Q(live=True, draft_title=F("title")))
    # By id, so that the chooser's search backend can apply it too.
    return pages.filter(pk__in=visible.values("pk"))


def names_a_page_out_of_reach(user, view_name, kwargs):
    """A page view about a page the focal point may not edit (or, in the chooser, not see).

    Some of Wagtail's page views name the page (with its draft title) before they check permissions.
    """
    if not (view_name in PAGE_VIEWS or view_name in CHOOSER_VIEWS):
        return False
    page_ids = {kwargs[name] for name in PAGE_KWARGS if name in kwargs}
    if view_name in CHOOSER_VIEWS:
        reachable = visible_pages(user, Page.objects.all())
    else:
        reachable = page_permission_policy.instances_user_has_permission_for(user, "change")
    return reachable.filter(pk__in=page_ids).count() != len(page_ids)


def focal_point_may_open(view_name, namespaces):
    return view_name in ALLOWED_VIEWS or bool(namespaces and namespaces[0] in ALLOWED_NAMESPACES)


class FocalPointAdminScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if not request.path.startswith(reverse("wagtailadmin_home")):
            return None
        if not is_focal_point_only(request.user):
            return None
        if focal_point_may_open(match.view_name, match.namespaces) and not names_a_page_out_of_reach(
            request.user, match.view_name, view_kwargs
        ):
            return None
        return permission_denied(request)
