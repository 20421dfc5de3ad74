"""A good practice in a city page's body has a heading one level under the section it is placed in.

Screen-reader users move through a page by its headings: a good practice placed first in the body (no
section heading before it) must not jump from the page's h1 to an h3. Placed under a section heading it
is one of that section's parts (h3), under a subheading one level further down (h4).
"""

import re

import pytest
from bs4 import BeautifulSoup

from tests.factories import CityFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def practice(title, theme):
    return {
        "type": "good_practice",
        "value": {
            "title": title,
            "theme": theme.pk,
            "description": "<p>Lo que hizo la ciudad.</p>",
            "link": "",
        },
    }


def outline(client, city):
    response = client.get(city.url)
    assert response.status_code == 200
    article = BeautifulSoup(response.content, "html.parser").find("article")
    return [(int(tag.name[1]), tag.get_text(strip=True)) for tag in article.find_all(re.compile(r"^h[1-6]$"))]


def assert_no_level_skipped(headings):
    for (before, before_text), (level, text) in zip(headings, headings[1:], strict=False):
        assert level <= before + 1, f"{before_text!r} (h{before}) is followed by {text!r} (h{level})"


def test_a_good_practice_before_any_section_heading_is_a_section_of_its_own(client):
    theme = ThemeFactory()
    city = CityFactory(title="Ciudad Prácticas", body=[practice("Bibliotecas en los parques", theme)])

    headings = outline(client, city)

    assert (2, "Bibliotecas en los parques") in headings
    assert_no_level_skipped(headings)


def test_a_good_practice_follows_the_section_it_is_placed_in(client):
    theme = ThemeFactory()
    body = [
        practice("Primera práctica", theme),
        {"type": "heading", "value": {"text": "Programas", "level": "h2"}},
        practice("Práctica de la sección", theme),
        {"type": "heading", "value": {"text": "Para jóvenes", "level": "h3"}},
        practice("Práctica de la subsección", theme),
        {"type": "text", "value": "<h2>Resultados</h2><p>Lo que se midió.</p>"},
        practice("Práctica tras un texto", theme),
    ]
    city = CityFactory(title="Ciudad Secciones", body=body)

    headings = outline(client, city)

    assert (2, "Primera práctica") in headings
    assert (3, "Práctica de la sección") in headings
    assert (4, "Práctica de la subsección") in headings
    assert (3, "Práctica tras un texto") in headings
    assert_no_level_skipped(headings)
