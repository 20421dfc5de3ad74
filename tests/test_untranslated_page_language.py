"""A page not translated yet shows its original's text: that text is marked as being in the original's
language (WCAG 3.1.2), while the interface around it stays in the page's language. So are the titles and
summaries of untranslated pages in the lists (cards, the directory, the home page's cities)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale
from wagtail.rich_text import RichText

from home.models import FeaturedCity, HomePage
from tests.factories import CityFactory, EventFactory, ResourceFactory
from tests.practice_data import make_practice

pytestmark = pytest.mark.django_db


def language_of(page, text):
    """The language a screen reader reads `text` (in the page's main content) in: that of its nearest element
    with a lang."""
    node = page.select_one("main").find(string=lambda string: text in string)
    assert node is not None, f"{text!r} is not on the page"
    return node.find_parent(lang=True)["lang"]


@pytest.fixture
def city(db):
    return CityFactory(
        title="Villa Lectora",
        summary="Una ciudad que lee en sus plazas.",
        body=[("text", RichText("<p>Bibliotecas abiertas en cada barrio.</p>"))],
        mayor_name="Ana Pérez",
        mayor_title="Alcaldesa",
        year_joined=2024,
    )


def get(client, soup, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return soup(response)


@pytest.mark.parametrize("prefix", ["/en", "/pt-br"])
def test_an_untranslated_city_page_marks_its_spanish_text(client, soup, city, prefix):
    page = get(client, soup, f"{prefix}{city.url}")
    language = prefix.strip("/")
    assert page.html["lang"] == language
    for text in ("Villa Lectora", "Una ciudad que lee", "Bibliotecas abiertas", "Alcaldesa"):
        assert language_of(page, text) == "es", text
    assert language_of(page, "At a glance" if language == "en" else "Em resumo") == language


def test_the_spanish_city_page_is_all_spanish(client, soup, city):
    page = get(client, soup, city.url)
    assert {element["lang"] for element in page.select("[lang]") if element.name != "a"} <= {"es"}


def test_an_untranslated_practice_and_library_item_mark_their_spanish_text(client, soup, city):
    practice = make_practice(city, "Lectura en la plaza", results="<p>Mil personas leyeron más.</p>")
    page = get(client, soup, f"/en{practice.url}")
    for text in ("Lectura en la plaza", "no tenían dónde estudiar", "Mil personas leyeron"):
        assert language_of(page, text) == "es", text
    assert language_of(page, "The problem") == "en"

    resource = ResourceFactory(title="Guía de lectura", abstract="Cómo abrir una biblioteca de barrio.")
    page = get(client, soup, f"/en{resource.url}")
    for text in ("Guía de lectura", "Cómo abrir una biblioteca"):
        assert language_of(page, text) == "es", text
    assert language_of(page, "How to cite it") == "en"


# --- Lists --------------------------------------------------------------------------------------------------

PRACTICE = ["Lectura en la plaza", "Los vecinos leen juntos los domingos."]


@pytest.fixture
def listed(city):
    """Villa Lectora, featured on the home pages, with a practice, an event and a library item: nothing
    translated yet."""
    for home in HomePage.objects.all():
        FeaturedCity.objects.create(page=home, city=city)
    EventFactory(title="Taller de mediación lectora", summary="Dos días para aprender a leer en voz alta.")
    ResourceFactory(title="Guía de lectura", abstract="Cómo abrir una biblioteca de barrio.")
    return make_practice(city, PRACTICE[0], summary=PRACTICE[1])


def marked_spanish(page, selector):
    """The texts of the list (selector) marked as Spanish, in order."""
    return [element.get_text(" ", strip=True) for element in page.select(f'{selector} [lang="es"]')]


@pytest.mark.parametrize("prefix", ["/en", "/pt-br"])
def test_lists_mark_the_spanish_titles_and_summaries_of_untranslated_pages(client, soup, listed, prefix):
    lists = {
        "/practices/": (".event-list", PRACTICE),
        "/cities/villa-lectora/": (".city__practices", PRACTICE),
        "/events/": (
            ".event-list",
            ["Taller de mediación lectora", "Dos días para aprender a leer en voz alta."],
        ),
        "/resources/": (".event-list", ["Guía de lectura", "Cómo abrir una biblioteca de barrio."]),
        "/cities/": ("table.city-table", ["Villa Lectora"]),
        "/": ("main", ["Villa Lectora", "Villa Lectora"]),  # the newest members and the featured cities
    }
    for path, (selector, texts) in lists.items():
        assert marked_spanish(get(client, soup, f"{prefix}{path}"), selector) == texts, path


def test_a_translated_page_is_listed_in_its_own_language(client, soup, listed):
    english = listed.get_translation(Locale.objects.get(language_code="en"))
    english.delete()
    translated = listed.copy_for_translation(Locale.objects.get(language_code="en"))
    translated.title, translated.summary = "Reading in the square", "Neighbours read together on Sundays."
    translated.save_revision().publish()
    page = get(client, soup, "/en/practices/")
    assert marked_spanish(page, ".event-list") == []
    title = page.select_one(".event-list h3")
    assert title.get_text(strip=True) == "Reading in the square" and title["lang"] == "en"


def list_queries(client, url):
    """The queries of the page made afresh, neither from the page cache nor from the shared cache."""
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_marking_the_language_takes_no_query_per_listed_page(client, city):
    """Practices and the library are measured with their lists (tests/test_practices.py,
    tests/test_resource_library.py)."""

    def add_untranslated(start, count):
        for number in range(start, start + count):
            other = CityFactory(title=f"Villa {number}", year_joined=2024)
            for home in HomePage.objects.all():
                FeaturedCity.objects.create(page=home, city=other)
            EventFactory(title=f"Taller {number}")
            make_practice(city, f"Práctica {number}")

    urls = ["/en/", "/en/cities/", "/en/events/", f"/pt-br{city.url}"]
    add_untranslated(0, 2)
    few = {url: list_queries(client, url) for url in urls}
    add_untranslated(2, 4)
    assert {url: list_queries(client, url) for url in urls} == few
