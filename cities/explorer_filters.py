"""The page explorer's filters, with the people a focal point may be shown.

Wagtail's "Edited by" and "Owner" filters list everyone who edited or owns any page of the site, which would
name other cities' focal points to a focal point. For them, both lists hold only the people who edited or
own the pages they may explore; staff and administrators keep Wagtail's lists. The explorer uses these
filters through a page viewset for every page type (ExplorerViewSet, registered in cities/wagtail_hooks.py
after Wagtail's own).
"""

from django.contrib.auth import get_user_model
from django.forms import CheckboxSelectMultiple
from wagtail.admin.filters import MultipleUserFilter
from wagtail.admin.views.pages.listing import EditedByFilter, GenericPageFilterSet
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page, PageLogEntry
from wagtail.permissions import page_permission_policy

from .permissions import asked_by_focal_point


def pages_in_view(request):
    """The pages whose people the filters name: for a focal point, those they may explore."""
    if asked_by_focal_point(request):
        return page_permission_policy.explorable_instances(request.user)
    return Page.objects.all()


def page_owners(request):
    owners = pages_in_view(request).order_by().values("owner_id")
    return get_user_model().objects.filter(pk__in=owners)


def page_editors(request):
    edits = PageLogEntry.objects.filter(action="wagtail.edit", page__in=pages_in_view(request).values("pk"))
    return get_user_model().objects.filter(pk__in=edits.order_by().values("user_id"))


class ExplorerPageFilterSet(GenericPageFilterSet):
    # Wagtail's labels, so its catalogues translate them.
    owner = MultipleUserFilter(
        label=GenericPageFilterSet.base_filters["owner"].label,
        queryset=page_owners,
        widget=CheckboxSelectMultiple,
    )
    edited_by = EditedByFilter(
        label=GenericPageFilterSet.base_filters["edited_by"].label,
        queryset=page_editors,
        widget=CheckboxSelectMultiple,
    )


class ExplorerViewSet(PageViewSet):
    """Wagtail's default page viewset with ExplorerPageFilterSet. Registered for the base Page model, it is
    the one Wagtail's explorer routes every page type to."""

    filterset_class = ExplorerPageFilterSet
