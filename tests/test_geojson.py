"""The map data at /api/cities.geojson: RFC 7946, filters, errors, caching and what it must never show.

Why this module is long: one module for the one endpoint, whose tests share the request fixtures and the
sample cities (a few with themes), made once for the module.
"""

import json
import re
from email.utils import parsedate_to_datetime
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.urls import reverse
from geojson_pydantic import FeatureCollection
from wagtail.models import PageViewRestriction

from cities.models import CityPage
from cities.themes import original_themes
from tests import factories
from tests.factories import SAMPLE_CITIES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("themed_network")]

PROPERTIES = {"name", "country", "country_name", "region", "url", "year_joined", "themes", "summary"}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")

# Themes given to a few sample cities (with a publish) for the theme filter; the others have none.
CITY_THEMES = {
    ("Medellín", "CO"): ["aprendizaje-digital", "ciudadania-activa"],
    ("Bogotá", "CO"): ["aprendizaje-digital"],
    ("Rionegro", "CO"): ["accion-climatica"],
    ("Puebla", "MX"): ["aprendizaje-digital", "accion-climatica"],
    ("Curitiba", "BR"): ["ciudadania-activa"],
}


@pytest.fixture
def url():
    return reverse("cities_geojson")


@pytest.fixture
def fetch(client, url):
    """GET the GeoJSON with these query parameters (a dict, or a list of pairs for repeated names)."""

    def get(params=None, **headers):
        query = f"?{urlencode(params)}" if params else ""
        return client.get(url + query, headers=headers)

    return get


@pytest.fixture
def fetch_collection(fetch):
    """GET the GeoJSON, check it is a 200 geo+json answer, and return it parsed."""

    def get(params=None):
        response = fetch(params)
        assert response.status_code == 200, response.content
        assert response["Content-Type"] == "application/geo+json"
        return json.loads(response.content)

    return get


@pytest.fixture
def directory_names(client, soup):
    """The city names the directory page lists for the same query string."""

    def get(params):
        response = client.get("/cities/?" + urlencode(params))
        assert response.status_code == 200
        return sorted(link.get_text(strip=True) for link in soup(response).select("table.city-table th a"))

    return get


@pytest.fixture(scope="module")
def themed_network(sample_network_for_module, django_db_blocker):
    """The sample cities with CITY_THEMES, once for the module (rolled back with the network)."""
    with django_db_blocker.unblock():
        for (name, country), slugs in CITY_THEMES.items():
            city = factories.find_city(name, country)
            factories.publish_with_themes(city, *original_themes().filter(slug__in=slugs))


def names(collection):
    return sorted(feature["properties"]["name"] for feature in collection["features"])


def by_name(collection, name):
    (found,) = [feature for feature in collection["features"] if feature["properties"]["name"] == name]
    return found


def sample_names(selected=lambda row: True):
    return sorted(row["title"] for row in SAMPLE_CITIES if selected(row))


# --- 1. Structure ---------------------------------------------------------------------------------


def test_every_published_city_as_a_valid_rfc7946_feature_collection(fetch_collection):
    data = fetch_collection()

    collection = FeatureCollection.model_validate(data)
    assert collection.type == "FeatureCollection"
    assert len(collection.features) == len(SAMPLE_CITIES)
    assert len(collection.features) == CityPage.objects.originals().live().public().count()
    assert names(data) == sample_names()
    for feature in collection.features:
        assert feature.type == "Feature"
        assert feature.geometry is None or feature.geometry.type == "Point"
    feature_ids = {feature["id"] for feature in data["features"]}
    assert len(feature_ids) == len(SAMPLE_CITIES), "feature ids must be unique"


