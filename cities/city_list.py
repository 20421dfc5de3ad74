"""Every city once (its original) as (id, title), for the staff's filters.

With thousands of cities the list costs a listing page more than its rows do, so each process keeps it
until a city is added, renamed or deleted through any process (the version lives in the shared cache).
"""

from network.caching.shared import VersionedMemo
from network.caching.versions import CITY_LIST

from .models import CityPage

_kept = VersionedMemo(max_bytes=16 * 1024 * 1024)
ROW_BYTES = 200  # a row, its id in the set and its written option, roughly


class CityList:
    def __init__(self, rows):
        self.choices = rows
        self.ids = frozenset(str(pk) for pk, _title in rows)


def city_list():
    version = CITY_LIST.current()  # None while the shared cache is unreachable: nothing is kept
    cities = _kept.get(version, "originals")
    if cities is None:
        cities = CityList(list(CityPage.objects.originals().order_by("title").values_list("pk", "title")))
        _kept.set(version, "originals", cities, ROW_BYTES * len(cities.choices))
    return cities
