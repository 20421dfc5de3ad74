"""Who may read a model through an admin API (Wagtail's, wagtail-localize's, any later one).

Django REST framework lets anyone signed in to the admin through unless a view says otherwise, and
wagtail-localize's snippet API says nothing: a focal point could list every contact. This default
(REST_FRAMEWORK's DEFAULT_PERMISSION_CLASSES) asks the model's own Wagtail permission policy, the
one its admin views use, so an API never shows more than the admin does.
"""

from rest_framework.permissions import BasePermission
from wagtail.permissions import policy_registry

# Any of these on the model (or, for media, on some collection) is enough to read its listing.
READ_ACTIONS = ["add", "change", "delete", "view", "choose", "publish"]


def view_model(view):
    if hasattr(view, "get_model"):
        return view.get_model()
    return getattr(view, "model", None)


class ModelPolicyPermission(BasePermission):
    def has_permission(self, request, view):
        model = view_model(view)
        if model is None or not request.user.is_authenticated:
            return False
        return policy_registry.get_by_type(model).user_has_any_permission(request.user, READ_ACTIONS)
