"""Merging two records of one person who both hold the same city role (the same role in the same city
over the same dates) leaves the kept contact with that role once, and the confirmation says so."""

from datetime import date

import pytest
from django.urls import reverse

from contacts.models import CityRole
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

SINCE = date(2024, 1, 1)


@pytest.fixture
def kept(medellin):
    return factories.ContactFactory(
        given_name="Rosa",
        family_name="Quispe",
        roles=[{"city": medellin, "role": "mayor", "start_date": SINCE}],
    )


@pytest.fixture
def duplicate(medellin, bogota):
    return factories.ContactFactory(
        given_name="Rosa",
        family_name="Quíspe",
        roles=[
            {"city": medellin, "role": "mayor", "start_date": SINCE},
            {"city": bogota, "role": "coordinator"},
        ],
    )


def merge_url(contact):
    return reverse("contacts_merge:merge", args=[contact.pk])


def test_the_confirmation_counts_only_the_roles_the_kept_contact_lacks(staff_client, soup, kept, duplicate):
    response = staff_client.get(merge_url(duplicate), {"keep": kept.pk})
    text = " ".join(soup(response).get_text().split())
    assert "1 role: Coordinator, Bogotá (Mayor, Medellín already the kept contact’s)" in text


def test_a_role_both_hold_is_kept_once(staff_client, kept, duplicate):
    response = staff_client.post(merge_url(duplicate), {"keep": kept.pk})
    assert response.status_code == 302
    roles = CityRole.objects.filter(contact=kept).values_list("city__title", "role", "start_date", "end_date")
    assert sorted(roles) == [("Bogotá", "coordinator", None, None), ("Medellín", "mayor", SINCE, None)]


def test_the_same_role_over_other_dates_still_moves(staff_client, kept, duplicate, medellin):
    CityRole.objects.filter(contact=duplicate, role="mayor").update(start_date=date(2016, 1, 1))
    staff_client.post(merge_url(duplicate), {"keep": kept.pk})
    starts = CityRole.objects.filter(contact=kept, role="mayor").values_list("start_date", flat=True)
    assert sorted(starts) == [date(2016, 1, 1), SINCE]
