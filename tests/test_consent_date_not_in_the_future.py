"""A consent is dated on or before today (in the site's time zone). A date to come is refused with a
message, on the contact form and per row of a contacts import, and nothing changes: otherwise a consent
"given" in 2099 would count as given after any unsubscribe, and lift it."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from contacts.models import Contact, LegalBasis
from tests import factories
from tests.test_crm_edit_conflicts import CONTACT_EDIT, open_form, save
from tests.test_engagement_import import confirm, csv_upload, preview_rows, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

REFUSED = "The consent date cannot be after today"


@pytest.fixture
def unsubscribed():
    return factories.ContactFactory(
        given_name="Rita",
        emails=["rita@example.org"],
        unsubscribed_at=timezone.now() - timedelta(days=6),
    )


def consent(day):
    return {"consent_basis": "consent", "consent_date": day.isoformat(), "consent_source": "Llamada"}


def test_a_consent_dated_in_2099_does_not_lift_an_unsubscribe(staff_client, unsubscribed):
    values = open_form(staff_client, CONTACT_EDIT, unsubscribed)

    response = save(
        staff_client,
        CONTACT_EDIT,
        unsubscribed,
        {**values, **consent(date(2099, 1, 1)), "unsubscribed_at": ""},
    )

    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    stored = Contact.objects.get(pk=unsubscribed.pk)
    assert stored.unsubscribed_at == unsubscribed.unsubscribed_at
    assert (stored.consent_basis, stored.consent_date) == ("", None)


def test_a_consent_dated_tomorrow_is_refused_and_today_is_taken(staff_client):
    contact = factories.ContactFactory(given_name="Luis", emails=["luis@example.org"])
    today = timezone.localdate()
    values = open_form(staff_client, CONTACT_EDIT, contact)

    refused = save(staff_client, CONTACT_EDIT, contact, {**values, **consent(today + timedelta(days=1))})

    assert refused.status_code == 200 and REFUSED in refused.content.decode()
    assert Contact.objects.get(pk=contact.pk).consent_date is None

    saved = save(
        staff_client,
        CONTACT_EDIT,
        contact,
        {**open_form(staff_client, CONTACT_EDIT, contact), **consent(today)},
    )
    assert saved.status_code == 302
    assert Contact.objects.get(pk=contact.pk).consent_basis == LegalBasis.CONSENT


def test_an_imported_consent_dated_in_the_future_is_a_row_error(staff_client, soup, unsubscribed):
    rows = [
        ["Nombre", "Correo", "Base legal", "Fecha de consentimiento", "Fuente"],
        ["Rita", "rita@example.org", "consentimiento", "2099-01-01", "Formulario"],
        ["Raúl", "raul@example.org", "consentimiento", "2025-03-15", "Formulario"],
    ]

    token = upload(staff_client, "contacts", csv_upload(rows))
    previewed, _page = preview_rows(staff_client, token, soup)

    assert previewed[2]["status"] == "error"
    assert previewed[2]["errors"] == ["The consent date “2099-01-01” is after today."]
    assert previewed[3]["status"] == "create"
    confirm(staff_client, token)
    stored = Contact.objects.get(pk=unsubscribed.pk)
    assert (stored.consent_basis, stored.consent_date) == ("", None)
    assert stored.unsubscribed_at == unsubscribed.unsubscribed_at
