"""A focal point's image and document listings, and their image chooser, offer as tags only those of the
media they may see.

Wagtail's "Tag" filter of these listings, and the chooser's "Popular tags", are the ten most used tags of
every image (or document) of the site: a focal point would read the tags of other cities' media and of the
network's own. Their versions of these views (cities/admin_scope.py, FOCAL_POINT_VIEWS) build the tags from
the media the view lists them, through the media's permission policy, as cities/media_api.py does for the
admin API. Staff and administrators keep Wagtail's views.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from taggit.models import Tag
from wagtail.documents.views.documents import DocumentsFilterSet
from wagtail.documents.views.documents import IndexView as DocumentIndexView
from wagtail.images import get_image_model
from wagtail.images.views.chooser import ImageChooserViewSet, ImageChooseView
from wagtail.images.views.images import ImagesFilterSet
from wagtail.images.views.images import IndexView as ImageIndexView
from wagtail.permissions import policy_registry

# The media each view lists: Wagtail's listings show what the user may change or delete, its choosers what
# they may choose.
LISTING_ACTIONS = ["change", "delete"]
CHOOSER_ACTIONS = ["choose"]
# As many as Wagtail offers.
TAG_COUNT = 10


def popular_tags_for_user(user, model, actions):
    """The most used tags of the media of `model` that `user` has any of `actions` on."""
    permitted = policy_registry.get_by_type(model).instances_user_has_any_permission_for(user, actions)
    return (
        Tag.objects.filter(
            taggit_taggeditem_items__content_type=ContentType.objects.get_for_model(model),
            taggit_taggeditem_items__object_id__in=permitted.values("pk"),
        )
        .annotate(item_count=Count("taggit_taggeditem_items"))
        .order_by("-item_count", "name")[:TAG_COUNT]
    )


class PermittedTagsMixin:
    """Wagtail's filter set of a media listing, its "Tag" choices those of the media listed; no "Tag"
    filter when none of them has a tag."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if "tag" not in self.filters:
            return
        tags = popular_tags_for_user(request.user, self._meta.model, LISTING_ACTIONS)
        if tags:
            self.filters["tag"].extra["choices"] = [(tag.name, tag.name) for tag in tags]
        else:
            del self.filters["tag"]


class PermittedImagesFilterSet(PermittedTagsMixin, ImagesFilterSet):
    pass


class PermittedDocumentsFilterSet(PermittedTagsMixin, DocumentsFilterSet):
    pass


class FocalPointImageIndexView(ImageIndexView):
    filterset_class = PermittedImagesFilterSet


class FocalPointDocumentIndexView(DocumentIndexView):
    filterset_class = PermittedDocumentsFilterSet


class FocalPointImageChooseView(ImageChooseView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["popular_tags"] = popular_tags_for_user(self.request.user, self.model, CHOOSER_ACTIONS)
        return context


class FocalPointImageChooserViewSet(ImageChooserViewSet):
    """Wagtail's image chooser with the popular tags above; only its `choose_view` is used (the URLs stay
    Wagtail's), so it is made with the arguments of Wagtail's own."""

    choose_view_class = FocalPointImageChooseView


image_chooser = FocalPointImageChooserViewSet(
    "wagtailimages_chooser", model=get_image_model(), url_prefix="images/chooser"
)
