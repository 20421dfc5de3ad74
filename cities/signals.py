"""Keep cached map data in step with the published pages, and each city's access in step with it."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .city_list import CITY_LIST_VERSION
from .map_data import invalidate_map_data
from .models import CityAccess, CityPage, CityPublishingSettings, Theme
from .translation_sync import synchronise_on_save


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

    # The staff's city filters list every city by its title.
    post_save.connect(CITY_LIST_VERSION.changed, sender=CityPage, dispatch_uid="cities-list-saved")
    post_delete.connect(CITY_LIST_VERSION.changed, sender=CityPage, dispatch_uid="cities-list-deleted")

    post_save.connect(_keep_city_access, sender=CityPage, dispatch_uid="cities-access")
    post_save.connect(synchronise_on_save, sender=CityPage, dispatch_uid="cities-translations")
    page_unpublished.connect(
        _unpublish_translations, sender=CityPage, dispatch_uid="cities-translations-unpublished"
    )
    post_delete.connect(_remove_city_access, sender=CityAccess, dispatch_uid="cities-access-removed")
    post_save.connect(_apply_publishing_mode, sender=CityPublishingSettings, dispatch_uid="cities-publishing")


def _invalidate_on_page_delete(sender, **kwargs):
    if issubclass(sender, Page):
        invalidate_map_data()


def _keep_city_access(sender, instance, created, raw=False, **kwargs):
    """Every city gets its focal-point group and collection; renaming the city renames them.

    Translations share the original's: one city, one group, one collection.
    """
    if raw or not instance.is_original:
        return
    from .focal_points import city_label, ensure_city_access

    access = (
        None if created else CityAccess.objects.select_related("collection").filter(page=instance).first()
    )
    if access is None or access.collection.name != city_label(instance):
        ensure_city_access(instance)


def _unpublish_translations(sender, instance, **kwargs):
    """A city taken off the site leaves every language (Wagtail already unpublishes its aliases)."""
    if not instance.is_original:
        return
    for translation in instance.get_translations().live().filter(alias_of__isnull=True).specific():
        translation.unpublish()


def _remove_city_access(sender, instance, **kwargs):
    """A deleted city takes its focal-point group with it; its media collection stays for staff."""
    from django.contrib.auth.models import Group

    Group.objects.filter(pk=instance.group_id).delete()


def _apply_publishing_mode(sender, instance, **kwargs):
    from .focal_points import apply_publishing_mode

    apply_publishing_mode()
