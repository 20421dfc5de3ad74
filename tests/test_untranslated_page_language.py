"""A page not translated yet shows its original's text: that text is marked as being in the original's
language (WCAG 3.1.2), while the interface around it stays in the page's language."""

import pytest
from wagtail.rich_text import RichText

from tests.factories import CityFactory, ResourceFactory
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
