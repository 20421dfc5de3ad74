"""The consent a registrant gives or withdraws through their personal link reaches their CRM contact, which
is what the network's mailings read: withdrawn, they receive no more mailings; given (or the wish ticked
on the registration form confirmed there), it is recorded on the contact. Either way the contact's audit
log says so, and a consent given again after an unsubscribe (the person's own fresh opt-in, on the page
only their e-mails link to) lifts it, on every record holding their address: the network's mailings
leave out an address unsubscribed through any of them."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from contacts.models import Contact, LegalBasis
from events import registration as service
from events.models import Registration
from mailings.recipients import audience
from tests.factories import ContactFactory, EventFactory

pytestmark = pytest.mark.django_db


def registered(consent):
    event = EventFactory(title="Foro regional")
    person = service.Registrant(
        given_name="Ana", family_name="Pérez", email="ana@example.org", consent_to_contact=consent
    )
    return service.register(event, person)


def confirmed(client):
    """Registered with the box ticked, and the consent confirmed on the personal page, which only the
    e-mails to the address link to: until then the form's box changes no contact."""
    registration = registered(consent=True)
    assert Contact.objects.get().consent_basis == ""
    change(client, registration, consent_to_contact="on")
    assert Contact.objects.get().consent_basis == LegalBasis.CONSENT
    return registration


def shown_consent(client, registration):
    """The consent box as the personal page shows it: whether it is ticked, and the value the page sends
    back as what it showed."""
    page = BeautifulSoup(client.get(f"/registration/{registration.manage_key}/").content, "html.parser")
    box = page.find("input", {"name": "consent_to_contact"})
    return box.has_attr("checked"), page.find("input", {"name": "initial-consent_to_contact"})["value"]


def change(client, registration, shown=None, **fields):
    """Post the personal page's form as a browser does, with what the page showed (fetched now, unless
    `shown` gives a page opened earlier)."""
    shown = shown or shown_consent(client, registration)[1]
    details = {"language": "es", "initial-consent_to_contact": shown, **fields}
    return client.post(f"/registration/{registration.manage_key}/", details)


def test_withdrawing_consent_through_the_link_stops_the_network_s_mailings(client):
    registration = confirmed(client)

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


def logged(contact):
    return list(ModelLogEntry.objects.for_instance(contact).order_by("pk"))


def test_withdrawing_consent_is_written_in_the_contact_s_audit_log(client):
    registration = confirmed(client)

    change(client, registration)

    (_given, entry) = logged(Contact.objects.get())
    assert entry.action == "events.consent_withdrawn" and entry.user is None


def test_staff_read_the_consent_withdrawn_in_the_contact_s_history(client, staff_client, english_admin):
    registration = confirmed(client)
    change(client, registration)

    history = staff_client.get(
        reverse("wagtailsnippets_contacts_contact:history", args=[registration.contact_id])
    )

    assert "Consent withdrawn on their registration page for “Foro regional”" in history.content.decode()


def test_consent_given_again_after_withdrawing_lifts_the_unsubscribe_and_is_logged(client):
    registration = confirmed(client)
    change(client, registration)

    change(client, registration, consent_to_contact="on")

    contact = Contact.objects.get()
    assert contact.unsubscribed_at is None
    assert contact.consent_basis == LegalBasis.CONSENT and contact.consent_date == timezone.localdate()
    assert [entry.action for entry in logged(contact)] == [
        "events.consent_given",
        "events.consent_withdrawn",
        "events.consent_given",
    ]


def test_a_fresh_consent_replaces_an_older_basis_to_lift_an_unsubscribe(client):
    """The CRM lifts an unsubscribe only on consent given since (contacts/edit_forms.py): an older basis
    staff recorded gives way to the person's own opt-in, dated today."""
    registration = registered(consent=False)
    Contact.objects.update(
        consent_basis=LegalBasis.LEGITIMATE_INTEREST,
        consent_date=timezone.localdate() - timedelta(days=400),
        consent_source="Directorio",
        unsubscribed_at=timezone.now() - timedelta(days=30),
    )

    change(client, registration, consent_to_contact="on")

    contact = Contact.objects.get()
    assert contact.unsubscribed_at is None
    assert contact.consent_basis == LegalBasis.CONSENT and contact.consent_date == timezone.localdate()
    assert contact.consent_source == "Formulario de inscripción del evento “Foro regional”"


