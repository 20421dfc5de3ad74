"""First evidence files of several cities sent at the same instant, from threads with connections of
their own, make one evidence collection per city, all under the one collection of evidence.

A city's collection is made when its first file arrives (progress/evidence.py). Two focal points of a
city, or one in two tabs, may send their first files at once: the city's access row is locked while its
collection is looked for and made, so the later upload finds the collection the first made. Other cities'
first files add to the same part of the collection tree at the same time: the tree's root is locked while
that part changes. Without the second lock each racing city made an evidence collection root of its own.
On SQLite every transaction takes the database's write lock as it begins (network/settings/base.py);
without that, one of the uploads failed at once with "database is locked".
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from wagtail.models import Collection

from cities.focal_points import ensure_city_access
from progress.evidence import EVIDENCE_COLLECTION, evidence_collection
from progress.models import EvidenceCollection
from tests.committed_database import kept_for_later_tests
from tests.factories import CityFactory

CITIES = 4
UPLOADS_PER_CITY = 3
WAIT = 60  # seconds a thread waits for the others before giving up (a stuck thread fails the test)


@pytest.fixture(scope="module", autouse=True)
def session_database_kept(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock(), kept_for_later_tests(tmp_path_factory.mktemp("evidence")):
        yield


@pytest.mark.django_db(transaction=True)
def test_first_uploads_at_the_same_instant_make_one_collection_per_city():
    cities = [CityFactory() for _ in range(CITIES)]
    for city in cities:
        ensure_city_access(city)
    start = threading.Barrier(CITIES * UPLOADS_PER_CITY)

    def first_upload(city):
        try:
            start.wait(timeout=WAIT)
            return city.pk, evidence_collection(city).pk
        except BaseException:
            start.abort()
            raise
        finally:
            connection.close()  # this thread's connection

    with ThreadPoolExecutor(max_workers=CITIES * UPLOADS_PER_CITY) as pool:
        uploads = [pool.submit(first_upload, city) for city in cities for _ in range(UPLOADS_PER_CITY)]
    collections_found = {}
    for upload in uploads:
        city_id, collection_id = upload.result()
        collections_found.setdefault(city_id, set()).add(collection_id)

    assert all(len(found) == 1 for found in collections_found.values()), collections_found
    links = dict(EvidenceCollection.objects.values_list("city_id", "collection_id"))
    assert {city_id: {collection_id} for city_id, collection_id in links.items()} == collections_found
    (evidence_root,) = Collection.objects.filter(name=EVIDENCE_COLLECTION)
    assert evidence_root.get_children().count() == CITIES
