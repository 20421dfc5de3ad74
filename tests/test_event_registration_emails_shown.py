"""A registration's admin page lists the e-mails the person was sent and those still waiting, so that staff
answering "I never got my confirmation" can see whether it went out, waits for the mail server, or broke
off while it was being handed over."""

from datetime import UTC, datetime

import pytest

from events.models import Notice
from events.registration import Registrant, register
from tests.factories import EventFactory
from tests.test_event_registration_admin import inspected

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


@pytest.fixture
def registration():
    """Ana's registration, its confirmation written and waiting to be sent."""
    return register(EventFactory(title="Taller de datos"), Registrant("Ana", "Pérez", "ana@example.org"))


def test_the_registration_page_lists_its_emails_and_what_became_of_them(staff_client, soup, registration):
    confirmation = registration.notices.get()
    confirmation.status = Notice.Status.SENT
    # 15:31 UTC is 09:31 on the site's clock (America/Mexico_City).
    confirmation.sent_at = datetime(2026, 12, 5, 15, 31, tzinfo=UTC)
    confirmation.save()
    Notice.objects.create(registration=registration, kind=Notice.Kind.REMINDER)
    Notice.objects.create(registration=registration, kind=Notice.Kind.CANCELLED, status=Notice.Status.SENDING)
    Notice.objects.create(registration=registration, kind=Notice.Kind.PROMOTED, status=Notice.Status.FAILED)

    fields, _html = inspected(staff_client, soup, registration)
    emails = fields["E-mails"]
    assert "Confirmed: sent on 5 December 2026, 09:31" in emails
    assert "Reminder before the event: waiting to be sent" in emails
    assert "Cancelled: interrupted while being handed to the mail server; not sent again" in emails
    assert "Moved up from the waiting list: failed" in emails
