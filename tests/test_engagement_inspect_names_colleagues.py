"""An engagement's inspect page names its owner and the follow-up's assignee as the listing, the form and
the filters do (contacts.edit_forms.colleague_label): "Carla Gómez (cgomez)", the user name alone when the
colleague has no name, and "—" for nobody. Before, it showed bare user names."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


def facts(staff_client, soup, engagement):
    response = staff_client.get(reverse("wagtailsnippets_contacts_engagement:inspect", args=[engagement.pk]))
    assert response.status_code == 200
    return {
        label.get_text(strip=True): label.find_next_sibling("dd").get_text(" ", strip=True)
        for label in soup(response).select("dl dt")
    }


def test_the_inspect_page_names_the_owner_and_the_assignee(staff_client, soup, medellin, engagement_factory):
    carla = factories.StaffFactory(username="cgomez", first_name="Carla", last_name="Gómez")
    dora = factories.StaffFactory(username="dora")
    engagement = engagement_factory("Reunión", cities=[medellin], owner=carla, follow_up_assignee=dora)

    shown = facts(staff_client, soup, engagement)

    assert (shown["Owner"], shown["Follow-up assigned to"]) == ("Carla Gómez (cgomez)", "dora")


def test_nobody_is_a_dash(staff_client, soup, medellin, engagement_factory):
    engagement = engagement_factory("Reunión", cities=[medellin], owner=None)
    shown = facts(staff_client, soup, engagement)
    assert (shown["Owner"], shown["Follow-up assigned to"]) == ("—", "—")
