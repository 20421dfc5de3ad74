"""Places freed by deletions while people register and cancel, from threads with connections of their own.

A confirmed registration deleted with its contact gives its place to the first person waiting once the
deletion has committed (events/signal_handlers.py), under the event's lock, as a cancellation does in its
own transaction; a latecomer registering meanwhile queues behind everyone waiting. Whatever the order the
threads run in, the event ends with exactly its places confirmed, given to the first people waiting.

The threads need committed data: see tests/test_event_registration_rush.py and tests/committed_database.py.
"""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.utils import translation

from contacts.models import Contact
from events.models import Notice, Registration
from events.registration import Registrant, cancel, register
from tests.committed_database import kept_for_later_tests
from tests.factories import EventFactory

CAPACITY = 8
PEOPLE = 20
DELETED = 4  # confirmed people whose contact is deleted
CANCELLED = 2
LATECOMERS = 4
THREADS = 8 if connection.vendor == "postgresql" else 4  # SQLite: see the rush test
WAIT = 60


@pytest.fixture(scope="module", autouse=True)
def session_database_kept(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock(), kept_for_later_tests(tmp_path_factory.mktemp("freed")):
        yield


def person(number):
    return Registrant(given_name=f"Persona {number}", family_name="", email=f"p{number:02}@example.org")


def at_once(calls):
    """Run the calls shared among THREADS threads that start together; returns every call's result."""
    barrier = threading.Barrier(THREADS)

    def thread(calls):
        try:
            barrier.wait(timeout=WAIT)
            with translation.override("en"):
                return [call() for call in calls]
        except BaseException:
            barrier.abort()
            raise
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        futures = [pool.submit(thread, calls[k::THREADS]) for k in range(THREADS)]
    return [result for future in futures for result in future.result()]


@pytest.mark.django_db(transaction=True)
def test_places_freed_by_deletions_go_to_the_first_people_waiting_while_others_register():
    event = EventFactory(capacity=CAPACITY)
    registrations = [register(event, person(number)) for number in range(PEOPLE)]
    confirmed, waiting = registrations[:CAPACITY], registrations[CAPACITY:]
    assert {r.status for r in confirmed} == {Registration.Status.CONFIRMED}
    deleted, cancelled = confirmed[:DELETED], confirmed[DELETED : DELETED + CANCELLED]

    at_once(
        [Contact.objects.get(pk=r.contact_id).delete for r in deleted]
        + [(lambda r=r: cancel(r)) for r in cancelled]
        + [(lambda n=n: register(event, person(PEOPLE + n))) for n in range(LATECOMERS)]
    )

    status = dict(Registration.objects.filter(event=event).values_list("pk", "status"))
    assert Counter(status.values())[Registration.Status.CONFIRMED] == CAPACITY
    moved_up = {r.pk for r in waiting[: DELETED + CANCELLED]}
    assert {pk for pk, s in status.items() if s == Registration.Status.CONFIRMED} == (
        {r.pk for r in confirmed[DELETED + CANCELLED :]} | moved_up
    ), "the freed places went to the first people waiting, none to a latecomer"
    promoted = Notice.objects.filter(registration__event=event, kind=Notice.Kind.PROMOTED)
    assert Counter(promoted.values_list("registration_id", flat=True)) == dict.fromkeys(moved_up, 1)
