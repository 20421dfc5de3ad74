"""Bulk actions only on objects the user may see.

Wagtail's bulk-action confirmation lists by name the chosen objects the user may not act on. With
sequential ids, `?id=1&id=2&…` would then list other cities' images or the whole CRM to anyone who
may use the admin. This view stands in front of Wagtail's (same URL, see docs/upgrading.md): every
chosen object must be one the model's permission policy lets the user work with, else a plain refusal
that names nothing.
"""

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from wagtail.admin.views.bulk_action import index as wagtail_bulk_action
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.permissions import policy_registry

from .api_permissions import READ_ACTIONS


def chosen_ids(request, app_label, model_name, action, model):
    ids = request.GET.getlist("id")
    if "all" not in ids:
        return set(ids)
    action_class = bulk_action_registry.get_bulk_action_class(app_label, model_name, action)
    if action_class is None:
        raise Http404
    listing = action_class(request, model).get_all_objects_in_listing_query(request.GET.get("childOf"))
    return {str(pk) for pk in listing}


def bulk_action(request, app_label, model_name, action):
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as error:
        raise Http404 from error
    policy = policy_registry.get_by_type(model)
    if not policy.user_has_any_permission(request.user, READ_ACTIONS):
        raise PermissionDenied
    ids = chosen_ids(request, app_label, model_name, action, model)
    permitted = policy.instances_user_has_any_permission_for(request.user, READ_ACTIONS)
    try:
        found = permitted.filter(pk__in=ids).count()
    except (ValueError, ValidationError) as error:
        raise Http404 from error
    if found != len(ids):
        raise PermissionDenied
    return wagtail_bulk_action(request, app_label, model_name, action)
