"""A rush of registrations for an event with a waiting list, from threads with connections of their own.

The rule (the events issue): a thousand registrations in five minutes against an event of 300 places
give exactly 300 confirmed, everyone else waiting, nobody lost and nobody twice, because the event's
row is locked while a place is given (a row lock on PostgreSQL, SQLite's write lock, both taken by the
transaction's first statement), not by luck. Here the same rush on a smaller scale: threads registering
different people at once, some people sent by two threads at the same instant, then cancellations from several
threads (some of one registration twice at once) while latecomers register: each cancellation moves
exactly one person up.

The threads need committed data, so the test is transactional; tests/committed_database.py keeps the
session's database for the tests that run later, and gives the threads SQLite's locking as the site has it.
"""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.db import connection
from django.utils import translation

from contacts.models import ContactEmail
from events.models import Notice, Registration
from events.registration import Registrant, RegistrationRefused, cancel, register
from tests.committed_database import kept_for_later_tests
from tests.factories import EventFactory

CAPACITY = 30
PEOPLE = 140  # different addresses
SENT_TWICE = 10  # people whose form two threads send at the same instant (half with the address in capitals)
CANCELLATIONS = 10
CANCELLED_TWICE = 2  # of these, cancelled by two threads at the same instant
LATECOMERS = 6  # register during the cancellations: they join the waiting list, never take a freed place
# On SQLite every writer waits for the one write lock, polling, for at most the connection's busy timeout
# (Python's default, 5 s: the settings set none). Ten threads made one of them wait that long now and then
# ("database is locked"), four stay well within it.
THREADS = 10 if connection.vendor == "postgresql" else 4
WAIT = 60  # seconds a thread waits for the others before giving up (a stuck thread fails the test)

CONFIRMED, WAITING, CANCELLED = (
    Registration.Status.CONFIRMED,
    Registration.Status.WAITING,
    Registration.Status.CANCELLED,
)


# --- The session's database, kept for the tests after this one ----------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def session_database_kept(django_db_setup, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock(), kept_for_later_tests(tmp_path_factory.mktemp("rush")):
        yield


# --- Threads ------------------------------------------------------------------------------------------------


class Rush:
    """Calls shared among THREADS threads that start together, each with its own database connection.

    Each pair of calls goes to two neighbouring threads, which make them at the same instant. The pairs
    come in the same order in every thread, so no two threads wait for each other in a circle.
    """

    def __init__(self, calls, pairs=()):
        self.jobs = [calls[k::THREADS] for k in range(THREADS)]
        self.barriers = [threading.Barrier(THREADS)]
        for number, (first, second) in enumerate(pairs):
            barrier = threading.Barrier(2)
            self.barriers.append(barrier)
            for thread, call in ((number % THREADS, first), ((number + 1) % THREADS, second)):
                self.jobs[thread].insert(1 + 2 * number, self.in_step(barrier, call))

    @staticmethod
    def in_step(barrier, call):
        def made_with_the_other():
            barrier.wait(timeout=WAIT)
            return call()

        return made_with_the_other

    def thread(self, calls):
        try:
            self.barriers[0].wait(timeout=WAIT)
            with translation.override("en"):  # as the test's own thread (tests/conftest.py)
                return [call() for call in calls]
        except BaseException:
            for barrier in self.barriers:
                barrier.abort()  # the other threads stop waiting for this one
            raise
        finally:
            connection.close()  # this thread's connection

    def results(self):
        """All the calls' results. An exception in a thread fails the test here (the first that is not
        another thread's giving up)."""
        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            futures = [pool.submit(self.thread, calls) for calls in self.jobs]
        errors = sorted(
            (future.exception() for future in futures if future.exception()),
            key=lambda error: isinstance(error, threading.BrokenBarrierError),
        )
        if errors:
            raise errors[0]
        return [result for future in futures for result in future.result()]


# --- Registrations ------------------------------------------------------------------------------------------


def person(number, email=None):
    return Registrant(
        given_name=f"Persona {number}",
        family_name="Prisa",
        email=email or f"person-{number:03}@example.org",
        organisation="Alcaldía",
        language="en",
    )


def registering(event, registrant):
    """A call that registers the person; it returns (address sent, registration or None, refusal)."""

    def attempt():
        try:
            return registrant.email, register(event, registrant), None
        except RegistrationRefused as refusal:
            return registrant.email, None, str(refusal)

    return attempt


def cancelling(registration):
    return lambda: cancel(registration)


def subjects_by_address():
    subjects = {}
    for message in mail.outbox:
        (address,) = message.to
        subjects.setdefault(address.lower(), []).append(message.subject)
    return subjects


