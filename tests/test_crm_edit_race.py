"""Two saves of a contact from forms opened together, sent at the same instant from threads with
connections of their own: the contact's row is locked before the form is checked, so the later save waits
for the earlier one and is refused, instead of passing the check before the earlier one is committed and
overwriting it (network/edit_conflicts.py).

The threads need committed data, so the test is transactional; tests/committed_database.py keeps the
session's database for the tests that run later.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.db.models.signals import post_save
from django.test import Client

from contacts.models import Contact
from tests import factories
from tests.committed_database import kept_for_later_tests
from tests.test_crm_edit_conflicts import CONTACT_EDIT, open_form, save

WAIT = 60  # seconds a thread waits for the other before giving up (a stuck thread fails the test)
# Long enough for the second save to reach the contact's row while the first one holds it.
HOLD = 1

# The site's database is PostgreSQL, whose row locks these are. On SQLite a transaction that read before it
# writes cannot wait for another writer: one of the two saves fails with "database is locked".
pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's row locks")


@pytest.fixture(scope="module", autouse=True)
def session_database_kept(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock(), kept_for_later_tests(tmp_path_factory.mktemp("edit-race")):
        yield


def signed_in(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.mark.django_db(transaction=True)
def test_of_two_saves_at_the_same_instant_the_later_is_refused(medellin):
    rita = factories.ContactFactory(given_name="Rita", job_title="Coordinadora", city=medellin)
    staff, colleague = signed_in(factories.uil_staff()), signed_in(factories.SuperuserFactory())
    staffs, colleagues = open_form(staff, CONTACT_EDIT, rita), open_form(colleague, CONTACT_EDIT, rita)
    first_saving, second_sent = threading.Event(), threading.Event()

    def hold_the_first_save(sender, instance, **kwargs):
        """The first save, checked and written, waits before its commit for the second to be sent."""
        if instance.job_title == "Secretaria":
            first_saving.set()
            second_sent.wait(WAIT)
            time.sleep(HOLD)

    def send(client, values, sent=None):
        try:
            if sent is not None:
                sent.set()
            return save(client, CONTACT_EDIT, rita, values).status_code
        finally:
            connection.close()  # this thread's connection

    post_save.connect(hold_the_first_save, sender=Contact, weak=False, dispatch_uid="edit-race")
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            first = pool.submit(send, staff, {**staffs, "job_title": "Secretaria"})
            assert first_saving.wait(WAIT)
            second = pool.submit(send, colleague, {**colleagues, "notes": "Prefers calls"}, second_sent)
            statuses = (first.result(), second.result())
    finally:
        post_save.disconnect(sender=Contact, dispatch_uid="edit-race")

    assert statuses == (302, 200)
    rita.refresh_from_db()
    assert (rita.job_title, rita.notes) == ("Secretaria", "")
