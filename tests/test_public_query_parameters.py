"""Whatever a public URL's query string says, the answer is a page, a redirect or a 4xx: never a 5xx.

Each filter and page parameter of the public listings, the site search, the certificate lookup and the
map data is sent values that have made views fail before: text where a number goes, digits that
`str.isdigit()` accepts and `int()` refuses ("²"), numbers longer than `int()` reads or than a database
id, NUL, bytes that are no UTF-8, a lone surrogate, and a long text.
"""

import pytest
from django.test import Client

from events.registration import Registrant, register
from tests import factories

pytestmark = pytest.mark.django_db

PARAMETERS = (
    "page",
    "p",
    "country",
    "theme",
    "year",
    "kind",
    "language",
    "type",
    "population",
    "measured",
    "query",
    "q",
    "lang",
    "code",
)
VALUES = (
    "abc",
    "-1",
    "%C2%B2",
    "1" * 5000,
    "9" * 20,
    "%00",
    "%FF",
    "%ED%A0%80",
    "x" * 5000,
)
LISTINGS = ("/cities/", "/practices/", "/events/", "/resources/", "/search/", "/certificates/")
MAP_DATA = ("/api/cities.geojson", "/api/practices.geojson")


@pytest.fixture
def site(medellin):
    event = factories.EventFactory(title="Taller de lectura", cities=[medellin])
    factories.ResourceFactory(title="Guía de lectura", cities=[medellin], events=[event])
    factories.PracticeFactory(title="Lectura en la plaza", city=medellin)
    register(event, Registrant(given_name="Ana", family_name="Paz", email="ana@example.org", city=medellin))
    return event


def test_no_query_string_makes_a_public_url_fail(site):
    client = Client(HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=False)
    failed = []
    for path in (*LISTINGS, *(f"/en{path}" for path in LISTINGS), *MAP_DATA, site.url):
        for value in VALUES:
            # Every parameter at once on the pages (each form checks all its fields); one at a time on the
            # map data, which refuses the first unknown parameter.
            if path in MAP_DATA:
                queries = [f"{name}={value}" for name in PARAMETERS]
            else:
                queries = ["&".join(f"{name}={value}" for name in PARAMETERS)]
            for query in queries:
                status = client.get(f"{path}?{query}").status_code
                if status >= 500:
                    failed.append(f"{path}?{query[:80]}: HTTP {status}")
    assert not failed, "\n".join(failed)