def test_coordinates_are_longitude_then_latitude(fetch_collection):
    data = fetch_collection()

    medellin = by_name(data, "Medellín")["geometry"]
    assert medellin["type"] == "Point"
    longitude, latitude = medellin["coordinates"]
    assert longitude == pytest.approx(-75.57151, abs=1e-5)
    assert latitude == pytest.approx(6.245, abs=1e-5)

    # Every city with coordinates sits where they put it.
    expected = {
        (row["title"], row["country"]): [row["longitude"], row["latitude"]]
        for row in SAMPLE_CITIES
        if row["latitude"] is not None
    }
    found = {
        (feature["properties"]["name"], feature["properties"]["country"]): feature["geometry"]["coordinates"]
        for feature in data["features"]
        if feature["geometry"]
    }
    assert found.keys() == expected.keys()
    for key, position in expected.items():
        assert found[key] == pytest.approx(position, abs=1e-6), key
        assert -180 <= found[key][0] <= 180 and -90 <= found[key][1] <= 90


def test_properties_of_a_city(fetch_collection):
    data = fetch_collection()

    for feature in data["features"]:
        assert set(feature["properties"]) == PROPERTIES
    properties = by_name(data, "Medellín")["properties"]
    page = CityPage.objects.originals().get(title="Medellín")
    assert properties == {
        "name": "Medellín",
        "country": "CO",
        "country_name": "Colombia",
        "region": "Antioquia",
        "url": "/cities/medellin/",
        "year_joined": 2017,
        "themes": ["Aprendizaje digital", "Ciudadanía activa"],
        "summary": page.summary,
    }
    envigado = by_name(data, "Envigado")["properties"]
    assert envigado["year_joined"] is None
    assert envigado["themes"] == []


def test_themes_are_listed_by_name(fetch_collection):
    data = fetch_collection()

    assert by_name(data, "Medellín")["properties"]["themes"] == ["Aprendizaje digital", "Ciudadanía activa"]
    assert by_name(data, "Puebla")["properties"]["themes"] == ["Acción climática", "Aprendizaje digital"]


def test_city_without_coordinates_has_null_geometry(fetch_collection):
    data = fetch_collection()

    la_matanza = by_name(data, "La Matanza")
    assert la_matanza["geometry"] is None
    assert la_matanza["properties"]["country"] == "AR"


# --- 2. Filters give the directory's cities -------------------------------------------------------


FILTERS = [
    {"country": "CO"},
    {"country": "co"},
    {"country": "MX"},
    {"year": "2020"},
    {"year": "2016"},
    {"theme": "aprendizaje-digital"},
    {"theme": "ciudadania-activa"},
    {"q": "Antioquia"},
    {"q": "Medellín"},
    {"q": "Brasil"},
    {"country": "CO", "year": "2020"},
    {"country": "CO", "theme": "aprendizaje-digital"},
    {"theme": "accion-climatica", "year": "2020"},
    {"q": "Antioquia", "year": "2020"},
    {"country": "CO", "theme": "aprendizaje-digital", "year": "2017", "q": "Antioquia"},
]


@pytest.mark.parametrize("params", FILTERS, ids=lambda params: urlencode(params))
def test_filters_give_the_directory_cities(params, fetch_collection, directory_names):
    data = fetch_collection(params)

    assert names(data), "each of these filters matches some city"
    assert names(data) == directory_names(params)
    FeatureCollection.model_validate(data)


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"country": "CO"}, lambda row: row["country"] == "CO"),
        ({"year": "2020"}, lambda row: row["year_joined"] == 2020),
        ({"country": "AR", "year": "2020"}, lambda row: (row["country"], row["year_joined"]) == ("AR", 2020)),
    ],
    ids=["country", "year", "country+year"],
)
def test_filters_match_the_cities_facts(params, expected, fetch_collection):
    assert names(fetch_collection(params)) == sample_names(expected)


def test_theme_filter_gives_the_cities_with_that_theme(fetch_collection):
    data = fetch_collection({"theme": "aprendizaje-digital"})

    assert names(data) == ["Bogotá", "Medellín", "Puebla"]


def test_search_finds_cities_of_a_region(fetch_collection):
    assert {"Envigado", "La Estrella", "Medellín", "Rionegro"} <= set(
        names(fetch_collection({"q": "Antioquia"}))
    )


@pytest.mark.parametrize(
    "params",
    [{"country": "FR"}, {"year": "1999"}, {"theme": "salud-y-bienestar"}, {"country": "PE", "year": "2016"}],
)
def test_valid_filter_without_cities_gives_an_empty_collection(params, fetch_collection, directory_names):
    data = fetch_collection(params)

    assert data["features"] == []
    FeatureCollection.model_validate(data)
    assert directory_names(params) == []


