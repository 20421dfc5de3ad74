"""The languages of the library's Atom feed: the feed says its own language once (xml:lang on <feed>), and
an entry whose text is in another language says its own, as Atom allows on any element (RFC 4287, 2):
an untranslated copy in another language's feed is the original's text, and a title in another language
than its entry (an English original's) is marked on the title. What stays in the reader's language in
such an entry (the names of the themes) says so. The feed is Atom only: RSS 2.0 has no language per
item."""

import xml.etree.ElementTree as ElementTree

import pytest

from tests.factories import ResourceFactory, ThemeFactory
from tests.test_library_title_language_translations import translate

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ENGLISH_TITLE = "Guiding Documents for Learning Cities"


def feed(client, prefix):
    response = client.get(f"{prefix}/resources/feed/")
    assert response.status_code == 200
    return ElementTree.fromstring(response.content)


def languages(client, prefix):
    """(the feed's language, {entry title: (the language the entry says, its title's, its summary's, its
    categories')}), each read as XML does: an element's own xml:lang, else its nearest ancestor's."""
    root = feed(client, prefix)
    found = {}
    for entry in root.findall(f"{ATOM}entry"):
        entry_language = entry.get(XML_LANG, root.get(XML_LANG))
        title = entry.find(f"{ATOM}title")
        found[title.text] = (
            entry.get(XML_LANG),
            title.get(XML_LANG, entry_language),
            entry.find(f"{ATOM}summary").get(XML_LANG, entry_language),
            {category.get(XML_LANG, entry_language) for category in entry.findall(f"{ATOM}category")},
        )
    return root.get(XML_LANG), found


@pytest.fixture
def items():
    theme = ThemeFactory(name="Lectura en voz alta", slug="lectura-en-voz-alta")
    english = ResourceFactory(title=ENGLISH_TITLE, title_language="en", themes=[theme])
    spanish = ResourceFactory(title="Guía de lectura en voz alta", themes=[theme])
    return english, spanish


def test_the_original_language_s_feed_marks_only_a_title_in_another_language(client, items):
    feed_language, entries = languages(client, "")
    assert feed_language == "es"
    assert entries == {
        ENGLISH_TITLE: (None, "en", "es", {"es"}),
        "Guía de lectura en voz alta": (None, "es", "es", {"es"}),
    }


@pytest.mark.parametrize("language", ["pt-br", "en"])
def test_an_untranslated_copy_is_an_entry_in_the_original_s_language(client, items, language):
    feed_language, entries = languages(client, f"/{language}")
    assert feed_language == language
    assert entries == {
        ENGLISH_TITLE: ("es", "en", "es", {language}),
        "Guía de lectura en voz alta": ("es", "es", "es", {language}),
    }


def test_a_translation_is_an_entry_in_the_feed_s_language(client, items):
    english, spanish = items
    translate(english, "pt-br", abstract="Os textos da rede.")
    translate(spanish, "pt-br", title="Guia de leitura em voz alta", abstract="Um guia.")
    _feed_language, entries = languages(client, "/pt-br")
    assert entries == {
        ENGLISH_TITLE: (None, "en", "pt-br", {"pt-br"}),
        "Guia de leitura em voz alta": (None, "pt-br", "pt-br", {"pt-br"}),
    }
