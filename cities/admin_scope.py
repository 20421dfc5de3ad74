"""Where in the admin a focal point may go: the views their job needs, and nothing else.

Wagtail lets anyone with a page permission open site-wide reports, page-type usage and the workflow
task chooser, and packages add admin URLs of their own. A focal point edits one city page and its
media, so for them every admin URL is refused unless it is named here: a URL added later by a package
stays closed to them until someone decides otherwise. Where Wagtail's page chooser would name another
page by its draft title, they get a version of its view that does not (FOCAL_POINT_VIEWS). Their admin
offers them no link this refuses (leads_to_refusal, used by cities/wagtail_hooks.py), and searches their
pages with a search of its own (page_search). Staff and administrators are not affected.
"""

import json
from urllib.parse import urlencode, urlsplit

from django.db.models import F, Q
from django.http import QueryDict
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.auth import permission_denied, require_admin_access
from wagtail.admin.search import SearchArea
from wagtail.admin.views.chooser import ExternalLinkView, ParentPageColumn, SearchView
from wagtail.admin.views.pages.usage import UsageView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page, ReferenceIndex
from wagtail.permissions import page_permission_policy
from wagtail.users.models import UserProfile

from network.record_ids import record_id

from . import media_filters
from .permissions import asked_by_focal_point

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
    # Another account's invitation link, opened in a browser where a focal point is signed in.
    "cities_invitation_password",
    # Their search of the admin's pages: the pages they may explore (FocalPointPageSearchArea).
    "cities:page_search",
}


PAGE_KWARGS = ("page_id", "parent_page_id", "page_to_move_id", "destination_id", "page_pk", "pk")
CHOSEN_PAGES_VIEW = "wagtailadmin_choose_page_chosen_multiple"
# Chooser views name the pages a user may see (visible_pages), not only those they may edit.
CHOOSER_VIEWS = {"wagtailadmin_choose_page_child", CHOSEN_PAGES_VIEW}
# A live page whose title has no pending change: its title is the one the site shows.
PUBLIC_TITLE = Q(live=True, draft_title=F("title"))


def visible_pages(user, pages):
    """The pages a user may see named in the admin: those they may edit, and published pages whose
    title has no pending change (a draft's title is as private as the rest of the draft)."""
    if user.is_superuser:
        return pages
    editable = page_permission_policy.instances_user_has_permission_for(user, "change")
    visible = Page.objects.filter(Q(pk__in=editable.values("pk")) | PUBLIC_TITLE)
    # By id, so that the chooser's search backend can apply it too.
    return pages.filter(pk__in=visible.values("pk"))


def may_see_named(user, page):
    """visible_pages() for one page at hand, without a query."""
    return (
        user.is_superuser
        or (page.live and page.draft_title == page.title)
        or page_permission_policy.user_has_permission_for_instance(user, "change", page)
    )


def names_a_page_out_of_reach(user, view_name, kwargs, query):
    """A page view about a page the focal point may not edit (or, in the chooser, not see).

    Some of Wagtail's page views name the page (with its draft title) before they check permissions;
    the chooser names the pages it is told were chosen (`query`: the request's GET).
    """
    if not (view_name in PAGE_VIEWS or view_name in CHOOSER_VIEWS):
        return False
    page_ids = {str(kwargs[name]) for name in PAGE_KWARGS if name in kwargs}
    if view_name == CHOSEN_PAGES_VIEW:
        page_ids.update(query.getlist("id"))
    if any(record_id(page_id) is None for page_id in page_ids):
        return True
    if view_name in CHOOSER_VIEWS:
        reachable = visible_pages(user, Page.objects.all())
    else:
        reachable = page_permission_policy.instances_user_has_permission_for(user, "change")
    return reachable.filter(pk__in=page_ids).count() != len(page_ids)


class VisibleParentColumn(ParentPageColumn):
    """A search result's parent, by its published title (and no link to browse it) when the user may not
    see its draft title."""

    cell_template_name = "cities/admin/chooser_parent_cell.html"

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        parent = context["raw_value"]
        if parent is not None and not may_see_named(self.user, parent):
            context["published_title_only"] = True
            # Never published: even its first title is a draft's.
            context["value"] = parent if parent.live else None
        return context


class FocalPointPageSearchView(SearchView):
    """The chooser's search: Wagtail names each result's parent by its draft title."""

    @property
    def columns(self):
        return [
            VisibleParentColumn(column.name, label=column.label, user=self.request.user)
            if isinstance(column, ParentPageColumn)
            else column
            for column in super().columns
        ]


class FocalPointExternalLinkView(ExternalLinkView):
    """A pasted URL of the site becomes a link to its page (which Wagtail names by its draft title) only
    when the user may see the page named; otherwise it stays the URL it is."""

    def post(self, request):
        response = super().post(request)
        chosen = json.loads(response.content)
        page = chosen.get("internal") or chosen.get("result") or {}
        if "id" in page and not visible_pages(request.user, Page.objects.filter(pk=page["id"])).exists():
            return self.render_chosen_response(self.get_result_data())
        return response


