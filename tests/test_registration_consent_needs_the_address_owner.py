"""Anyone may type anyone's address in an event's registration form. Ticking "agrees to be contacted"
there changes no CRM contact: the registration keeps the wish, and the consent reaches the contact (which
the network's mailings read) only when the address's owner ticks the box on the page their personal
link opens, a link only the e-mails to that address carry (double opt-in). Nor does the form fill in an
existing contact's city."""

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from contacts.models import Contact, LegalBasis
from events.models import EventPage, Registration
from mailings.recipients import audience
from tests.factories import CityFactory, ContactFactory, EventFactory

pytestmark = pytest.mark.django_db


def register(client, event, email, **fields):
    english = EventPage.objects.get(translation_key=event.translation_key, locale__language_code="en")
    data = {"given_name": "Impostor", "family_name": "X", "email": email, "language": "en", **fields}
    return client.post(f"{english.url}register/", data)


def consent_box(client, registration):
    page = BeautifulSoup(client.get(f"/registration/{registration.manage_key}/").content, "html.parser")
    box = page.find("input", {"name": "consent_to_contact"})
    return box.has_attr("checked"), page.find("input", {"name": "initial-consent_to_contact"})["value"], page


@pytest.mark.parametrize("way", [EventPage.Registration.APPROVAL, EventPage.Registration.OPEN])
def test_a_stranger_s_form_changes_nothing_of_an_existing_contact(client, way):
    city = CityFactory(title="Medellín")
    victim = ContactFactory(given_name="Rosa", family_name="Quispe", emails=["rosa@cusco.example"])

    response = register(
        client,
        EventFactory(registration=way),
        "ROSA@Cusco.Example",
        city=city.translation_key,
        consent_to_contact="on",
    )

    assert response.status_code == 302
    assert Registration.objects.get().contact == victim
    victim.refresh_from_db()
    assert (victim.consent_basis, victim.consent_date, victim.consent_source) == ("", None, "")
    assert victim.city is None
    assert audience(Contact.objects.all())["reachable"] == 0, "the address may now be mailed"


def test_a_new_contact_is_not_mailed_on_the_form_s_word_alone(client):
    register(client, EventFactory(), "nadie@example.org", consent_to_contact="on")

    contact = Contact.objects.get()
    assert not contact.consent_basis and contact.consent_date is None
    assert audience(Contact.objects.all())["reachable"] == 0
    assert Registration.objects.get().consent_to_contact, "the registration keeps the wish"


def test_the_address_s_owner_confirms_the_consent_on_their_personal_page(client):
    victim = ContactFactory(emails=["rosa@cusco.example"])
    register(client, EventFactory(title="Foro regional"), "rosa@cusco.example", consent_to_contact="on")
    registration = Registration.objects.get()

    ticked, shown, page = consent_box(client, registration)
    assert not ticked, "the page says the contact may be mailed"
    assert "marque la casilla y guarde para confirmarlo" in page.get_text()
    victim.refresh_from_db()
    assert not victim.consent_basis, "opening the page is no consent"

    client.post(
        f"/registration/{registration.manage_key}/",
        {"language": "en", "initial-consent_to_contact": shown, "consent_to_contact": "on"},
    )

    victim.refresh_from_db()
    assert victim.consent_basis == LegalBasis.CONSENT and victim.consent_date == timezone.localdate()
    assert "“Foro regional”" in victim.consent_source
    assert audience(Contact.objects.all())["reachable"] == 1
    assert consent_box(client, registration)[0], "the page shows the consent now recorded"


def test_the_owner_saving_without_ticking_records_no_consent_and_no_withdrawal(client):
    victim = ContactFactory(emails=["rosa@cusco.example"])
    register(client, EventFactory(), "rosa@cusco.example", consent_to_contact="on")
    registration = Registration.objects.get()
    _ticked, shown, _page = consent_box(client, registration)

    response = client.post(
        f"/registration/{registration.manage_key}/",
        {"language": "en", "initial-consent_to_contact": shown, "organisation": "Universidad"},
    )

    assert response.status_code == 302
    victim.refresh_from_db()
    assert not victim.consent_basis and victim.unsubscribed_at is None
    assert Registration.objects.get().organisation == "Universidad"


def test_the_email_asks_the_address_owner_to_confirm_the_consent(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register(client, EventFactory(), "nadie@example.org", consent_to_contact="on")
        register(client, EventFactory(), "otra@example.org")

    asked, not_asked = sorted(mailoutbox, key=lambda message: message.to != ["nadie@example.org"])
    assert "to confirm it, tick the box on the page below" in asked.body
    assert "/registration/" in asked.body
    assert "tick the box" not in not_asked.body
