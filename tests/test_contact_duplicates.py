"""The contact and organisation forms warn about a likely duplicate before saving (contacts/duplicates.py):
nothing is saved until the user ticks "Save anyway"."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data

from contacts.models import Contact, Organisation
from tests import factories
from tests.form_data import contact_form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

ADD_CONTACT = "wagtailsnippets_contacts_contact:add"
ADD_ORGANISATION = "wagtailsnippets_contacts_organisation:add"


def person_url(contact):
    return reverse("wagtailsnippets_contacts_contact:inspect", args=[contact.pk])


def warning_of(response, soup):
    """The text of the page's error message, and the links to existing records offered with the
    "save anyway" box (when the form has a panel for it)."""
    page = soup(response)
    message = page.select_one(".messages")
    assert message is not None, "no message on the page"
    form = response.context["form"]
    checkbox = BeautifulSoup(str(form["save_anyway"]), "html.parser")
    links = [link["href"] for link in checkbox.select("a")]
    return " ".join(message.get_text().split()), links


@pytest.fixture
def alcaldia():
    return factories.OrganisationFactory(name="Alcaldía de Medellín")


@pytest.fixture
def jose(alcaldia, medellin):
    return factories.ContactFactory(
        given_name="José",
        family_name="Pérez",
        organisation=alcaldia,
        city=medellin,
        emails=["Jose.Perez@x.example"],
    )


def test_the_same_email_in_another_case_is_refused_with_a_link_to_the_existing_person(
    staff_client, soup, jose
):
    response = staff_client.post(
        reverse(ADD_CONTACT), contact_form_data("Pepe", "Otro", emails=["jose.perez@X.EXAMPLE"])
    )
    assert response.status_code == 200
    text, links = warning_of(response, soup)
    assert "likely the same person as “José Pérez”" in text
    assert person_url(jose) in links
    assert Contact.objects.count() == 1
    assert "save_anyway" in response.context["form"].fields


def test_the_same_name_with_other_accents_and_case_in_the_same_organisation_is_refused(
    staff_client, soup, jose, alcaldia
):
    response = staff_client.post(
        reverse(ADD_CONTACT), contact_form_data("JOSE", "perez", organisation=alcaldia.pk)
    )
    assert response.status_code == 200
    _text, links = warning_of(response, soup)
    assert person_url(jose) in links
    assert Contact.objects.count() == 1


def test_the_same_name_in_the_same_city_is_refused(staff_client, jose, medellin):
    response = staff_client.post(reverse(ADD_CONTACT), contact_form_data("José", "Pérez", city=medellin.pk))
    assert response.status_code == 200
    assert Contact.objects.count() == 1


def test_the_same_name_in_another_city_is_saved_without_a_warning(staff_client, jose, bogota):
    response = staff_client.post(reverse(ADD_CONTACT), contact_form_data("José", "Pérez", city=bogota.pk))
    assert response.status_code == 302
    assert Contact.objects.filter(city=bogota, family_name="Pérez").exists()


def test_ticking_save_anyway_saves_the_other_person(staff_client, jose, alcaldia):
    response = staff_client.post(
        reverse(ADD_CONTACT),
        contact_form_data("Jose", "Perez", organisation=alcaldia.pk, save_anyway="on"),
    )
    assert response.status_code == 302
    assert Contact.objects.filter(organisation=alcaldia).count() == 2


def test_editing_a_contact_does_not_warn_about_itself(staff_client, jose, alcaldia, medellin):
    email = jose.emails.get()
    data = contact_form_data(
        "José",
        "Pérez",
        organisation=alcaldia.pk,
        city=medellin.pk,
        emails=[{"id": email.pk, "address": email.address}],
        initial={"emails": 1},
        job_title="Secretario",
    )
    response = staff_client.post(reverse("wagtailsnippets_contacts_contact:edit", args=[jose.pk]), data)
    assert response.status_code == 302
    jose.refresh_from_db()
    assert jose.job_title == "Secretario"


def test_editing_into_someone_else_s_address_warns(staff_client, jose):
    other = factories.ContactFactory(given_name="Ana", family_name="Ruiz")
    data = contact_form_data("Ana", "Ruiz", emails=["JOSE.PEREZ@x.example"])
    response = staff_client.post(reverse("wagtailsnippets_contacts_contact:edit", args=[other.pk]), data)
    assert response.status_code == 200
    assert not other.emails.exists()


def test_the_add_form_shows_no_save_anyway_box_before_a_warning(staff_client):
    response = staff_client.get(reverse(ADD_CONTACT))
    assert response.status_code == 200
    assert 'name="save_anyway"' not in response.content.decode()
    assert "save_anyway" not in response.context["form"].fields


def organisation_data(name, **fields):
    return nested_form_data(
        {"name": name, "kind": "other", "country": "", "city": "", "website": "", "notes": "", **fields}
    )


def test_an_organisation_of_the_same_name_is_refused_until_confirmed(staff_client, soup, alcaldia):
    response = staff_client.post(reverse(ADD_ORGANISATION), organisation_data("alcaldia de  MEDELLIN"))
    assert response.status_code == 200
    _text, links = warning_of(response, soup)
    assert reverse("wagtailsnippets_contacts_organisation:inspect", args=[alcaldia.pk]) in links
    assert Organisation.objects.count() == 1
    response = staff_client.post(
        reverse(ADD_ORGANISATION), organisation_data("alcaldia de  MEDELLIN", save_anyway="on")
    )
    assert response.status_code == 302
    assert Organisation.objects.count() == 2


def test_an_organisation_of_the_same_name_in_another_country_is_saved(staff_client):
    factories.OrganisationFactory(name="Universidad Nacional", country="CO")
    response = staff_client.post(
        reverse(ADD_ORGANISATION), organisation_data("Universidad Nacional", country="MX")
    )
    assert response.status_code == 302
    assert Organisation.objects.count() == 2