class OpenableUsageView(UsageView):
    """A page's usage, listing only what the user may open. Wagtail lists every object that refers to the
    page, those the user may not edit as "(Private contact)" and the like: the focal point of a city would
    count the network's contacts and organisations of their city."""

    def get_queryset(self):
        references = ReferenceIndex.get_references_to(self.object)
        finder = AdminURLFinder(self.request.user)
        openable = [
            reference.pk
            for source, source_references in references.group_by_source_object()
            if finder.get_edit_url(source) is not None
            for reference in source_references
        ]
        return references.filter(pk__in=openable).group_by_source_object()


class FocalPointPageViewSet(PageViewSet):
    """Wagtail's page views with the usage above; only its `usage_view` is used, the URLs stay Wagtail's.
    (No page type of the site has a page viewset of its own.)"""

    usage_view_class = OpenableUsageView


# Wagtail's chooser views that name pages, its media views that offer every medium's tags
# (cities/media_filters.py) and its page usage, in the versions a focal point gets.
FOCAL_POINT_VIEWS = {
    "wagtailadmin_choose_page_search": require_admin_access(FocalPointPageSearchView.as_view()),
    "wagtailadmin_choose_page_external_link": require_admin_access(FocalPointExternalLinkView.as_view()),
    "wagtailimages:index": require_admin_access(media_filters.FocalPointImageIndexView.as_view()),
    "wagtailimages:index_results": require_admin_access(
        media_filters.FocalPointImageIndexView.as_view(results_only=True)
    ),
    "wagtaildocs:index": require_admin_access(media_filters.FocalPointDocumentIndexView.as_view()),
    "wagtaildocs:index_results": require_admin_access(
        media_filters.FocalPointDocumentIndexView.as_view(results_only=True)
    ),
    "wagtailimages_chooser:choose": require_admin_access(media_filters.image_chooser.choose_view),
    "wagtailadmin_pages:usage": require_admin_access(FocalPointPageViewSet().usage_view),
}


def focal_point_may_open(view_name, namespaces):
    return view_name in ALLOWED_VIEWS or bool(namespaces and namespaces[0] in ALLOWED_NAMESPACES)


def refused(user, view_name, namespaces, kwargs, query):
    """Whether the scope refuses this admin view to a focal point."""
    return not focal_point_may_open(view_name, namespaces) or names_a_page_out_of_reach(
        user, view_name, kwargs, query
    )


def leads_to_refusal(user, url, page=None):
    """Whether a link the admin offers a focal point would end in the scope's refusal, so that it is not
    offered. `page`: the page the link is about, when at hand (it spares a query per link of a listing)."""
    parts = urlsplit(str(url or ""))
    if parts.scheme or parts.netloc or not parts.path.startswith(reverse("wagtailadmin_home")):
        return False
    try:
        match = resolve(parts.path)
    except Resolver404:
        return False
    page_ids = {str(match.kwargs[name]) for name in PAGE_KWARGS if name in match.kwargs}
    if page is not None and match.view_name in PAGE_VIEWS and page_ids == {str(page.pk)}:
        return not page_permission_policy.user_has_permission_for_instance(user, "change", page)
    return refused(user, match.view_name, match.namespaces, match.kwargs, QueryDict(parts.query))


def page_search(request):
    """The admin's page search for a focal point: the explorer's search of the pages they may explore (their
    city's good practices), from the page where their pages begin. Wagtail's own page search is refused to
    them: its results and their content-type counts name any page the search finds."""
    query = request.GET.get("q", "")
    if not asked_by_focal_point(request):
        target = reverse("wagtailadmin_pages:search")
    else:
        root = page_permission_policy.explorable_root_instance(request.user)
        target = reverse("wagtailadmin_explore", args=[root.pk]) if root else reverse("wagtailadmin_home")
    return redirect(f"{target}?{urlencode({'q': query})}" if query else target)


class FocalPointPageSearchArea(SearchArea):
    """A focal point's "Pages" search, in place of Wagtail's (which the scope refuses them). Its order comes
    before Wagtail's, so the sidebar's search box, which searches the first area a user may use, uses it."""

    def __init__(self):
        super().__init__(
            _("Pages"),
            reverse("cities:page_search"),
            name="pages",
            icon_name="folder-open-inverse",
            order=90,
        )

    def is_shown(self, request):
        return asked_by_focal_point(request)


class FocalPointAdminScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if not request.path.startswith(reverse("wagtailadmin_home")):
            return None
        if not asked_by_focal_point(request):
            return None
        if refused(request.user, match.view_name, match.namespaces, view_kwargs, request.GET):
            # Refused before Wagtail's view would switch to the language of the user's account: the
            # message, which the next page shows, is written in it here.
            with translation.override(UserProfile.get_for_user(request.user).get_preferred_language()):
                return permission_denied(request)
        own_version = FOCAL_POINT_VIEWS.get(match.view_name)
        return own_version(request, *view_args, **view_kwargs) if own_version else None
