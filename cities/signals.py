"""Keep cached map data in step with the published pages."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .map_data import invalidate_map_data
from .models import Theme


def connect():
    # Any page: a city's URL also depends on the directory and home pages above it.
    page_published.connect(invalidate_map_data, dispatch_uid="cities-map-published")
    page_unpublished.connect(invalidate_map_data, dispatch_uid="cities-map-unpublished")
    post_page_move.connect(invalidate_map_data, dispatch_uid="cities-map-moved")
    post_delete.connect(_invalidate_on_page_delete, dispatch_uid="cities-map-deleted")
    # Theme names appear in the data; a view restriction hides pages from the public.
    for model in (Theme, PageViewRestriction):
        post_save.connect(
            invalidate_map_data, sender=model, dispatch_uid=f"cities-map-saved-{model.__name__}"
        )
        post_delete.connect(
            invalidate_map_data, sender=model, dispatch_uid=f"cities-map-gone-{model.__name__}"
        )


def _invalidate_on_page_delete(sender, **kwargs):
    if issubclass(sender, Page):
        invalidate_map_data()
