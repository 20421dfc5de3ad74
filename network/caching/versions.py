"""The named versions of shared data. Whatever is stored under a version is unused once it changes.

Which changes start a new version is in `network/caching/invalidation.py`; the keys are kept from the
first release so that a deployment does not empty running caches for nothing.
"""

from .shared import SharedVersion

# Everything the public sees: pages (and their URLs), the map data, theme names, view restrictions.
PUBLISHED_CONTENT = SharedVersion("cities:map-data-version")
# The engagement log: listing counts and city timelines.
ENGAGEMENT_LOG = SharedVersion("contacts:engagement-log-version")
# The themes of the cities' public activity (cities.activity_themes), read for every map and theme count.
CITY_ACTIVITY = SharedVersion("cities:activity-themes-version")