def test_blank_parameters_are_ignored(fetch_collection):
    assert len(fetch_collection({"country": "", "q": " "})["features"]) == len(SAMPLE_CITIES)


def test_search_text_that_looks_like_a_query_string_is_not_confused_with_filters(
    fetch, fetch_collection, directory_names
):
    """The cache key must tell q='Antioquia&year=2020' from q='Antioquia' with year=2020."""
    text = {"q": "Antioquia&year=2020"}
    expected = directory_names(text)
    assert names(fetch_collection(text)) == expected  # cold: right
    cache.clear()

    combined = {"q": "Antioquia", "year": "2020"}
    assert names(fetch_collection(combined)) == ["Rionegro"] != expected
    assert names(fetch_collection(text)) == expected  # must not be the other request's cached answer


# --- 3. Errors ------------------------------------------------------------------------------------


def error_body(response):
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert isinstance(body["error"], str) and body["error"]
    return body


def test_unknown_parameter_is_rejected(fetch):
    body = error_body(fetch({"foo": "1"}))

    assert "foo" in body["error"]


def test_unknown_parameter_with_valid_ones_is_rejected(fetch):
    body = error_body(fetch({"country": "CO", "page": "2"}))

    assert "page" in body["error"]
    assert "country" not in body["error"]


@pytest.mark.parametrize(
    "name, value, mentioned",
    [
        ("year", "abc", None),
        ("year", "1800", "1900"),
        ("year", "2101", "2100"),
        ("country", "ZZ", "ZZ"),
        ("country", "Colombia", None),
        ("theme", "no-such-theme", "no-such-theme"),
        ("theme", "not a slug", None),
    ],
)
def test_malformed_value_is_rejected_with_the_reason(name, value, mentioned, fetch):
    body = error_body(fetch({name: value}))

    # The answer names the wrong parameter and says why, in words a developer can act on.
    assert list(body["fields"]) == [name]
    (message,) = body["fields"][name]
    assert message
    if mentioned:
        assert mentioned in message


def test_malformed_value_next_to_valid_ones_is_rejected(fetch):
    body = error_body(fetch({"country": "CO", "year": "abc"}))

    assert list(body["fields"]) == ["year"]


def test_malformed_value_is_rejected_even_when_a_similar_request_is_cached(fetch):
    """A cached answer for country=CO&year=2020 must not be served for country='CO&year=2020'."""
    assert fetch({"country": "CO", "year": "2020"}).status_code == 200

    body = error_body(fetch({"country": "CO&year=2020"}))
    assert "country" in body["fields"]


@pytest.mark.parametrize(
    "query, name",
    [
        ([("country", "CO"), ("country", "MX")], "country"),
        ([("year", "2020"), ("year", "2020")], "year"),
        ([("q", "Medellín"), ("country", "CO"), ("q", "Bogotá")], "q"),
    ],
)
def test_parameter_given_twice_is_rejected(query, name, fetch):
    body = error_body(fetch(query))

    assert name in body["error"]


def test_post_is_not_allowed(client, url):
    response = client.post(url, {"country": "CO"})

    assert response.status_code == 405
    assert "GET" in response["Allow"]


def test_head_answers_without_body(client, url):
    response = client.head(url)

    assert response.status_code == 200
    assert response.content == b""


# --- 4. Cache invalidation ------------------------------------------------------------------------


def test_published_change_shows_at_once_with_a_new_etag(fetch, fetch_collection):
    before = fetch()
    assert before.status_code == 200

    medellin = CityPage.objects.originals().get(title="Medellín")
    medellin.summary = "Ciudad del aprendizaje con nueva estrategia 2030."
    medellin.save_revision().publish()

    after = fetch()
    data = json.loads(after.content)
    assert (
        by_name(data, "Medellín")["properties"]["summary"]
        == "Ciudad del aprendizaje con nueva estrategia 2030."
    )
    assert after["ETag"] != before["ETag"]
    assert parsedate_to_datetime(after["Last-Modified"]) > parsedate_to_datetime(before["Last-Modified"])


