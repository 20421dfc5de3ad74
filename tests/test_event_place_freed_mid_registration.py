"""A place freed by a deletion that commits in the middle of someone else's registration.

The freed-places rush (tests/test_event_freed_places_rush.py) once ended, on PostgreSQL, with a latecomer
confirmed and a person waiting left out: the registration had counted the places taken before the
deletion committed (nothing to give to the people waiting) and again after it (a free place, so the
latecomer took it), since each statement sees what committed before it. Here that interleaving is made to
happen, step by step: the deletion commits between those two counts.

The deletion runs in a thread with its own connection, so the test needs committed data: see
tests/committed_database.py. SQLite cannot interleave so: the registration holds the database's write
lock from its first statement, and the deletion waits for it.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction

from contacts.models import Contact
from events import registration as registration_module
from events.models import Registration
from events.registration import Registrant, register
from tests.committed_database import kept_for_later_tests
from tests.factories import EventFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite's write lock keeps the deletion out of a registration"
)


@pytest.fixture(scope="module", autouse=True)
def session_database_kept(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock(), kept_for_later_tests(tmp_path_factory.mktemp("freed_mid")):
        yield


def person(number):
    return Registrant(given_name=f"Persona {number}", family_name="", email=f"p{number:02}@example.org")


@pytest.mark.django_db(transaction=True)
def test_a_place_freed_mid_registration_goes_to_the_person_waiting_not_the_latecomer(monkeypatch):
    event = EventFactory(capacity=2)
    first, second, waiting = (register(event, person(number)) for number in range(3))
    assert waiting.status == Registration.Status.WAITING
    fill_free_places = registration_module.fill_free_places
    deleter = ThreadPoolExecutor(max_workers=1)

    def delete_the_first_contact():
        try:
            with transaction.atomic():  # once committed, its places_freed waits for the registration's lock
                Contact.objects.get(pk=first.contact_id).delete()
        finally:
            connection.close()

    def then_a_deletion_commits(event):
        monkeypatch.undo()  # the deletion's places_freed, later, fills the places as the site does
        moved_up = fill_free_places(event)
        deletion = deleter.submit(delete_the_first_contact)
        while Registration.objects.filter(pk=first.pk).exists():  # each statement sees the latest commits
            assert not deletion.done(), deletion.exception()
        return moved_up

    monkeypatch.setattr(registration_module, "fill_free_places", then_a_deletion_commits)
    with deleter:
        latecomer = register(event, person(3))
    status = dict(Registration.objects.filter(event=event).values_list("pk", "status"))
    assert status == {
        second.pk: Registration.Status.CONFIRMED,
        waiting.pk: Registration.Status.CONFIRMED,
        latecomer.pk: Registration.Status.WAITING,
    }, "the place freed in the middle of the registration went to the person waiting, not the latecomer"
