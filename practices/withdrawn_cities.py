"""A city taken off the site takes its good practices with it. Wagtail unpublishes a page's children only
when the editor ticks it; left live, they stayed in the practices list, on the map and in the search, and
answered at their own address, each naming a city whose page is gone.

The signal comes for the city page in every language (cities.signals unpublishes its translations,
Wagtail its aliases), and the practices' own copies follow theirs. Publishing the city again leaves its
practices off the site: staff publish again those that should return.
"""

from wagtail.signals import page_unpublished

from cities.models import CityPage

from .models import PracticePage


def _city_unpublished(sender, instance, **kwargs):
    for practice in PracticePage.objects.child_of(instance).live():
        practice.unpublish()


def connect():
    page_unpublished.connect(_city_unpublished, sender=CityPage, dispatch_uid="practices-city-unpublished")
