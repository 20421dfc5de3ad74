"""The filters of the practices list, the library and the events list as a visitor types them: a bad value
is reported next to its field (and announced with it) and ignored while the other filters still apply; a
country code in lower case names the same country as in capitals."""

import json

import pytest
from django.utils import translation

from tests.factories import CityFactory, EventFactory, ResourceFactory
from tests.helpers import rolled_back_after_module
from tests.practice_data import make_practice

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("lists_for_module")]


def practice_titles(page):
    return [link.get_text(strip=True) for link in page.select("ul.event-list h3 a")]


def resource_titles(page):
    return [link.get_text(strip=True) for link in page.select(".event-list .event-card h3 a")]


def event_titles(page):
    """The events listed, upcoming then past."""
    return [link.get_text(strip=True) for link in page.select(".events-section .event-card h3 a")]


@pytest.fixture
def get(client, soup):
    def fetch(url, params):
        response = client.get(url, params)
        assert response.status_code == 200, f"{url} {params}: HTTP {response.status_code}"
        return soup(response)

    return fetch


@pytest.fixture(scope="module")
def lists_for_module(django_db_setup, django_db_blocker):
    """Two practices (in Colombia and in Argentina), two library items and two events, which every test of
    the module lists and none changes; made once for the module and rolled back after it."""
    with rolled_back_after_module(django_db_blocker), translation.override("en"):
        colombian = CityFactory(title="Ciudad Colombiana", country="CO", latitude=6.2, longitude=-75.6)
        argentinian = CityFactory(title="Ciudad Argentina", country="AR", latitude=-34.6, longitude=-58.4)
        make_practice(colombian, "Lectura en Colombia")
        make_practice(argentinian, "Lectura en Argentina")
        ResourceFactory(title="Guía del agua", kind="guide", year=2021)
        ResourceFactory(title="Informe anual", kind="publication", year=2021)
        EventFactory(title="Seminario web del agua", kind="webinar", languages="es")
        EventFactory(title="Taller del agua", kind="workshop", languages="es")
        yield


@pytest.mark.parametrize(
    ("params", "bad_field"),
    [({"country": "CO", "theme": "nope"}, "theme"), ({"country": "CO", "population": "huge"}, "population")],
)
def test_a_bad_practice_filter_leaves_the_others_applied(get, params, bad_field):
    page = get("/practices/", params)
    assert practice_titles(page) == ["Lectura en Colombia"]
    assert page.select_one(f"#id_{bad_field}_error").get_text(strip=True)


def test_a_bad_library_filter_leaves_the_others_applied(get):
    page = get("/resources/", {"kind": "guide", "year": "abc"})
    assert resource_titles(page) == ["Guía del agua"]
    assert page.select_one("#id_year_error").get_text(strip=True)


def test_a_bad_events_filter_leaves_the_others_applied(get):
    page = get("/events/", {"kind": "webinar", "language": "qq"})
    assert event_titles(page) == ["Seminario web del agua"]
    assert page.select_one("#id_language_error").get_text(strip=True)
    assert page.select_one("#id_kind").find("option", selected=True)["value"] == "webinar"


def test_an_events_list_with_only_a_bad_filter_lists_everything(get):
    page = get("/events/", {"language": "qq"})
    assert sorted(event_titles(page)) == ["Seminario web del agua", "Taller del agua"]
    assert "No upcoming event matches" not in page.get_text()


def test_a_list_with_only_a_bad_filter_lists_everything(get):
    page = get("/resources/", {"year": "abc"})
    assert resource_titles(page) == ["Guía del agua", "Informe anual"]


@pytest.mark.parametrize("code", ["co", "Co", "CO"])
def test_a_country_code_in_any_case_filters_the_practices(get, client, code):
    page = get("/practices/", {"country": code})
    assert practice_titles(page) == ["Lectura en Colombia"]
    assert not page.select(".field-error")

    response = client.get("/api/practices.geojson", {"country": code})
    assert response.status_code == 200
    assert [feature["properties"]["name"] for feature in json.loads(response.content)["features"]] == [
        "Lectura en Colombia"
    ]


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        ("/practices/", {"theme": "nope"}, "theme"),
        ("/resources/", {"year": "abc"}, "year"),
        ("/cities/", {"country": "ZZ"}, "country"),
    ],
)
def test_a_filter_s_error_is_the_description_of_its_field(get, url, params, field):
    """Screen readers announce the error with the field: the field's aria-describedby names it."""
    page = get(url, params)
    described_by = page.select_one(f"#id_{field}")["aria-describedby"].split()
    errors = [page.find(id=name) for name in described_by]
    assert errors and all(errors)
    assert all("field-error" in error["class"] for error in errors)
