"""Site languages and their Wagtail locales."""

from functools import lru_cache

from django.db.models.signals import post_delete, post_save
from django.utils import translation
from wagtail.models import Locale


@lru_cache(maxsize=16)
def locale_id(language_code):
    """The id of a language's Locale, looked up once per process: rows are added, hardly ever changed."""
    return Locale.objects.get_for_language(language_code).pk


def active_locale_id():
    return locale_id(translation.get_language())


def _forget_locales(**kwargs):
    locale_id.cache_clear()


post_save.connect(_forget_locales, sender=Locale, dispatch_uid="network-locale-saved")
post_delete.connect(_forget_locales, sender=Locale, dispatch_uid="network-locale-deleted")