def test_published_change_shows_in_filtered_data_too(fetch_collection):
    assert "Medellín" in names(fetch_collection({"country": "CO"}))

    medellin = CityPage.objects.originals().get(title="Medellín")
    medellin.country = "MX"
    medellin.save_revision().publish()

    assert "Medellín" not in names(fetch_collection({"country": "CO"}))
    assert "Medellín" in names(fetch_collection({"country": "MX"}))


def test_unpublished_city_disappears(fetch_collection):
    assert "Envigado" in names(fetch_collection())

    CityPage.objects.originals().get(title="Envigado").unpublish()

    data = fetch_collection()
    assert "Envigado" not in names(data)
    assert len(data["features"]) == len(SAMPLE_CITIES) - 1


def test_newly_published_city_appears(fetch_collection, make_city):
    assert "Itagüí" not in names(fetch_collection({"country": "CO"}))

    make_city("Itagüí", country="CO", region="Antioquia", latitude=6.18461, longitude=-75.59913)

    data = fetch_collection({"country": "CO"})
    assert "Itagüí" in names(data)
    assert by_name(data, "Itagüí")["geometry"]["coordinates"] == [-75.59913, 6.18461]
    assert len(fetch_collection()["features"]) == len(SAMPLE_CITIES) + 1


def test_deleted_city_is_gone(fetch_collection):
    assert "Rionegro" in names(fetch_collection())

    CityPage.objects.originals().get(title="Rionegro").delete()

    assert "Rionegro" not in names(fetch_collection())


def test_moved_directory_gives_new_city_urls(fetch_collection, directory):
    assert by_name(fetch_collection(), "Medellín")["properties"]["url"] == "/cities/medellin/"

    directory.slug = "ciudades"
    directory.save_revision().publish()

    assert by_name(fetch_collection(), "Medellín")["properties"]["url"] == "/ciudades/medellin/"


def test_city_with_a_password_disappears(fetch_collection):
    assert "Medellín" in names(fetch_collection())

    PageViewRestriction.objects.create(
        page=CityPage.objects.originals().get(title="Medellín"),
        restriction_type=PageViewRestriction.PASSWORD,
        password="secreto",
    )

    assert "Medellín" not in names(fetch_collection())
    assert "Medellín" not in names(fetch_collection({"country": "CO"}))


def test_city_returns_when_its_restriction_is_removed(fetch_collection):
    restriction = PageViewRestriction.objects.create(
        page=CityPage.objects.originals().get(title="Medellín"),
        restriction_type=PageViewRestriction.PASSWORD,
        password="secreto",
    )
    assert "Medellín" not in names(fetch_collection())

    restriction.delete()

    assert "Medellín" in names(fetch_collection())


def test_renamed_theme_shows_its_new_name(fetch_collection):
    assert "Aprendizaje digital" in by_name(fetch_collection(), "Medellín")["properties"]["themes"]

    theme = original_themes().get(slug="aprendizaje-digital")
    theme.name = "Aprendizaje y competencias digitales"
    theme.save()

    assert (
        "Aprendizaje y competencias digitales"
        in by_name(fetch_collection(), "Medellín")["properties"]["themes"]
    )


def test_draft_change_is_not_shown_and_keeps_the_etag(fetch):
    before = fetch()
    original = by_name(json.loads(before.content), "Medellín")["properties"]["summary"]

    medellin = CityPage.objects.originals().get(title="Medellín")
    medellin.summary = "Borrador sin revisar: no publicar."
    medellin.save_revision()

    after = fetch()
    assert after.status_code == 200
    assert by_name(json.loads(after.content), "Medellín")["properties"]["summary"] == original
    assert "Borrador" not in after.content.decode()
    assert after["ETag"] == before["ETag"]
    assert after["Last-Modified"] == before["Last-Modified"]


# --- 5. Conditional requests ----------------------------------------------------------------------


