"""Who an e-mail comes from, as its reader sees it in their inbox: the network's name in the language the
message is written in, unless the site's operator named the sender otherwise (DEFAULT_FROM_EMAIL).

The invitation, the follow-up reminder, the mailing and the event's "not on the list" answer are checked
in their own modules' language tests; the registrant's notices and the password link here."""

from email.utils import parseaddr

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from events.models import Notice, Registration
from events.notices import send_notices
from network.senders import sender
from tests.factories import ContactFactory, EventFactory

pytestmark = pytest.mark.django_db

NAMES = {"es": "Red de Ciudades del Aprendizaje", "pt-br": "Rede de Cidades de Aprendizagem"}


@pytest.mark.parametrize("language", ["es", "pt-br", "en"])
def test_the_network_is_named_in_the_reader_s_language(settings, language):
    settings.DEFAULT_FROM_EMAIL = "Learning Cities Network <redes@example.org>"
    with translation.override(language):
        name, address = parseaddr(sender())
    assert name == NAMES.get(language, "Learning Cities Network")
    assert address == "redes@example.org"


@pytest.mark.parametrize("configured", ["Aprendizaje UIL <uil@example.org>", "uil@example.org"])
def test_a_sender_the_operator_named_otherwise_is_kept(settings, configured):
    settings.DEFAULT_FROM_EMAIL = configured
    with translation.override("pt-br"):
        assert sender() == configured


def test_a_registrant_s_notice_comes_from_the_network_in_their_language():
    event = EventFactory(title="Foro regional")
    registration = Registration.objects.create(
        event=event,
        contact=ContactFactory(),
        name="Rita Souza",
        email="rita@example.org",
        language="pt",
        status=Registration.Status.CONFIRMED,
    )
    Notice.objects.create(registration=registration, kind=Notice.Kind.CONFIRMED)
    assert send_notices.call(registration.pk) == 1
    [message] = mail.outbox
    assert parseaddr(message.from_email)[0] == NAMES["pt-br"]


def test_the_password_link_comes_from_the_network_in_the_browser_s_language(django_user_model):
    django_user_model.objects.create_user("rita", "rita@example.org", "Aprender-Siempre-2026")
    Client(HTTP_ACCEPT_LANGUAGE="pt-BR").post(
        reverse("wagtailadmin_password_reset"), {"email": "rita@example.org"}
    )
    [message] = mail.outbox
    assert parseaddr(message.from_email)[0] == NAMES["pt-br"]
    assert message.subject == "Redefinição de senha", "the message itself is in Portuguese"
