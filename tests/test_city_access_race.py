"""Several new cities' access made at the same instant, from threads with connections of their own: one
focal-point group and one media collection per city, all under the one "cities" collection.

A city's access (cities/focal_points.py) is made the first time something needs it: the page's first
save, an invitation, a focal-point role, a first evidence file. Several may come at once, for one city or
for several (two editors adding cities, an import beside an invitation). Each adds to the same part of the
collection tree, which its root's lock keeps to one change at a time, as progress/evidence.py does for
evidence; the city's access is looked for again under that lock, so a city racing with itself gets one.
The threads need committed data: see tests/committed_database.py.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction
from wagtail.models import Collection

from cities.focal_points import CITIES_COLLECTION_NAME, ensure_city_access
from cities.models import CityAccess
from tests.committed_database import kept_for_later_tests
from tests.factories import CityFactory

CITIES = 4
CALLS_PER_CITY = 3
WAIT = 60  # seconds a thread waits for the others before giving up (a stuck thread fails the test)


@pytest.fixture(scope="module", autouse=True)
def session_database_kept(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock(), kept_for_later_tests(tmp_path_factory.mktemp("city_access")):
        yield


@pytest.mark.django_db(transaction=True)
def test_access_made_at_the_same_instant_gives_each_city_one_group_and_collection():
    cities = [CityFactory() for _ in range(CITIES)]
    CityAccess.objects.filter(page__in=cities).delete()  # as before the cities' first saves
    start = threading.Barrier(CITIES * CALLS_PER_CITY)

    def first_access(city):
        try:
            start.wait(timeout=WAIT)
            with transaction.atomic():
                access = ensure_city_access(city)
            return city.pk, (access.group_id, access.collection_id)
        except BaseException:
            start.abort()
            raise
        finally:
            connection.close()  # this thread's connection

    with ThreadPoolExecutor(max_workers=CITIES * CALLS_PER_CITY) as pool:
        calls = [pool.submit(first_access, city) for city in cities for _ in range(CALLS_PER_CITY)]
    found = {}
    for call in calls:
        city_id, group_and_collection = call.result()
        found.setdefault(city_id, set()).add(group_and_collection)

    assert all(len(each) == 1 for each in found.values()), found
    stored = CityAccess.objects.filter(page__in=cities).values_list("page_id", "group_id", "collection_id")
    assert {page: {(group, collection)} for page, group, collection in stored} == found
    (cities_collection,) = Collection.objects.filter(name=CITIES_COLLECTION_NAME, depth=2)
    made = {collection_id for each in found.values() for _group, collection_id in each}
    assert set(cities_collection.get_children().filter(pk__in=made).values_list("pk", flat=True)) == made
