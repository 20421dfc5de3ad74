"""Pages and the GeoJSON go out gzip-compressed to clients that accept it, and the page cache keeps one copy
per encoding, so a client that did not ask for gzip never receives a compressed copy stored for another."""

import gzip
import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

GEOJSON = "/api/cities.geojson"


@pytest.fixture
def gzip_client():
    return Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_ACCEPT_ENCODING="gzip, deflate, br")


@pytest.fixture
def plain_client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def body(response):
    if response.get("Content-Encoding") == "gzip":
        return gzip.decompress(response.content)
    return response.content


def test_a_page_is_compressed_for_a_client_that_accepts_gzip(gzip_client, plain_client, make_city):
    city = make_city("Ciudad Comprimida", summary="Una ciudad. " * 50)
    compressed = gzip_client.get(city.url)
    plain = plain_client.get(city.url)
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert len(compressed.content) < len(plain.content)
    assert not plain.has_header("Content-Encoding")
    assert b"Ciudad Comprimida" in body(compressed)


@pytest.mark.parametrize("first, then", [("gzip", "plain"), ("plain", "gzip")])
def test_the_page_cache_keeps_each_encoding_apart(first, then, gzip_client, plain_client, make_city):
    clients = {"gzip": gzip_client, "plain": plain_client}
    city = make_city("Ciudad Comprimida", summary="Una ciudad. " * 50)
    assert clients[first].get(city.url)["X-Page-Cache"] == "miss"
    assert clients[first].get(city.url)["X-Page-Cache"] == "hit"

    other = clients[then].get(city.url)
    assert other["X-Page-Cache"] == "miss"
    assert (other.get("Content-Encoding") == "gzip") == (then == "gzip")
    again = clients[then].get(city.url)
    assert again["X-Page-Cache"] == "hit"
    assert again.get("Content-Encoding") == other.get("Content-Encoding")
    assert b"Ciudad Comprimida" in body(again)


def test_the_geojson_is_compressed_and_still_revalidates(gzip_client, plain_client, make_city):
    # Long enough to be worth compressing (the GeoJSON carries each city's summary).
    make_city("Ciudad Comprimida", latitude=4.6, longitude=-74.1, summary="Una ciudad. " * 50)
    compressed = gzip_client.get(GEOJSON)
    assert compressed["Content-Encoding"] == "gzip"
    names = {feature["properties"]["name"] for feature in json.loads(body(compressed))["features"]}
    assert "Ciudad Comprimida" in names
    assert json.loads(body(compressed)) == json.loads(plain_client.get(GEOJSON).content)

    revalidated = gzip_client.get(GEOJSON, HTTP_IF_NONE_MATCH=compressed["ETag"])
    assert revalidated.status_code == 304
