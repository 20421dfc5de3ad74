"""A copy made with Wagtail's "Copy" as an alias is live at once, without a publication: the cached pages
that list it (the library here) show it on the next visit, as they show a published page."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def listed_titles(response):
    return [
        h3.get_text(strip=True) for h3 in BeautifulSoup(response.content.decode(), "html.parser").select("h3")
    ]


def test_a_new_copy_is_listed_on_the_next_visit(client):
    item = ResourceFactory(title="Guía de lectura en voz alta")
    library = item.get_parent().url
    client.get(library)
    assert client.get(library).headers.get("X-Page-Cache") == "hit"

    item.create_alias(parent=item.get_parent(), update_slug="guia-de-lectura-copia")

    response = client.get(library)
    assert response.headers.get("X-Page-Cache") == "miss"
    assert listed_titles(response).count("Guía de lectura en voz alta") == 2