def test_consent_given_by_a_contact_not_unsubscribed_keeps_the_basis_staff_recorded(client):
    registration = registered(consent=False)
    Contact.objects.update(consent_basis=LegalBasis.LEGITIMATE_INTEREST, consent_source="Directorio")

    change(client, registration, consent_to_contact="on")

    contact = Contact.objects.get()
    assert contact.consent_basis == LegalBasis.LEGITIMATE_INTEREST and contact.consent_source == "Directorio"
    assert [entry.action for entry in logged(contact)] == ["events.consent_given"]


def test_saving_with_the_box_still_ticked_does_not_lift_a_later_unsubscribe(client):
    """A page opened before the person unsubscribed by a mailing's link, saved with the box ticked as it
    showed it: no new consent."""
    registration = confirmed(client)
    _ticked, shown_before = shown_consent(client, registration)
    Contact.objects.update(unsubscribed_at=timezone.now())

    change(client, registration, shown=shown_before, consent_to_contact="on", organisation="Universidad")

    assert Contact.objects.get().unsubscribed_at is not None
    assert [entry.action for entry in logged(Contact.objects.get())] == ["events.consent_given"]


def test_after_an_unsubscribe_the_page_shows_the_box_unticked_and_ticking_it_resubscribes(client):
    registration = registered(consent=True)
    Contact.objects.update(unsubscribed_at=timezone.now() - timedelta(days=3))

    ticked, _shown = shown_consent(client, registration)
    page = client.get(f"/registration/{registration.manage_key}/").content.decode()
    assert not ticked, "the box said the person could be mailed"
    assert "marque la casilla para volver a recibirlos" in page  # The page is in Spanish.

    change(client, registration, consent_to_contact="on")
    assert Contact.objects.get().unsubscribed_at is None
    assert [entry.action for entry in logged(Contact.objects.get())] == ["events.consent_given"]


def test_after_an_unsubscribe_saving_other_details_logs_no_withdrawal(client):
    registration = registered(consent=True)
    Contact.objects.update(unsubscribed_at=timezone.now())

    change(client, registration, organisation="Universidad")  # The box left unticked, as shown.

    assert Registration.objects.get().organisation == "Universidad"
    assert logged(Contact.objects.get()) == []


def test_consent_given_again_lifts_the_unsubscribe_of_a_duplicate_record_of_the_address(client):
    """A second record of the person (added by staff, the address in other letters) was unsubscribed: the
    person's fresh consent reaches the mailings only once that record no longer keeps the address out."""
    registration = registered(consent=True)
    change(client, registration)
    duplicate = ContactFactory(
        emails=["ANA@Example.org"],
        consent_basis=LegalBasis.LEGITIMATE_INTEREST,
        unsubscribed_at=timezone.now(),
    )
    other = ContactFactory(
        emails=["luis@example.org"], consent_basis=LegalBasis.CONSENT, unsubscribed_at=timezone.now()
    )
    assert audience(Contact.objects.all())["reachable"] == 0

    change(client, registration, consent_to_contact="on")

    assert audience(Contact.objects.all())["reachable"] == 1
    duplicate.refresh_from_db()
    assert duplicate.unsubscribed_at is None
    assert duplicate.consent_basis == LegalBasis.CONSENT and duplicate.consent_date == timezone.localdate()
    assert [entry.action for entry in logged(duplicate)] == ["events.consent_given"]
    assert Contact.objects.get(pk=other.pk).unsubscribed_at is not None, "another address was subscribed"
    assert logged(other) == []


def test_consent_given_lifts_a_duplicate_s_unsubscribe_when_the_own_record_was_not_unsubscribed(client):
    registration = registered(consent=False)
    duplicate = ContactFactory(
        emails=["ana@example.org"], consent_basis=LegalBasis.CONSENT, unsubscribed_at=timezone.now()
    )

    change(client, registration, consent_to_contact="on")

    assert Contact.objects.get(pk=duplicate.pk).unsubscribed_at is None
    assert audience(Contact.objects.all())["reachable"] == 1
    assert [entry.action for entry in logged(registration.contact)] == ["events.consent_given"]
    assert [entry.action for entry in logged(duplicate)] == ["events.consent_given"]