@pytest.mark.django_db(transaction=True)
def test_a_rush_fills_the_places_exactly_and_each_cancellation_moves_one_person_up():
    event = EventFactory(capacity=CAPACITY, online_url="https://meet.example.org/room")
    people = [person(number) for number in range(PEOPLE)]
    sent_twice = range(5, PEOPLE, PEOPLE // SENT_TWICE)
    again = [
        person(number, email=people[number].email.upper() if index % 2 else None)
        for index, number in enumerate(sent_twice)
    ]
    rush = Rush(
        [registering(event, p) for number, p in enumerate(people) if number not in sent_twice],
        [
            (registering(event, people[number]), registering(event, other))
            for number, other in zip(sent_twice, again, strict=True)
        ],
    )

    results = rush.results()

    # Everyone had an answer: each person registered once, the second form of the same person refused.
    assert len(results) == PEOPLE + SENT_TWICE
    refusals = [(email, refusal) for email, registration, refusal in results if registration is None]
    assert Counter(email.lower() for email, _refusal in refusals) == Counter(
        people[number].email for number in sent_twice
    )
    assert all("already registered" in refusal for _email, refusal in refusals)
    registrations = list(Registration.objects.filter(event=event).order_by("pk"))
    assert Counter(r.email.lower() for r in registrations) == Counter(p.email for p in people), (
        "nobody lost, nobody twice"
    )
    told = {
        registration.pk: registration.status for _email, registration, _refusal in results if registration
    }
    assert told == {r.pk: r.status for r in registrations}, "each person was told the status they have"

    # Exactly the places, to the first registrations (in the order the lock let them in); the rest waiting.
    assert [r.status for r in registrations] == [CONFIRMED] * CAPACITY + [WAITING] * (PEOPLE - CAPACITY)

    # One CRM contact per person, one notice per registration, sent: one e-mail per person.
    assert Counter(address.lower() for address in ContactEmail.objects.values_list("address", flat=True)) == (
        Counter(p.email for p in people)
    )
    notices = list(Notice.objects.filter(registration__event=event).select_related("registration"))
    assert Counter(notice.registration_id for notice in notices) == {r.pk: 1 for r in registrations}
    assert all(notice.kind == notice.registration.status for notice in notices)
    assert {notice.status for notice in notices} == {Notice.Status.SENT}
    subjects = subjects_by_address()
    assert subjects.keys() == {p.email for p in people}
    for r in registrations:
        (subject,) = subjects[r.email.lower()]
        assert ("is confirmed" if r.status == CONFIRMED else "waiting list") in subject

    # Cancellations from several threads, two of them sent twice at once, while latecomers register.
    mail.outbox.clear()
    confirmed, waiting = registrations[:CAPACITY], registrations[CAPACITY:]
    cancelled = confirmed[3 : 3 + 2 * CANCELLATIONS : 2]
    latecomers = [person(PEOPLE + number) for number in range(LATECOMERS)]
    rush = Rush(
        [cancelling(r) for r in cancelled[CANCELLED_TWICE:]] + [registering(event, p) for p in latecomers],
        [(cancelling(r), cancelling(r)) for r in cancelled[:CANCELLED_TWICE]],
    )

    results = rush.results()

    moved_up = [result for result in results if isinstance(result, Registration)]
    assert len(moved_up) == CANCELLATIONS, "each cancellation moved exactly one person up"
    assert results.count(None) == CANCELLED_TWICE, "cancelling a cancelled registration again does nothing"
    first_waiting = {r.pk for r in waiting[:CANCELLATIONS]}
    assert {r.pk for r in moved_up} == first_waiting, "the freed places went to the first people waiting"
    status = dict(Registration.objects.filter(event=event).values_list("pk", "status"))
    assert Counter(status.values()) == {
        CONFIRMED: CAPACITY,
        CANCELLED: CANCELLATIONS,
        WAITING: PEOPLE - CAPACITY - CANCELLATIONS + LATECOMERS,
    }
    assert {pk for pk, s in status.items() if s == CANCELLED} == {r.pk for r in cancelled}
    assert {pk for pk, s in status.items() if s == CONFIRMED} == (
        {r.pk for r in confirmed} - {r.pk for r in cancelled} | first_waiting
    )
    late = list(Registration.objects.filter(email__in=[p.email for p in latecomers]))
    assert len(late) == LATECOMERS and {r.status for r in late} == {WAITING}

    new_notices = Counter(
        Notice.objects.filter(registration__event=event)
        .exclude(pk__in=[notice.pk for notice in notices])
        .values_list("registration_id", "kind")
    )
    assert new_notices == {
        **{(r.pk, Notice.Kind.CANCELLED): 1 for r in cancelled},
        **{(pk, Notice.Kind.PROMOTED): 1 for pk in first_waiting},
        **{(r.pk, Notice.Kind.WAITING): 1 for r in late},
    }
    assert {notice.status for notice in Notice.objects.all()} == {Notice.Status.SENT}
    expected = {r.email.lower(): "is cancelled" for r in cancelled}
    expected |= {r.email.lower(): "A place is free" for r in waiting[:CANCELLATIONS]}
    expected |= {p.email: "waiting list" for p in latecomers}
    subjects = subjects_by_address()
    assert subjects.keys() == expected.keys()
    for address, words in expected.items():
        (subject,) = subjects[address]
        assert words in subject
