"""`/api/practices.geojson`, the good practices' map layer: published practices only, each at its city's
location, filtered like the practices list, in the language asked for, refused with a reason when a
parameter is wrong, and answered from the cache until something is published."""

import pytest
from wagtail.models import Locale

from practices.models import PracticePage
from tests import helpers
from tests.factories import CityFactory, PracticeFactory, ThemeFactory

pytestmark = pytest.mark.django_db

URL = "/api/practices.geojson"


@pytest.fixture(scope="module")
def practice_pks(django_db_setup, django_db_blocker):
    """Three published practices (one in a city off the map) and a draft, by name, their primary keys;
    made once for the module and rolled back after it."""
    with helpers.rolled_back_after_module(django_db_blocker):
        bogota = CityFactory(
            title="Bogotá", country="CO", latitude=4.711, longitude=-74.0721, population=7_900_000
        )
        lima = CityFactory(
            title="Lima", country="PE", latitude=-12.0464, longitude=-77.0428, population=90_000
        )
        nowhere = CityFactory(title="Sin Lugar", country="PE", latitude=None, longitude=None)
        literacy = ThemeFactory(name="Lectura en voz alta", slug="lectura-en-voz-alta")
        practices = {
            "reading": PracticeFactory(city=bogota, title="Clubes de lectura", themes=[literacy]),
            "lima": PracticeFactory(
                city=lima,
                title="Huertas que enseñan",
                figures=[("figure", {"value": "300", "unit": "familias", "label": "huertas", "year": 2024})],
            ),
            "draft": PracticeFactory(city=bogota, title="Borrador secreto", publish=False),
            "unlocated": PracticeFactory(city=nowhere, title="Práctica sin mapa"),
        }
        yield {name: practice.pk for name, practice in practices.items()}


@pytest.fixture
def practices(db, practice_pks):
    """The module's practices, fetched afresh for this test (a test publishes the draft)."""
    pages = PracticePage.objects.in_bulk(practice_pks.values())
    return {name: pages[pk] for name, pk in practice_pks.items()}


def names(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    return sorted(feature["properties"]["name"] for feature in response.json()["features"])


def test_published_practices_are_at_their_city(client, practices):
    collection = client.get(URL).json()
    assert collection["type"] == "FeatureCollection"
    by_name = {feature["properties"]["name"]: feature for feature in collection["features"]}
    assert sorted(by_name) == ["Clubes de lectura", "Huertas que enseñan"], (
        "no draft, no practice off the map"
    )
    reading = by_name["Clubes de lectura"]
    assert reading["geometry"] == {"type": "Point", "coordinates": [-74.0721, 4.711]}
    assert reading["properties"]["city"] == "Bogotá"
    assert reading["properties"]["url"] == practices["reading"].url
    assert reading["properties"]["themes"] == ["Lectura en voz alta"]
    assert by_name["Huertas que enseñan"]["properties"]["measured"] is True


@pytest.mark.parametrize(
    "query, expected",
    [
        ("country=PE", ["Huertas que enseñan"]),
        ("country=MX", []),
        ("theme=lectura-en-voz-alta", ["Clubes de lectura"]),
        ("population=small", ["Huertas que enseñan"]),
        ("population=metropolis", ["Clubes de lectura"]),
        ("measured=on", ["Huertas que enseñan"]),
        ("measured=true", ["Huertas que enseñan"]),
        ("measured=1", ["Huertas que enseñan"]),
        ("measured=false", ["Clubes de lectura", "Huertas que enseñan"]),
    ],
)
def test_filters_narrow_the_layer(client, practices, query, expected):
    assert names(client.get(f"{URL}?{query}")) == expected


def test_english_links_lead_to_the_english_pages(client, practices):
    [feature] = [
        f for f in client.get(f"{URL}?lang=en").json()["features"] if f["properties"]["city"] == "Lima"
    ]
    assert feature["properties"]["url"].startswith("/en/")
    assert feature["properties"]["country_name"] == "Peru"


def test_each_practice_says_the_language_of_its_words(client, practices):
    """An untranslated copy speaks its Spanish original's language, a translation its own; the popup marks
    its title with it."""
    english = Locale.objects.get(language_code="en")
    practices["reading"].get_translation(english).delete()
    translated = practices["reading"].copy_for_translation(english)
    translated.title = "Reading clubs"
    translated.save_revision().publish()

    def languages(query):
        features = client.get(f"{URL}{query}").json()["features"]
        return {feature["properties"]["name"]: feature["properties"]["language"] for feature in features}

    assert languages("") == {"Clubes de lectura": "es", "Huertas que enseñan": "es"}
    assert languages("?lang=pt-br") == {"Clubes de lectura": "es", "Huertas que enseñan": "es"}
    assert languages("?lang=en") == {"Reading clubs": "en", "Huertas que enseñan": "es"}


@pytest.mark.parametrize(
    "query, named",
    [
        ("colour=red", "colour"),
        ("population=huge", "population"),
        ("measured=maybe", "measured"),
        ("measured=2", "measured"),
        ("theme=no-such-theme", "theme"),
        ("country=PE&country=CO", "country"),
        ("country=%C2%B2", "country"),
        ("country=" + "1" * 5000, "country"),
        ("lang=fr", "fr"),
    ],
)
def test_a_wrong_parameter_is_refused_with_a_reason_naming_it(client, practices, query, named):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["error"] and named in response.content.decode()


def test_the_answer_is_revalidated_until_something_is_published(client, practices):
    first = client.get(URL)
    assert client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    practices["draft"].save_revision().publish()
    again = client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and "Borrador secreto" in names(again)
