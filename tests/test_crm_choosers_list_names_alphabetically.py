"""The contact and organisation choosers (an engagement's participants and organisations, a contact's
organisation) list names as a dictionary does, accents and case aside: Álamo before Zeta."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


def listed(response, names):
    """The names, in the order the chooser's rows show them."""
    rows = BeautifulSoup(response.json()["html"], "html.parser").select("tbody tr")
    texts = [" ".join(row.get_text().split()) for row in rows]
    return [name for text in texts for name in names if text.startswith(name)]


def test_the_organisation_chooser_lists_names_alphabetically(staff_client):
    for name in ("Zeta", "Álamo", "ministerio"):
        factories.OrganisationFactory(name=name)
    response = staff_client.get(reverse("wagtailsnippetchoosers_contacts_organisation:choose"))
    assert listed(response, ["Álamo", "ministerio", "Zeta"]) == ["Álamo", "ministerio", "Zeta"]


def test_the_contact_chooser_lists_people_by_family_name_alphabetically(staff_client):
    for given_name, family_name in (("Ana", "Zapata"), ("Óscar", "Álvarez"), ("Eva", "de León")):
        factories.ContactFactory(given_name=given_name, family_name=family_name)
    response = staff_client.get(reverse("wagtailsnippetchoosers_contacts_contact:choose"))
    expected = ["Óscar Álvarez", "Eva de León", "Ana Zapata"]
    assert listed(response, expected) == expected
