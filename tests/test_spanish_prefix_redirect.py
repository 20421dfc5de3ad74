"""Spanish, the default language, has no prefix: a link or a typed address under /es/ leads to the page.

A visitor who writes /es/cities/ (as /en/cities/ and /pt-br/cities/ exist) gets the Spanish page at
/cities/ instead of a 404, with the query string kept. Only the public pages are offered this way:
/es/admin/ and the like stay 404, and nothing under /es/ leads off the site.
"""

import pytest

from tests.factories import CityFactory

pytestmark = pytest.mark.django_db


def test_a_spanish_address_with_the_prefix_leads_to_the_page_without_it(client):
    city = CityFactory(title="Ciudad Prefijo")
    assert city.url.startswith("/cities/")

    response = client.get(f"/es{city.url}", follow=True)

    assert response.redirect_chain == [(city.url, 302)]
    assert response.status_code == 200
    assert "Ciudad Prefijo" in response.content.decode()


@pytest.mark.parametrize(
    ("asked", "target"),
    [
        ("/es", "/"),
        ("/es/", "/"),
        ("/es/cities/?country=CO&theme=literacy", "/cities/?country=CO&theme=literacy"),
        ("/es/search/?query=lectura", "/search/?query=lectura"),
        ("/es/cities/s%C3%A3o-paulo/", "/cities/s%C3%A3o-paulo/"),
    ],
)
def test_the_redirect_keeps_the_path_and_the_query_string(client, asked, target):
    response = client.get(asked)

    assert response.status_code == 302
    assert response["Location"] == target


@pytest.mark.parametrize(
    "asked",
    [
        "/es/admin/",
        "/es/admin/pages/",
        "/es/documents/1/report.pdf",
        "/es/api/cities.geojson",
        "/es/i18n/setlang/",
    ],
)
def test_addresses_outside_the_public_pages_stay_not_found(client, asked):
    assert client.get(asked).status_code == 404


@pytest.mark.parametrize(
    "asked",
    [
        "/es//evil.example/",
        "/es/%2F%2Fevil.example/",
        "/es/\\evil.example/",
        "/es/%5Cevil.example/",
        "/es/%09/evil.example/",
    ],
)
def test_nothing_under_es_leads_off_the_site(client, asked):
    response = client.get(asked)

    assert response.status_code == 404
    assert "Location" not in response
