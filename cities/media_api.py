"""The admin API's image and document listings, limited to the collections the user works in.

Wagtail's own endpoints list every image and document (with download URLs) to anyone who may use
the admin; its choosers and listings, by contrast, show a focal point only their city's collection.
These endpoints apply the same rule, through the media's permission policy.
"""

from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.permissions import policy_registry

MEDIA_ACTIONS = ["choose", "change", "delete"]


class PermittedMediaMixin:
    def get_queryset(self):
        policy = policy_registry.get_by_type(self.model)
        permitted = policy.instances_user_has_any_permission_for(self.request.user, MEDIA_ACTIONS)
        return super().get_queryset().filter(pk__in=permitted.values("pk"))


class PermittedImagesAPIViewSet(PermittedMediaMixin, ImagesAdminAPIViewSet):
    pass


class PermittedDocumentsAPIViewSet(PermittedMediaMixin, DocumentsAdminAPIViewSet):
    pass


def register_endpoints(router):
    router.register_endpoint("images", PermittedImagesAPIViewSet)
    router.register_endpoint("documents", PermittedDocumentsAPIViewSet)
