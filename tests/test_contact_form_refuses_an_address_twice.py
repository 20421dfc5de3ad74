"""A contact's form refuses the same e-mail address twice (case aside): the person would show it twice on
their page and in every download, and removing one later would look like removing the address."""

import pytest
from django.urls import reverse

from contacts.models import Contact, ContactEmail
from tests import factories
from tests.form_data import contact_form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


def field_errors(response, soup):
    return [" ".join(error.get_text().split()) for error in soup(response).select(".error-message")]


def test_adding_a_contact_with_one_address_twice_is_refused(staff_client, soup):
    data = contact_form_data("Rosa", "Quispe", emails=["rosa@cusco.example", "Rosa@Cusco.example"])
    response = staff_client.post(reverse("wagtailsnippets_contacts_contact:add"), data)
    assert response.status_code == 200
    assert "This address is already listed above." in field_errors(response, soup)
    assert not Contact.objects.exists()


def test_editing_a_contact_to_repeat_an_address_is_refused(staff_client, soup):
    rosa = factories.ContactFactory(given_name="Rosa", emails=["rosa@cusco.example"])
    email = rosa.emails.get()
    data = contact_form_data(
        "Rosa",
        emails=[{"id": email.pk, "address": email.address}, "ROSA@cusco.example"],
        initial={"emails": 1},
    )
    edit = reverse("wagtailsnippets_contacts_contact:edit", args=[rosa.pk])
    response = staff_client.post(edit, data)
    assert response.status_code == 200
    assert "This address is already listed above." in field_errors(response, soup)
    assert list(ContactEmail.objects.values_list("address", flat=True)) == ["rosa@cusco.example"]


def test_different_addresses_are_saved(staff_client):
    data = contact_form_data("Rosa", "Quispe", emails=["rosa@cusco.example", "rquispe@cusco.example"])
    response = staff_client.post(reverse("wagtailsnippets_contacts_contact:add"), data)
    assert response.status_code == 302
    assert ContactEmail.objects.count() == 2
