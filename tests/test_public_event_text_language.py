"""An event's own text, on a copy not translated yet, is marked with the language it is written in: a screen
reader reads the Spanish title, summary and programme with a Spanish voice on the English and Portuguese
pages, while the interface around them stays in the page's language. The registration form names the event
in its language too."""

import pytest
from wagtail.blocks import StreamValue

from events.models import EventPage
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

TITLE = "Taller regional: aprendizaje digital para ciudades"


def spanish_event():
    event = EventFactory(title=TITLE, summary="Dos días de trabajo con las ciudades de la red.")
    event.programme = StreamValue(
        event.programme.stream_block, [("session", {"title": "Apertura y bienvenida"})], is_lazy=False
    )
    event.save_revision().publish()
    return event


def copy_in(event, language):
    return EventPage.objects.get(translation_key=event.translation_key, locale__language_code=language)


def language_of(element):
    """The language an element's text is read in: its own lang or its nearest ancestor's."""
    while element is not None and not element.get("lang"):
        element = element.parent
    return element.get("lang") if element is not None else None


@pytest.mark.parametrize("language", ["en", "pt-br"])
def test_an_untranslated_events_title_summary_and_programme_are_marked_spanish(client, soup, language):
    page = soup(client.get(copy_in(spanish_event(), language).url))
    assert page.html["lang"] == language
    assert language_of(page.find("h1", string=TITLE)) == "es"
    assert language_of(page.find(class_="lead")) == "es"
    assert language_of(page.find("h3", string="Apertura y bienvenida")) == "es"
    assert language_of(page.find("dt")) == language, "the interface stays in the page's language"


def test_the_registration_form_names_an_untranslated_event_in_spanish(client, soup):
    page = soup(client.get(f"{copy_in(spanish_event(), 'en').url}register/"))
    assert language_of(page.find("a", string=TITLE)) == "es"
    assert language_of(page.find("h1")) == "en"
