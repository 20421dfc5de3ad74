"""The public GeoJSON endpoints are read-only: a browser or script that writes to them (with no CSRF
token, as any API client) is told which methods they answer, not shown the CSRF failure page."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/api/cities.geojson", "/api/practices.geojson"])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writing_is_refused_with_the_methods_allowed(url, method):
    response = getattr(Client(enforce_csrf_checks=True), method)(url)

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
