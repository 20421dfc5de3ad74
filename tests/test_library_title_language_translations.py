"""The language of a library item's title in its translations (wagtail-localize).

Staff say which language an item's title is in (test_resource_title_language.py). wagtail-localize copies
that choice to every translation and its editor cannot change it, so a translation says whether its title
is still its source's: while the translator kept the title, it is in the source's title language (an
English original's title stays English in every library; a Spanish title left untranslated stays
Spanish); once translated, it is in the translation's own language. A translation taken out of
wagtail-localize is edited in Wagtail's own editor, where staff choose the language themselves. The
translations here are made as a translator makes them: wagtail-localize's strings, imported as a PO file,
then published. An untranslated copy staff make in a library (Copy, then alias: a page of its own with
the title of the page it copies) marks its title as that page does.
"""

import pytest
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from knowledge.models import ResourcePage
from tests.factories import ResourceFactory
from tests.test_resource_library import count_queries

pytestmark = pytest.mark.django_db

ENGLISH_TITLE = "Guiding Documents for Learning Cities"
PORTUGUESE_TITLE = "Documentos orientadores para as cidades da aprendizagem"
SPANISH_TITLE = "Guía de lectura en voz alta"


def translate(item, language, **strings):
    """`item` translated into `language` with wagtail-localize and published: the fields named in `strings`
    (title, abstract) translated, the others left as the source's."""
    locale = Locale.objects.get(language_code=language)
    source, _created = TranslationSource.get_or_create_from_instance(item)
    translation = Translation.objects.create(source=source, target_locale=locale)
    po = translation.export_po()
    for entry in po:
        if entry.msgctxt in strings:
            entry.msgstr = strings[entry.msgctxt]
    assert translation.import_po(po) == []
    translation.save_target(publish=True)
    translated = ResourcePage.objects.get(translation_key=item.translation_key, locale=locale)
    assert translated.alias_of_id is None, "the untranslated copy became a translation"
    return translated


