"""A practice moved under another city page (in the admin, which moves its copies in the other languages
too) belongs to that city from then on: its `city`, which the list, its filters, the map and the search
read, follows the new parent, and the themes it gives leave the city it came from for the one it joined
(practices.activity).

Wagtail saves a moved page as a plain Page, so PracticePage.save, which sets the city, does not run.
"""

from wagtail.signals import post_page_move

from cities.activity_themes import refresh_cities
from network.caching.versions import PUBLISHED_CONTENT

from .models import PracticePage, original_city


def _practice_moved(sender, instance, parent_page_after, **kwargs):
    practice = PracticePage.objects.filter(pk=instance.pk)
    before = practice.values_list("city_id", flat=True).first()
    city = original_city(parent_page_after)
    after = city.pk if city is not None else None
    if before == after:
        return
    practice.update(city=after)
    # An update sends no signal: the lists, the map and the search read the practice's city.
    PUBLISHED_CONTENT.changed()
    refresh_cities([pk for pk in (before, after) if pk is not None])


def connect():
    post_page_move.connect(_practice_moved, sender=PracticePage, dispatch_uid="practices-moved")
