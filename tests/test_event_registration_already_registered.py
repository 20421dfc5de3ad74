"""The public registration form answers an address already registered for the event exactly as it answers
a new one: nobody learns from it whether someone registered. The person who holds the address is told by
e-mail instead, with their personal link, and nothing of their registration changes."""

import pytest
from django.core import mail

from events.models import EventPage, Notice, Registration
from tests.factories import EventFactory
from tests.test_event_registration_admin import inspected

pytestmark = pytest.mark.django_db


def form(email, given_name="Ana", **extra):
    return {
        "given_name": given_name,
        "family_name": "Pérez",
        "email": email,
        "organisation": "Alcaldía",
        "language": "en",
        **extra,
    }


@pytest.fixture
def submit(client, django_capture_on_commit_callbacks):
    """Send the event's registration form on the English site as a visitor, the e-mails sent after the
    commit; returns the response and the page it leads to."""

    def submit(event, **fields):
        english = EventPage.objects.get(translation_key=event.translation_key, locale__language_code="en")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"{english.url}register/", form(**fields))
        return response, client.get(response["Location"]) if response.status_code == 302 else None

    return submit


def answer(response, page):
    return response.status_code, response["Location"], page.status_code, page.content.decode()


@pytest.mark.parametrize("registration", ["open", "approval"])
def test_a_registered_address_gets_the_same_answer_as_a_new_one(submit, registration):
    event = EventFactory(capacity=5, registration=registration)
    submit(event, email="ana@example.org")

    new = answer(*submit(event, email="bea@example.org"))
    registered_already = answer(*submit(event, email="Ana@Example.org", given_name="Someone"))

    assert registered_already == new
    assert "already" not in new[3]


def test_the_person_registered_is_told_by_e_mail_with_their_personal_link(submit):
    event = EventFactory(capacity=5, online_url="https://meet.example.org/secret-room")
    submit(event, email="ana@example.org")
    registration = Registration.objects.get()
    mail.outbox.clear()

    submit(event, email="ANA@example.org", given_name="Someone", organisation="Otra")

    (message,) = mail.outbox
    assert message.to == ["ana@example.org"]
    assert message.subject == f"You are already registered for “{event.title}”"
    assert "already registered" in message.body and "nothing has changed" in message.body
    assert f"/registration/{registration.manage_key}/" in message.body
    assert "secret-room" not in message.body and not message.attachments, "only what the form's sender knew"
    registration.refresh_from_db()
    assert (registration.name, registration.organisation, registration.status) == (
        "Ana Pérez",
        "Alcaldía",
        Registration.Status.CONFIRMED,
    )
    assert Registration.objects.count() == 1


def test_a_cancelled_registration_does_not_stop_registering_again(submit):
    event = EventFactory(capacity=5)
    submit(event, email="ana@example.org")
    Registration.objects.update(status=Registration.Status.CANCELLED)
    mail.outbox.clear()

    submit(event, email="ana@example.org")

    assert Registration.objects.filter(status=Registration.Status.CONFIRMED).count() == 1
    assert "is confirmed" in mail.outbox[0].subject


def test_sending_the_form_again_and_again_is_still_limited(submit, settings):
    settings.EVENT_REGISTRATIONS_PER_EMAIL = 2
    event = EventFactory(capacity=5)
    for _try in range(2):
        assert submit(event, email="ana@example.org")[0].status_code == 302

    response, _page = submit(event, email="ana@example.org")

    assert response.status_code == 429
    assert len(mail.outbox) == 2, "the confirmation and one e-mail saying she is registered"


def test_staff_see_the_e_mail_on_the_registration_s_page(submit, staff_client, soup, english_admin):
    event = EventFactory(capacity=5)
    submit(event, email="ana@example.org")
    submit(event, email="ana@example.org")

    fields, _html = inspected(staff_client, soup, Registration.objects.get())

    assert "Already registered (the form sent again): sent on" in fields["E-mails"]
    assert Notice.objects.filter(kind=Notice.Kind.ALREADY_REGISTERED).count() == 1
