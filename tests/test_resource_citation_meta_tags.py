"""A library item's page gives reference managers (Zotero) and scholarly search engines its facts in the
`citation_*` meta tags they read: the same authors, year, publisher and identifiers as its citation files,
the languages it can be read in and its PDF full texts."""

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents import get_document_model

from knowledge.models import ResourceFullText, ResourcePage
from tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def citation_tags(url):
    """The page's (name, content) citation meta tags, in their order."""
    response = Client().get(url)
    assert response.status_code == 200
    head = BeautifulSoup(response.content.decode(), "html.parser").head
    return [
        (tag["name"], tag["content"])
        for tag in head.find_all("meta", attrs={"name": True})
        if tag["name"].startswith("citation_")
    ]


def test_an_item_gives_its_facts_and_pdf_full_texts(home, themes):
    document = get_document_model().objects.create(
        title="Guia em português", file=ContentFile(b"%PDF-1.4 guia", name="guia-pt.pdf")
    )
    item = ResourceFactory(
        title='Guía "práctica" de ciudades del aprendizaje',
        authors="Valdés-Cotera, Raúl\nInstituto de la UNESCO para el Aprendizaje a lo Largo de Toda la Vida",
        publisher="UIL",
        year=2021,
        isbn="978-92-820-1234-5",
        doi="10.1000/guia-2021",
        languages=("es",),
        themes=[themes[0]],
    )
    item.full_texts.update(url="https://example.org/guia/es.html")
    ResourceFullText.objects.create(page=item, language="pt", document=document, sort_order=1)
    ResourcePage.objects.get(pk=item.pk).save_revision().publish()

    assert citation_tags(item.url) == [
        ("citation_title", 'Guía "práctica" de ciudades del aprendizaje'),
        ("citation_author", "Valdés-Cotera, Raúl"),
        ("citation_author", "Instituto de la UNESCO para el Aprendizaje a lo Largo de Toda la Vida"),
        ("citation_publication_date", "2021"),
        ("citation_publisher", "UIL"),
        ("citation_isbn", "978-92-820-1234-5"),
        ("citation_doi", "10.1000/guia-2021"),
        ("citation_language", "es"),
        ("citation_language", "pt"),
        ("citation_pdf_url", f"http://testserver{document.url}"),
        ("citation_keywords", themes[0].name),
    ], "the web page in Spanish is no PDF; the Portuguese document is, at its full address"


def test_without_authors_the_publisher_is_the_author(home):
    item = ResourceFactory(title="Informe anual", authors="", publisher="UIL", year=2019, languages=("en",))

    tags = citation_tags(item.url)

    assert ("citation_author", "UIL") in tags, "as in the APA reference and the RIS file"
    assert ("citation_pdf_url", "https://example.org/Informe%20anual/en.pdf") in tags
    assert not [name for name, _content in tags if name in ("citation_isbn", "citation_doi")], "none given"
