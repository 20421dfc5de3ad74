"""A page's usage, as its focal point sees it, lists only what refers to the page that they may open.

Wagtail lists every object that refers to the page, naming those the user may not edit "(Private …)": the
focal point of a city would count the network's contacts and organisations of their city."""

import pytest
from django.utils.translation import gettext

from tests.factories import ContactFactory, OrganisationFactory, PracticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def crm_records_of_medellin(medellin):
    return [
        str(ContactFactory(city=medellin)),
        str(ContactFactory(city=medellin)),
        str(OrganisationFactory(city=medellin)),
    ]


@pytest.fixture
def practice_of_medellin(medellin):
    """A good practice of the city: it refers to its city, and the city's focal point edits it."""
    return PracticeFactory(city=medellin, title="Aulas en bibliotecas de barrio")


def usage_rows(client, page):
    response = client.get(f"/admin/pages/{page.pk}/usage/")
    assert response.status_code == 200
    return response.context["page_obj"].paginator.count, response.content.decode()


def test_the_focal_point_is_not_told_of_the_crm_records_of_their_city(
    client, focal_point_a, medellin, crm_records_of_medellin, practice_of_medellin
):
    client.force_login(focal_point_a)
    count, html = usage_rows(client, medellin)
    assert count == 1
    assert practice_of_medellin.title in html
    private_row = gettext("(Private %(object)s)")
    for model_name in ("contact", "organisation", "contacto", "organización"):
        assert private_row % {"object": model_name} not in html


def test_staff_see_every_record_that_refers_to_the_city(
    staff_client, medellin, crm_records_of_medellin, practice_of_medellin
):
    _count, html = usage_rows(staff_client, medellin)
    for name in [*crm_records_of_medellin, practice_of_medellin.title]:
        assert name in html


def test_the_focal_point_still_may_not_open_another_citys_usage(client, focal_point_a, bogota):
    client.force_login(focal_point_a)
    response = client.get(f"/admin/pages/{bogota.pk}/usage/")
    assert response.status_code in (302, 403)
