"""The city summary above a city's timeline lists its focal points in the order of a dictionary, accents
and case aside, as the CRM's listings do (cities/ordering.py): Ángela before Zoe and Úrsula before
Víctor, not after them as code points would have it. Accounts come first, then the focal-point roles, then
the deputies."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


def focal_points_listed(client, soup, city):
    response = client.get(reverse("contacts_timeline:city", args=[city.pk]))
    assert response.status_code == 200
    return [
        " ".join(item.get_text(" ", strip=True).split())
        for item in soup(response).select(".city-summary__focal-points li")
    ]


def test_focal_points_are_listed_in_dictionary_order(staff_client, soup, medellin, contact_factory):
    factories.FocalPointFactory(city=medellin, username="zz", first_name="Zoe", last_name="Zapata")
    factories.FocalPointFactory(city=medellin, username="ee", first_name="Élida", last_name="Écija")
    for given_name, family_name, role in [
        ("Zoe", "Zárate", "focal_point"),
        ("Ángela", "Álvarez", "focal_point"),
        ("Víctor", "Vargas", "deputy_focal_point"),
        ("Úrsula", "Uribe", "deputy_focal_point"),
    ]:
        contact_factory(given_name, family_name, roles=[{"city": medellin, "role": role}])

    names = [item.split(" <")[0].split(" (")[0] for item in focal_points_listed(staff_client, soup, medellin)]

    assert names == [
        "Élida Écija",
        "Zoe Zapata",
        "Ángela Álvarez",
        "Zoe Zárate",
        "Úrsula Uribe",
        "Víctor Vargas",
    ]


def test_the_city_s_focal_points_page_lists_the_accounts_in_the_same_order(staff_client, soup, medellin):
    factories.FocalPointFactory(city=medellin, username="zz", first_name="Zoe", last_name="Zapata")
    factories.FocalPointFactory(city=medellin, username="ee", first_name="Élida", last_name="Écija")
    response = staff_client.get(reverse("cities:focal_points", args=[medellin.pk]))
    text = " ".join(soup(response).get_text(" ").split())
    assert "Écija" in text and "Zapata" in text
    assert text.index("Écija") < text.index("Zapata"), "Écija listed after Zapata"
