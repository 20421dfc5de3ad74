"""The consent a registrant gives or withdraws through their personal link reaches their CRM contact, which
is what the network's mailings read: withdrawn, they receive no more mailings; given, it is recorded as
on the registration form."""

import pytest

from contacts.models import Contact, LegalBasis
from events import registration as service
from events.models import Registration
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def registered(consent):
    event = EventFactory(title="Foro regional")
    person = service.Registrant(
        given_name="Ana", family_name="Pérez", email="ana@example.org", consent_to_contact=consent
    )
    return service.register(event, person)


def change(client, registration, **fields):
    details = {"language": "es", **fields}
    return client.post(f"/registration/{registration.manage_key}/", details)


def test_withdrawing_consent_through_the_link_stops_the_network_s_mailings(client):
    registration = registered(consent=True)
    assert Contact.objects.get().consent_basis == LegalBasis.CONSENT

    response = change(client, registration)  # The box left unticked.

    assert response.status_code == 302
    assert not Registration.objects.get().consent_to_contact
    assert Contact.objects.get().unsubscribed_at is not None


def test_giving_consent_through_the_link_records_it_on_the_contact(client):
    registration = registered(consent=False)
    assert Contact.objects.get().consent_basis == ""

    response = change(client, registration, consent_to_contact="on")

    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.consent_basis == LegalBasis.CONSENT and contact.consent_date is not None
    assert contact.consent_source == "Formulario de inscripción del evento “Foro regional”"


def test_changing_other_details_leaves_the_contact_s_consent_as_it_was(client):
    registration = registered(consent=True)

    change(client, registration, consent_to_contact="on", organisation="Universidad")

    contact = Contact.objects.get()
    assert contact.consent_basis == LegalBasis.CONSENT and contact.unsubscribed_at is None
    assert Registration.objects.get().organisation == "Universidad"
