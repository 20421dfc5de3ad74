"""A page's usage view names the field of each page that refers to it in the reader's language: a good
practice refers to its city by "Ciudad" in Spanish, not by the field's English name."""

import pytest
from django.utils import translation
from django.utils.text import capfirst

from tests import factories

pytestmark = pytest.mark.django_db


def test_a_citys_usage_names_the_practices_city_field_in_spanish(staff_client, soup, medellin):
    factories.PracticeFactory(city=medellin, title="Aulas vecinales")
    response = staff_client.get(f"/admin/pages/{medellin.pk}/usage/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
    rows = [row.get_text(" ", strip=True) for row in soup(response).select("table tbody tr")]
    practice_rows = [row for row in rows if "Aulas vecinales" in row]
    assert practice_rows, rows
    with translation.override("es"):
        city = capfirst(translation.gettext("city"))
    assert city != "City"
    assert all(city in row and "City" not in row for row in practice_rows)
