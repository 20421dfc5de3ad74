"""The person page names the contact's tags, and says "—" when there are none, as for every other empty
fact of the page (contacts/person.py); before, an untagged contact showed a lone "-"."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


def facts(soup, response):
    """{label: value} of the page's facts."""
    page = soup(response)
    return {
        label.get_text(strip=True): label.find_next_sibling("dd").get_text(" ", strip=True)
        for label in page.select("dl dt")
    }


def test_an_untagged_contact_shows_a_dash_like_every_empty_fact(staff_client, soup):
    contact = factories.ContactFactory(given_name="Ana", family_name="Ruiz")
    response = staff_client.get(reverse("wagtailsnippets_contacts_contact:inspect", args=[contact.pk]))
    shown = facts(soup, response)
    assert (shown["Tags"], shown["Notes"]) == ("—", "—")


def test_a_tagged_contact_shows_its_tags(staff_client, soup):
    contact = factories.ContactFactory(given_name="Ana", family_name="Ruiz")
    contact.tags.add("foro 2027", "alcaldías")
    contact.save()
    response = staff_client.get(reverse("wagtailsnippets_contacts_contact:inspect", args=[contact.pk]))
    assert facts(soup, response)["Tags"] == "alcaldías, foro 2027"
