"""Deleting an organisation keeps its contacts and engagements but clears the organisation from them: the
confirmation says how many lose it (Wagtail's own reference count skips the engagements), before anything
changes."""

import pytest
from django.urls import reverse

from contacts.models import Contact, Engagement, Organisation
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


@pytest.fixture
def organisation(medellin):
    alcaldia = factories.OrganisationFactory(name="Alcaldía de Medellín")
    for name in ("Ana", "Bea"):
        factories.ContactFactory(given_name=name, organisation=alcaldia)
    factories.EngagementFactory(title="Visita", cities=[medellin], organisations=[alcaldia])
    return alcaldia


def delete_url(organisation):
    return reverse("wagtailsnippets_contacts_organisation:delete", args=[organisation.pk])


def text_of(response, soup):
    return " ".join(soup(response).get_text().split())


def test_the_confirmation_counts_the_contacts_and_engagements_that_lose_it(staff_client, soup, organisation):
    text = text_of(staff_client.get(delete_url(organisation)), soup)
    assert "2 contacts work for this organisation: they are kept, without an organisation." in text
    assert "1 engagement names this organisation: it is kept, without it." in text
    assert Organisation.objects.filter(pk=organisation.pk).exists()


def test_an_organisation_nobody_names_says_nothing_more(staff_client, soup):
    lonely = factories.OrganisationFactory(name="Fundación Sola")
    text = text_of(staff_client.get(delete_url(lonely)), soup)
    assert "work for this organisation" not in text
    assert "names this organisation" not in text
    assert "Are you sure you want to delete this organisation?" in text


def test_deleting_keeps_the_contacts_and_engagements(staff_client, organisation):
    response = staff_client.post(delete_url(organisation))
    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=organisation.pk).exists()
    assert sorted(Contact.objects.values_list("given_name", "organisation")) == [("Ana", None), ("Bea", None)]
    assert Engagement.objects.get(title="Visita").organisations.count() == 0


def test_the_bulk_confirmation_says_it_for_each_organisation(staff_client, soup, organisation):
    lonely = factories.OrganisationFactory(name="Fundación Sola")
    url = reverse("wagtail_bulk_action", args=["contacts", "organisation", "delete"])
    response = staff_client.get(f"{url}?id={organisation.pk}&id={lonely.pk}")
    items = {
        " ".join(item.select_one("a").get_text().split()): " ".join(item.get_text().split())
        for item in soup(response).select("main li")
        if item.select_one("a")
    }
    assert "2 contacts work for this organisation" in items["Alcaldía de Medellín"]
    assert "1 engagement names this organisation" in items["Alcaldía de Medellín"]
    assert "this organisation" not in items["Fundación Sola"]
    assert Organisation.objects.count() == 2
