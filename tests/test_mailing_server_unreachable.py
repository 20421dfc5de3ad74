"""A mailing when the mail server cannot be reached, or the connection to it breaks mid-way
(mailings/sending.py): the mailing's page says so, the messages not yet handed over wait and the worker
tries again later, each person still gets it at most once, and the mailing ends sent when the server
answers again. Django's SMTP backend speaks to a local stand-in relay (tests/smtp_standin.py) or to a port
where nothing listens.
"""

from collections import Counter

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mailings.models import Delivery, Mailing, Segment
from mailings.sending import send_mailing
from tests import factories
from tests.smtp_standin import RelayGoingDown, SMTPStandIn, nothing_listening

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

# The worker's queue, kept in the database, where the next try waits for its time.
QUEUE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
PEOPLE = 6


def use_smtp(settings, port):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 5


@pytest.fixture
def mailing(staff_user):
    city = factories.CityFactory(title="Recife", country="BR")
    for number in range(PEOPLE):
        factories.ContactFactory(
            given_name=f"Persona{number}",
            family_name="Recife",
            city=city,
            emails=[f"persona{number}@example.org"],
            consent_basis="public_task",
        )
    segment = Segment.objects.create(name="Recife")
    segment.cities.set([city])
    mailing = Mailing.objects.create(segment=segment, subject_es="Foro", body_es="Texto", sent_by=staff_user)
    Mailing.objects.filter(pk=mailing.pk).update(status=Mailing.Status.QUEUED)
    return mailing


def statuses(mailing):
    return Counter(mailing.deliveries.values_list("status", flat=True))


def next_try(mailing):
    [task] = DBTaskResult.objects.filter(task_path="mailings.sending.send_mailing", status="READY")
    assert task.args_kwargs["args"] == [mailing.pk]
    return task.run_after


def page_text(client, mailing, soup):
    page = client.get(reverse("wagtailsnippets_mailings_mailing:inspect", args=[mailing.pk]))
    return " ".join(soup(page).get_text().split())


def test_an_unreachable_mail_server_is_shown_and_the_mailing_is_tried_again_later(
    staff_client, mailing, settings, soup
):
    use_smtp(settings, nothing_listening())
    with override_settings(TASKS=QUEUE):
        assert send_mailing.call(mailing.pk) == 0
        assert timezone.now() < next_try(mailing)

    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENDING
    assert statuses(mailing) == {Delivery.Status.PENDING: PEOPLE}
    text = page_text(staff_client, mailing, soup)
    assert "The mail server could not be reached" in text
    assert "Connection refused" in text
    assert f"{PEOPLE} messages are waiting" in text

    # The next try, once the server answers: everybody once, and the warning is gone.
    with SMTPStandIn() as relay:
        use_smtp(settings, relay.port)
        with override_settings(TASKS=QUEUE):
            assert send_mailing.call(mailing.pk) == PEOPLE
    assert sorted(relay.received()) == [f"persona{number}@example.org" for number in range(PEOPLE)]
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT and mailing.server_error == ""
    assert mailing.engagement.participants.count() == PEOPLE
    assert "could not be reached" not in page_text(staff_client, mailing, soup)


def test_a_connection_lost_mid_way_leaves_the_rest_waiting_and_sends_nobody_twice(
    staff_client, mailing, settings, soup
):
    # The settings fixture's changes come before override_settings: made inside it, they would outlive it
    # and leave the queue's backend to the tests that follow.
    with RelayGoingDown(accept=3) as relay:
        use_smtp(settings, relay.port)
        with override_settings(TASKS=QUEUE):
            assert send_mailing.call(mailing.pk) == 3

            # Three went out; the one being handed over when the connection broke may or may not have
            # arrived: it is not sent again. The others were not tried: they wait for the next try.
            assert statuses(mailing) == {
                Delivery.Status.SENT: 3,
                Delivery.Status.INTERRUPTED: 1,
                Delivery.Status.PENDING: PEOPLE - 4,
            }
            mailing.refresh_from_db()
            assert mailing.status == Mailing.Status.SENDING
            first_try_at = next_try(mailing)
            text = page_text(staff_client, mailing, soup)
            assert "The mail server could not be reached" in text
            assert f"{PEOPLE - 4} messages are waiting" in text

            # Still down at the next try (its time come, the worker runs it): nothing changes but the time of
            # the try after it.
            DBTaskResult.objects.all().delete()
            Mailing.objects.filter(pk=mailing.pk).update(retry_at=timezone.now())
            assert send_mailing.call(mailing.pk) == 0
            assert statuses(mailing)[Delivery.Status.PENDING] == PEOPLE - 4
            assert next_try(mailing) >= first_try_at

            relay.up()
            assert send_mailing.call(mailing.pk) == PEOPLE - 4
            received = Counter(relay.received())

    assert len(received) == PEOPLE - 1 and max(received.values()) == 1
    interrupted = mailing.deliveries.get(status=Delivery.Status.INTERRUPTED)
    assert interrupted.address not in received
    mailing.refresh_from_db()
    assert mailing.status == Mailing.Status.SENT
    assert mailing.engagement.participants.count() == PEOPLE - 1
    assert "could not be reached" not in page_text(staff_client, mailing, soup)
