"""The APA citation of a library item whose title ends in a question mark, an exclamation mark or a
full stop: that mark ends the title element, with no full stop added after it (APA 7th edition); a
recording's description in brackets still takes the full stop after it."""

import pytest

from tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def citation(client, soup):
    return soup(client.get("/en/resources/item/")).select_one(".citation").get_text()


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("¿Qué es una ciudad del aprendizaje?", "(2019). ¿Qué es una ciudad del aprendizaje? UIL."),
        ("¡Aprender juntos!", "(2019). ¡Aprender juntos! UIL."),
        ("Guía de la red, etc.", "(2019). Guía de la red, etc. UIL."),
        ("Guía de la red", "(2019). Guía de la red. UIL."),
    ],
)
def test_a_title_s_own_end_mark_ends_the_title(client, soup, title, expected):
    ResourceFactory(title=title, slug="item", authors="Pérez, Ana", publisher="UIL", year=2019)
    assert expected in citation(client, soup)


def test_a_recording_s_description_takes_the_full_stop(client, soup):
    ResourceFactory(
        title="¿Qué aprendimos?",
        slug="item",
        kind="recording",
        authors="Pérez, Ana",
        publisher="UIL",
        year=2019,
    )
    assert "(2019). ¿Qué aprendimos? [Video]. UIL." in citation(client, soup)
