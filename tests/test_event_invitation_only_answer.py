"""The public form of an event by invitation answers every accepted form the same way, invited or not, so
that it tells no stranger whether an address is on the list. The address typed gets the answer by e-mail:
an invited one its registration's e-mail, any other one a short message that it is not on the event's list
and whom to ask; nothing is stored for it (no registration, no contact). Mistakes in the form are still
shown on the page. The e-mail goes through the background worker, as every registration e-mail."""

import re
from email.utils import parseaddr

import pytest
from django.core import mail
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from contacts.models import Contact, ContactEmail
from events.models import EventPage, Notice, Registration
from mailings.models import Segment
from tests.factories import ContactFactory, EventFactory
from tests.smtp_standin import SMTPStandIn, nothing_listening

pytestmark = pytest.mark.django_db

RECEIVED = "We have received your registration"
QUEUE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}


@pytest.fixture
def forum(medellin):
    """A forum by invitation for the contacts of Medellín, Irene among them."""
    segment = Segment.objects.create(name="Contactos de Medellín")
    segment.cities.set([medellin])
    ContactFactory(given_name="Irene", city=medellin, emails=["irene@example.org"])
    return EventFactory(
        title="Foro por invitación",
        registration=EventPage.Registration.INVITATION,
        invited_segment=segment,
        online_url="https://meet.example.org/forum-room",
    )


def english_url(event):
    english = EventPage.objects.get(translation_key=event.translation_key, locale__language_code="en")
    return f"{english.url}register/"


@pytest.fixture
def register(client, django_capture_on_commit_callbacks):
    """Send the public form as a person would and follow the answer; the final response."""

    def post(event, email, language="en", **extra):
        data = {"given_name": "Nadia", "family_name": "Nueva", "email": email, "language": language, **extra}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(english_url(event), data, follow=True)

    return post


def main_text(response):
    main = re.search(r"<main.*?</main>", response.content.decode(), re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def test_an_address_not_invited_gets_the_same_page_as_an_invited_one(forum, register):
    invited = register(forum, "irene@example.org")
    stranger = register(forum, "nadia@example.org")

    assert stranger.redirect_chain == invited.redirect_chain
    assert stranger.status_code == invited.status_code == 200
    assert RECEIVED in main_text(stranger)
    assert main_text(stranger) == main_text(invited)
    assert "not on the list" not in stranger.content.decode()


def test_an_address_not_invited_is_told_by_e_mail_and_nothing_is_stored(forum, medellin, register):
    known = ContactFactory(given_name="Kevin", emails=["kevin@example.org"])
    contacts_before = set(Contact.objects.values_list("pk", flat=True))

    register(forum, "Kevin@Example.org", city=medellin.translation_key, consent_to_contact="on")
    register(forum, "nadia@example.org")

    assert not Registration.objects.exists()
    assert not Notice.objects.exists()
    assert set(Contact.objects.values_list("pk", flat=True)) == contacts_before
    assert not ContactEmail.objects.filter(address__iexact="nadia@example.org").exists()
    known.refresh_from_db()
    assert known.city is None and not known.consent_basis
    assert [message.to for message in mail.outbox] == [["Kevin@Example.org"], ["nadia@example.org"]]
    message = mail.outbox[1]
    assert "Foro por invitación" in message.subject or "Foro por invitación" in message.body
    assert "not on the list" in message.body
    assert "Learning Cities Network" in message.body, "whom to ask"
    assert "meet.example.org" not in message.body, "no online link"
    assert "/registration/" not in message.body and not message.attachments


def test_the_e_mail_is_in_the_language_chosen_on_the_form(forum, register):
    """Sent from the English page, in Spanish as chosen: the link opens the Spanish page."""
    register(forum, "nadia@example.org", language="es")
    register(forum, "nadia@example.org", language="en")
    spanish, english = mail.outbox
    assert forum.get_full_url() in spanish.body
    assert english_url(forum).removesuffix("register/") in english.body
    assert english_url(forum).removesuffix("register/") not in spanish.body
    senders = [parseaddr(message.from_email)[0] for message in (spanish, english)]
    assert senders == ["Red de Ciudades del Aprendizaje", "Learning Cities Network"]


def test_the_invited_address_still_registers(forum, register):
    register(forum, "irene@example.org")
    assert Registration.objects.get().status == Registration.Status.CONFIRMED
    [message] = mail.outbox
    assert "confirmed" in message.subject


def test_mistakes_in_the_form_are_still_shown(forum, client):
    response = client.post(english_url(forum), {"given_name": "", "email": "nadia@", "language": "en"})
    assert response.status_code == 400
    text = main_text(response)
    assert "Correct the form" in text and "E-mail address" in text and "Given name" in text
    assert not mail.outbox


def test_the_form_sent_too_often_is_refused_and_mails_no_more(forum, register, settings):
    for _ in range(settings.EVENT_REGISTRATIONS_PER_EMAIL + 2):
        register(forum, "nadia@example.org")
    assert len(mail.outbox) == settings.EVENT_REGISTRATIONS_PER_EMAIL


def mail_server_at(port):
    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_TIMEOUT=5,
        TASKS=QUEUE,
    )


def test_the_e_mail_waits_in_the_queue_while_the_mail_server_is_down(
    forum, client, django_capture_on_commit_callbacks
):
    data = {"given_name": "Nadia", "email": "nadia@example.org", "language": "en"}
    with mail_server_at(nothing_listening()):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(english_url(forum), data)
        assert response.status_code == 302 and response["Location"].endswith("?done=received")
        [waiting] = DBTaskResult.objects.filter(status="READY")
        args = waiting.args_kwargs["args"]
        # The worker's first try meets the server down: the e-mail waits for a later try.
        assert waiting.task.call(*args) is False
    assert not Registration.objects.exists() and not Contact.objects.filter(given_name="Nadia").exists()

    with SMTPStandIn() as relay, mail_server_at(relay.port):
        assert waiting.task.call(*args) is True
    assert relay.received() == ["nadia@example.org"]