def test_validators_are_sent(fetch):
    response = fetch()

    assert re.fullmatch(r'"[0-9a-f]+"', response["ETag"])
    assert parsedate_to_datetime(response["Last-Modified"])
    assert "no-cache" in response["Cache-Control"]


def test_if_none_match_with_the_etag_gives_304(fetch):
    etag = fetch()["ETag"]

    response = fetch(If_None_Match=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_if_none_match_works_for_filtered_data(fetch):
    etag = fetch({"country": "CO"})["ETag"]

    assert fetch({"country": "CO"}, If_None_Match=etag).status_code == 304
    assert fetch({"country": "MX"}, If_None_Match=etag).status_code == 200


def test_if_modified_since_with_last_modified_gives_304(fetch):
    last_modified = fetch()["Last-Modified"]

    response = fetch(If_Modified_Since=last_modified)

    assert response.status_code == 304
    assert response.content == b""


def test_old_validators_get_the_new_data_after_a_publish(fetch):
    before = fetch()

    medellin = CityPage.objects.originals().get(title="Medellín")
    medellin.summary = "Resumen nuevo."
    medellin.save_revision().publish()

    with_etag = fetch(If_None_Match=before["ETag"])
    assert with_etag.status_code == 200
    assert "Resumen nuevo." in with_etag.content.decode()
    with_date = fetch(If_Modified_Since=before["Last-Modified"])
    assert with_date.status_code == 200
    assert "Resumen nuevo." in with_date.content.decode()


# --- 6. No drafts, no private data ----------------------------------------------------------------


def test_never_published_city_is_absent(fetch_collection, directory_names, make_city):
    make_city("Ciudad Borrador", country="CO", publish=False, latitude=6.2, longitude=-75.6)

    assert "Ciudad Borrador" not in names(fetch_collection())
    assert "Ciudad Borrador" not in names(fetch_collection({"q": "Borrador"}))
    assert "Ciudad Borrador" not in directory_names({"country": "CO"})


def test_unpublished_changes_are_not_exposed(fetch):
    medellin = CityPage.objects.originals().get(title="Medellín")
    medellin.summary = "Texto en revisión."
    medellin.title = "Medellín (borrador)"
    medellin.latitude, medellin.longitude = 0.0, 0.0
    medellin.themes = list(original_themes().filter(slug="salud-y-bienestar"))
    medellin.save_revision()

    body = fetch().content.decode()
    data = json.loads(body)
    for leaked in ("Texto en revisión.", "borrador", "Salud y bienestar"):
        assert leaked not in body
    assert by_name(data, "Medellín")["geometry"]["coordinates"] == [-75.57151, 6.245]
    assert json.loads(fetch({"theme": "salud-y-bienestar"}).content)["features"] == []


def test_no_email_addresses_or_internal_fields(fetch):
    medellin = CityPage.objects.originals().get(title="Medellín")
    medellin.membership_sources = "Correo de la alcaldía: enlace.aprendizaje@medellin.gov.co"
    medellin.awards = "Premio UNESCO Ciudad del Aprendizaje 2017"
    medellin.mayor_name = "Nombre del Alcalde"
    medellin.save_revision().publish()

    body = fetch().content.decode()
    data = json.loads(body)

    assert EMAIL.search(body) is None
    assert "Premio UNESCO" not in body and "Nombre del Alcalde" not in body
    assert set(data) == {"type", "features"}
    for feature in data["features"]:
        assert set(feature) == {"type", "id", "geometry", "properties"}
        assert set(feature["properties"]) == PROPERTIES


# --- 7. Warm answers come from the cache ----------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"country": "CO"},
        {"theme": "aprendizaje-digital"},
        {"q": "Antioquia"},
        {"country": "CO", "year": "2020"},
    ],
    ids=lambda params: urlencode(params) or "all",
)
def test_warm_answer_needs_at_most_one_query(params, fetch, django_assert_max_num_queries):
    cold = fetch(params)
    assert cold.status_code == 200

    with django_assert_max_num_queries(1):
        warm = fetch(params)

    assert warm.status_code == 200
    assert warm.content == cold.content
    assert warm["ETag"] == cold["ETag"]
