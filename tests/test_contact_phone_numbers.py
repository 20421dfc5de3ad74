"""Phone numbers are checked where staff write them: the contact form of the admin and the contact import.
A number written as people write them passes (+52 55 1234 5678, (55) 1234-5678, 55.1234.5678, with an
extension such as "ext. 12"); text that is no phone number (letters, fewer than 7 or more than 15 digits)
is refused with a message in the reader's language. A number stored before the check, left as it is,
does not stop staff from editing the rest of the contact.

Before, the form took any text as a phone number, and the import took "1234" or "12 34 56".
"""

import pytest
from django.urls import reverse

from contacts.models import Contact, ContactPhone
from tests import factories
from tests.test_engagement_import import csv_upload, preview_rows, snapshot, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

ACCEPTED = [
    "+52 55 1234 5678",
    "(55) 1234-5678",
    "55.1234.5678",
    "+52 55 1234 5678 ext. 12",
    "+55 (41) 3350-8484 ramal 204",
    "604 385 5555 x3",
    "+1-202-555-0143",
    "+598 2 901 1111",
]
REFUSED = {
    "llamar a la oficina": "is not a phone number",
    "55 1234 CASA": "is not a phone number",
    "123 456": "has 6 digits: a phone number has 7 to 15",
    "+52 55 1234 5678 9012 34": "has 18 digits: a phone number has 7 to 15",
    "55 ++1234 5678": "is not a phone number",
    "+57 (604 385 5555": "is not a phone number",
}


def add_contact(client, contact_form_data, number):
    return client.post(
        reverse("wagtailsnippets_contacts_contact:add"),
        contact_form_data("Rosa", "Quintero", phones=[{"number": number, "label": "office"}]),
    )


def phone_errors(soup, response):
    return [
        error.get_text(" ", strip=True) for error in soup(response).select(".error-message, .w-field__errors")
    ]


@pytest.mark.parametrize("number", ACCEPTED)
def test_the_form_takes_numbers_as_people_write_them(staff_client, contact_form_data, number):
    response = add_contact(staff_client, contact_form_data, number)
    assert response.status_code == 302
    assert [phone.number for phone in Contact.objects.get(family_name="Quintero").phones.all()] == [number]


@pytest.mark.parametrize(("number", "reason"), REFUSED.items())
def test_the_form_refuses_what_is_no_phone_number(staff_client, soup, contact_form_data, number, reason):
    response = add_contact(staff_client, contact_form_data, number)
    assert response.status_code == 200
    errors = phone_errors(soup, response)
    assert any(f"“{number}” {reason}" in error for error in errors), errors
    assert not Contact.objects.filter(family_name="Quintero").exists()


def test_the_message_is_in_the_readers_language(staff_client, staff_user, soup, contact_form_data):
    profile = staff_user.wagtail_userprofile
    profile.preferred_language = "es"
    profile.save()
    response = add_contact(staff_client, contact_form_data, "123 456")
    assert any("tiene 6 dígitos" in error for error in phone_errors(soup, response))


@pytest.fixture
def stored_badly(db):
    """A contact whose phone was stored before numbers were checked."""
    contact = factories.ContactFactory(given_name="Ana", family_name="Ruiz")
    phone = ContactPhone.objects.create(contact=contact, number="preguntar en recepción", label="office")
    return contact, phone


def edit(client, contact_form_data, contact, phone, number, **fields):
    return client.post(
        reverse("wagtailsnippets_contacts_contact:edit", args=[contact.pk]),
        contact_form_data(
            "Ana",
            "Ruiz",
            phones=[{"id": phone.pk, "number": number, "label": phone.label}],
            initial={"phones": 1},
            **fields,
        ),
    )


def test_a_stored_bad_number_left_alone_does_not_stop_an_edit(staff_client, contact_form_data, stored_badly):
    contact, phone = stored_badly
    response = edit(staff_client, contact_form_data, contact, phone, phone.number, job_title="Directora")
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.job_title == "Directora"
    assert [phone.number for phone in contact.phones.all()] == ["preguntar en recepción"]


def test_a_stored_bad_number_that_is_changed_is_checked(staff_client, soup, contact_form_data, stored_badly):
    contact, phone = stored_badly
    response = edit(staff_client, contact_form_data, contact, phone, "recepción", job_title="Directora")
    assert response.status_code == 200
    assert any("“recepción” is not a phone number" in error for error in phone_errors(soup, response))
    contact.refresh_from_db()
    assert contact.job_title == ""

    assert edit(staff_client, contact_form_data, contact, phone, "+34 91 123 4567").status_code == 302
    assert [phone.number for phone in contact.phones.all()] == ["+34 91 123 4567"]


def test_the_import_refuses_a_row_with_a_bad_number_and_imports_nothing(staff_client, soup):
    rows = [
        ["Nombre", "Apellidos", "Teléfono"],
        ["Eva", "Luna", "+52 55 1234 5678 ext. 12; (55) 1234-5678"],
        ["Raúl", "Soto", "55.1234.5678, 12 34"],
        ["Inés", "Mora", "llamar a la oficina"],
    ]
    before = snapshot()
    token = upload(staff_client, "contacts", csv_upload(rows))
    previewed, _page = preview_rows(staff_client, token, soup)

    assert previewed[2]["errors"] == []
    assert previewed[3]["errors"] == [
        "“12 34” has 4 digits: a phone number has 7 to 15 (without its extension)."
    ]
    assert previewed[4]["errors"] == [
        "“llamar a la oficina” is not a phone number: write its digits, with spaces, dots, hyphens or "
        "brackets if you like, a + before the country code and, if needed, an extension such as “ext. 12”."
    ]
    staff_client.post(reverse("contacts_import:preview", args=[token]), {"action": "confirm"})
    assert snapshot() == before


def test_the_form_shows_how_to_write_a_number(staff_client):
    """The hint is on each phone of the form, also on the one "Add phone number" adds."""
    html = staff_client.get(reverse("wagtailsnippets_contacts_contact:add")).content.decode()
    assert "For example +52 55 1234 5678 or (55) 1234-5678 ext. 12." in html
