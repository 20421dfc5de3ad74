"""A chooser field posted with a value that is not an id (a tampered or broken form) gets the form's
own message, never an HTTP 500: Wagtail's chooser widgets would look it up as an id and fail."""

import pytest
from django.urls import reverse

from tests.form_data import contact_form_data, engagement_form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("field", ["organisation", "city"])
def test_the_contact_form_refuses_a_malformed_choice(staff_client, field):
    data = contact_form_data("Marta", "Ibáñez", **{field: "no-es-un-id"})

    response = staff_client.post(reverse("wagtailsnippets_contacts_contact:add"), data)

    assert response.status_code == 200
    assert response.context["form"].errors[field]


def test_the_organisation_form_refuses_a_malformed_city(staff_client):
    data = {"name": "Biblioteca Pública", "kind": "ngo", "country": "CO", "city": "x' OR 1=1", "website": ""}

    response = staff_client.post(reverse("wagtailsnippets_contacts_organisation:add"), data)

    assert response.status_code == 200
    assert response.context["form"].errors["city"]


def test_the_engagement_form_refuses_a_malformed_organisation(staff_client, medellin):
    data = engagement_form_data(cities=[medellin], title="Reunión", kind="meeting")
    data["organisations"] = ["abc"]

    response = staff_client.post(reverse("wagtailsnippets_contacts_engagement:add"), data)

    assert response.status_code == 200
    assert response.context["form"].errors
