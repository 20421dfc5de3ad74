"""A city works on the themes of its published good practices: they count among the city's themes
wherever the public sees them (cities.activity_themes), with those of its public activities.

Publishing, unpublishing or deleting a practice refreshes its city's themes, and so does a view
restriction added to or taken from a practice or a page above it. A practice may sit under a translation
of its city page: the themes belong to the city's original page, found by translation key.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from cities.activity_themes import add_source, refresh_cities
from cities.models import CityPage
from network.visibility import open_to_everyone

from .models import PracticePage


def practice_themes(city_ids=None):
    """{original city id: the theme ids of its live practices that any visitor may see (network.visibility):
    not the copies of a restricted practice either}, for these cities or for all."""
    originals = CityPage.objects.originals()
    if city_ids is not None:
        originals = originals.filter(pk__in=city_ids)
    city_by_key = dict(originals.values_list("translation_key", "pk"))
    links = (
        open_to_everyone(PracticePage.objects.live())
        .filter(city__translation_key__in=originals.values("translation_key"), themes__isnull=False)
        .values_list("city__translation_key", "themes")
    )
    themes = {}
    for key, theme_id in links.distinct():
        themes.setdefault(city_by_key[key], set()).add(theme_id)
    return themes


def refresh_city_of(practice):
    if practice.city_id is None:
        return
    key = CityPage.objects.filter(pk=practice.city_id).values("translation_key")
    refresh_cities(CityPage.objects.originals().filter(translation_key__in=key).values_list("pk", flat=True))


def _practice_changed(sender, instance, **kwargs):
    refresh_city_of(instance)


def _restriction_changed(sender, instance, **kwargs):
    """The cities of the practices at or under the page whose restriction changed."""
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:  # Deleted with its page: the practices' deletion refreshes their cities.
        return
    keys = PracticePage.objects.descendant_of(page, inclusive=True).values("city__translation_key")
    refresh_cities(CityPage.objects.originals().filter(translation_key__in=keys).values_list("pk", flat=True))


def connect():
    add_source("practices", practice_themes)
    uid = "practices-activity"
    page_published.connect(_practice_changed, sender=PracticePage, dispatch_uid=f"{uid}-published")
    page_unpublished.connect(_practice_changed, sender=PracticePage, dispatch_uid=f"{uid}-unpublished")
    post_delete.connect(_practice_changed, sender=PracticePage, dispatch_uid=f"{uid}-deleted")
    post_save.connect(_restriction_changed, sender=PageViewRestriction, dispatch_uid=f"{uid}-restricted")
    post_delete.connect(_restriction_changed, sender=PageViewRestriction, dispatch_uid=f"{uid}-unrestricted")
