"""The city summary above a city's timeline lists its engagements by theme, most first and, at equal
counts, in the order of a dictionary of the reader's language: in Portuguese “Ação climática” before
“Alfabetização”, not after it as code points would have it."""

import pytest
from django.urls import reverse

from cities.themes import original_themes
from tests.helpers import client_in_language, parse_html

pytestmark = pytest.mark.django_db


def test_themes_with_as_many_engagements_are_listed_alphabetically(staff_user, medellin, engagement_factory):
    climate, literacy = (original_themes().get(slug=slug) for slug in ("accion-climatica", "alfabetizacion"))
    engagement_factory("Oficina", cities=[medellin], themes=[literacy, climate])
    client = client_in_language(staff_user, "pt-br")
    page = parse_html(client.get(reverse("contacts_timeline:city", args=[medellin.pk])))
    rows = [
        [" ".join(cell.get_text().split()) for cell in row.select("td")]
        for row in page.select(".city-summary__themes tbody tr")
    ]
    assert rows == [["Ação climática", "1"], ["Alfabetização", "1"]]
