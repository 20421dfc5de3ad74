"""In the event editor, the time zones are offered by city and country in the editor's language, in
alphabetical order ("Bogotá (Colombia)", "São Paulo (Brasil)"), while the event keeps the zone's database
name ("America/Sao_Paulo")."""

import pytest
from django.urls import reverse
from django.utils import translation

from cities.ordering import alphabetical
from events.models import EventIndexPage
from tests.helpers import client_in_language, parse_html

pytestmark = pytest.mark.django_db


def time_zone_options(user, language):
    index = EventIndexPage.objects.get(locale__language_code="es")
    client = client_in_language(user, language)
    response = client.get(reverse("wagtailadmin_pages:add", args=["events", "eventpage", index.pk]))
    select = parse_html(response).select_one("select[name=time_zone]")
    return {option["value"]: option.get_text(strip=True) for option in select.select("option")}


@pytest.mark.parametrize(
    ("language", "sao_paulo", "mexico_city", "berlin"),
    [
        # A country its city's name already says is not said again.
        ("es", "São Paulo (Brasil)", "Ciudad de México", "Berlín (Alemania)"),
        ("pt-br", "São Paulo (Brasil)", "Cidade do México", "Berlim (Alemanha)"),
        ("en", "São Paulo (Brazil)", "Mexico City", "Berlin (Germany)"),
    ],
)
def test_time_zones_are_offered_by_city_in_the_editors_language(
    staff_user, language, sao_paulo, mexico_city, berlin
):
    options = time_zone_options(staff_user, language)
    assert options["America/Sao_Paulo"] == sao_paulo
    assert options["America/Mexico_City"] == mexico_city
    assert options["Europe/Berlin"] == berlin
    assert options["UTC"] == "UTC"


def test_time_zones_are_in_alphabetical_order_and_each_reads_differently(staff_user):
    options = time_zone_options(staff_user, "es")
    labels = list(options.values())
    with translation.override("es"):
        assert labels == sorted(labels, key=alphabetical)
    assert len(set(labels)) == len(labels)
    # An old name of a clock (Montreal's is now Toronto's) reads with its database name.
    assert options["America/Toronto"] == "Toronto (Canadá)"
    assert options["America/Montreal"] == "Toronto (Canadá) · America/Montreal"
