"""Keep each city's access, translations and publishing mode in step with its page.

Cached data is kept in step by network/caching/invalidation.py."""

from django.contrib.auth.models import Group
from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.signals import page_unpublished

from .focal_points import apply_publishing_mode, city_label, ensure_city_access
from .models import CityAccess, CityPage, CityPublishingSettings
from .translation_sync import synchronise_on_save, take_on_save

# What a city's group and collection are named after (cities.focal_points.city_label).
NAMING_FIELDS = {"title", "country"}


def connect():
    post_save.connect(_keep_city_access, sender=CityPage, dispatch_uid="cities-access")
    pre_save.connect(take_on_save, sender=CityPage, dispatch_uid="cities-translation-facts")
    post_save.connect(synchronise_on_save, sender=CityPage, dispatch_uid="cities-translations")
    page_unpublished.connect(
        _unpublish_translations, sender=CityPage, dispatch_uid="cities-translations-unpublished"
    )
    post_delete.connect(_remove_city_access, sender=CityAccess, dispatch_uid="cities-access-removed")
    post_save.connect(_apply_publishing_mode, sender=CityPublishingSettings, dispatch_uid="cities-publishing")


def _keep_city_access(sender, instance, created, raw=False, update_fields=None, **kwargs):
    """Every city gets its focal-point group and collection; publishing a new name renames them.

    Translations share the original's: one city, one group, one collection. A draft (save_revision()
    saves the page's revision fields only, with the draft's title in memory) renames nothing: its name
    is not approved yet, and may never be.
    """
    if raw or not instance.is_original:
        return
    if update_fields is not None and not NAMING_FIELDS.intersection(update_fields):
        return
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
    Group.objects.filter(pk=instance.group_id).delete()


def _apply_publishing_mode(sender, instance, raw=False, **kwargs):
    if raw:  # Loading saved data (loaddata, a restore): the groups may not be there yet.
        return
    apply_publishing_mode()