def get(client, soup, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return soup(response)


def title_languages(client, soup, item):
    """The lang of the title on the item's page, in its citation and in its library's list."""
    page = get(client, soup, item.url)
    library = get(client, soup, item.get_parent().url)
    listed = {h3.a["href"]: h3["lang"] for h3 in library.select(".event-list h3")}
    return page.select_one("main h1")["lang"], page.select_one(".citation em")["lang"], listed[item.url]


@pytest.fixture
def guide():
    """A Spanish library item whose title is the English original's."""
    return ResourceFactory(title=ENGLISH_TITLE, title_language="en", abstract="Los textos de la red.")


def test_a_translated_title_is_in_the_translation_s_language(client, soup, guide):
    portuguese = translate(guide, "pt-br", title=PORTUGUESE_TITLE, abstract="Os textos da rede.")
    assert portuguese.title == PORTUGUESE_TITLE
    assert portuguese.title_language == "en", "wagtail-localize copies the choice"
    assert title_languages(client, soup, portuguese) == ("pt-br", "pt-br", "pt-br")


def test_a_title_the_translator_kept_stays_in_the_original_s_language(client, soup, guide):
    portuguese = translate(guide, "pt-br", title=ENGLISH_TITLE, abstract="Os textos da rede.")
    assert title_languages(client, soup, portuguese) == ("en", "en", "en")
    english = translate(guide, "en", abstract="The network's texts.")
    assert english.title == ENGLISH_TITLE, "an untranslated string keeps the source's text"
    assert title_languages(client, soup, english) == ("en", "en", "en")


def test_a_spanish_title_left_untranslated_stays_spanish(client, soup):
    item = ResourceFactory(title=SPANISH_TITLE)
    portuguese = translate(item, "pt-br", abstract="Um guia.")
    assert portuguese.title == SPANISH_TITLE
    assert title_languages(client, soup, portuguese) == ("es", "es", "es")


def test_the_original_keeps_the_language_staff_gave(client, soup, guide):
    translate(guide, "pt-br", title=PORTUGUESE_TITLE)
    assert title_languages(client, soup, guide) == ("en", "en", "en")


def test_a_title_kept_from_a_translation_is_in_that_translation_s_language(client, soup):
    item = ResourceFactory(title=SPANISH_TITLE)
    english = translate(item, "en", title="Reading aloud: a guide")
    portuguese = translate(english, "pt-br", abstract="Um guia.")
    assert portuguese.title == "Reading aloud: a guide"
    assert title_languages(client, soup, english) == ("en", "en", "en")
    assert title_languages(client, soup, portuguese) == ("en", "en", "en")


def test_staff_choose_the_language_once_the_translation_leaves_wagtail_localize(client, soup, guide):
    portuguese = translate(guide, "pt-br", title=PORTUGUESE_TITLE)
    Translation.objects.filter(target_locale=portuguese.locale).update(enabled=False)
    assert title_languages(client, soup, portuguese) == ("en", "en", "en")
    portuguese.title_language = ""
    portuguese.save_revision().publish()
    assert title_languages(client, soup, portuguese) == ("pt-br", "pt-br", "pt-br")


def copy(item):
    """An untranslated copy of `item` in its own library, as staff make one (Copy, then "alias")."""
    return item.create_alias(parent=item.get_parent(), update_slug=f"{item.slug}-copy")


def test_a_copy_of_a_translation_marks_its_title_as_the_translation_does(client, soup, guide):
    portuguese = translate(guide, "pt-br", title=PORTUGUESE_TITLE, abstract="Os textos da rede.")
    copied = copy(portuguese)
    assert title_languages(client, soup, copied) == ("pt-br", "pt-br", "pt-br")
    assert title_languages(client, soup, copy(copied)) == ("pt-br", "pt-br", "pt-br"), "a copy of the copy"


def test_a_copy_of_a_title_the_translator_kept_is_in_the_original_s_language(client, soup):
    spanish = ResourceFactory(title=SPANISH_TITLE)
    kept = translate(spanish, "pt-br", abstract="Um guia.")
    assert title_languages(client, soup, copy(kept)) == ("es", "es", "es")


def test_a_title_kept_before_the_original_was_renamed_stays_in_the_original_s_language(client, soup):
    item = ResourceFactory(title=SPANISH_TITLE)
    portuguese = translate(item, "pt-br", abstract="Um guia.")
    item.title = "Guía de la lectura en voz alta"
    item.save_revision().publish()
    portuguese.refresh_from_db()
    assert portuguese.title == SPANISH_TITLE, "the translation is not synced yet"
    assert title_languages(client, soup, portuguese) == ("es", "es", "es")


def test_the_translated_library_s_queries_do_not_grow_with_its_items(client):
    def add_items(count, start):
        for number in range(start, start + count):
            item = ResourceFactory(title=f"Guide {number}", title_language="en", year=2000 + number)
            translated = translate(item, "pt-br", title=f"Guia {number}" if number % 2 else f"Guide {number}")
            if number % 3 == 0:
                copy(translated)

    add_items(3, 0)
    urls = ["/pt-br/resources/", "/pt-br/resources/feed/"]
    few = {url: count_queries(client, url) for url in urls}
    add_items(6, 3)
    assert {url: count_queries(client, url) for url in urls} == few


def test_a_search_result_marks_the_title_of_a_translation_as_its_library_does(client, soup, guide):
    translate(guide, "pt-br", title=PORTUGUESE_TITLE, abstract="Os textos da rede.")
    kept = ResourceFactory(title="Guiding Principles", title_language="en", abstract="Los principios.")
    translate(kept, "pt-br", title="Guiding Principles", abstract="Os princípios da rede.")
    page = get(client, soup, "/pt-br/search/?query=rede")
    found = {item.h3.get_text(strip=True): item.h3.get("lang") for item in page.select(".search-results li")}
    assert found == {PORTUGUESE_TITLE: None, "Guiding Principles": "en"}
