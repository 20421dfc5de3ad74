"""A library item read in one language through a document, when the document changes or is deleted.

Deleted, that language no longer counts anywhere (the item's page, the list and its language filter, the
citation files) and the editor opens the item without an empty full text to fix; changed or deleted,
visitors get fresh pages rather than cached links to a document that is gone or whose address changed."""

import importlib

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents import get_document_model

from knowledge.models import ResourceFullText, ResourcePage
from tests.factories import ResourceFactory
from tests.test_resource_editor import edit_url, form_errors, resource_form

pytestmark = pytest.mark.django_db

ITEM = "/resources/guia-con-documento/"


@pytest.fixture
def portuguese_document():
    return get_document_model().objects.create(
        title="Guia em português", file=ContentFile(b"%PDF-1.4 guia", name="guia-pt.pdf")
    )


@pytest.fixture
def item(portuguese_document):
    """Read in Spanish through a link and in Portuguese through the document, in every language's copy."""
    item = ResourceFactory(title="Guía con documento", slug="guia-con-documento", languages=("es",))
    item.full_texts.update(sort_order=0, url="https://example.org/guia/es.pdf")
    ResourceFullText.objects.create(page=item, language="pt", document=portuguese_document, sort_order=1)
    ResourcePage.objects.get(pk=item.pk).save_revision().publish()
    return item


def read_in(soup, response):
    section = soup(response).select_one('section[aria-labelledby="full-text-heading"]')
    return [(a["hreflang"], a["href"]) for a in section.select("a")] if section else []


def listed(soup, response):
    return [a.get_text(strip=True) for a in soup(response).select(".event-card h3 a")]


def test_a_deleted_document_s_language_no_longer_counts_anywhere(client, soup, item, portuguese_document):
    portuguese_document.delete()

    for url in (ITEM, f"/en{ITEM}"):
        assert [language for language, _href in read_in(soup, client.get(url))] == ["es"], url
    assert listed(soup, client.get("/en/resources/?language=pt")) == []
    assert listed(soup, client.get("/en/resources/?language=es")) == ["Guía con documento"]
    card = soup(client.get("/en/resources/")).select_one(".event-card__meta").get_text(" ", strip=True)
    assert "Spanish" in card and "Portuguese" not in card
    ris = client.get(f"{ITEM}cite/ris/").content.decode().split("\r\n")
    assert [line for line in ris if line.startswith("LA  - ")] == ["LA  - es"]
    bibtex = client.get(f"{ITEM}cite/bibtex/").content.decode()
    assert "language = {es}" in bibtex


def test_an_item_read_only_through_a_deleted_document_offers_nothing_to_read(client, soup):
    document = get_document_model().objects.create(
        title="Solo en documento", file=ContentFile(b"%PDF-1.4 solo", name="solo.pdf")
    )
    item = ResourceFactory(title="Guía solo en documento", slug="guia-solo-en-documento", languages=())
    ResourceFullText.objects.create(page=item, language="pt", document=document)
    ResourcePage.objects.get(pk=item.pk).save_revision().publish()

    document.delete()

    page = soup(client.get("/en/resources/guia-solo-en-documento/"))
    assert page.select_one('section[aria-labelledby="full-text-heading"]') is None
    assert listed(soup, client.get("/en/resources/?language=pt")) == []


def test_the_editor_saves_the_item_as_it_opens_after_its_document_is_deleted(
    staff_client, english_admin, item, portuguese_document
):
    portuguese_document.delete()

    response = staff_client.get(edit_url(item))
    formset = response.context["form"].formsets["full_texts"]
    shown = [
        {
            "id": str(form.instance.pk or ""),
            "language": form.instance.language,
            "url": form.instance.url,
            "document": form.instance.document_id or "",
        }
        for form in formset.forms
    ]
    assert [text["language"] for text in shown] == ["es"]
    data = resource_form(
        full_texts=shown,
        initial_texts=formset.initial_form_count(),
        title="Guía con documento",
        slug="guia-con-documento",
    )
    response = staff_client.post(edit_url(item), data)
    assert response.status_code == 302, form_errors(response) if response.context else response
    assert [text.language for text in ResourcePage.objects.get(pk=item.pk).full_texts.all()] == ["es"]


def test_deleting_a_document_refreshes_the_cached_pages_that_link_it(item, portuguese_document):
    visitor = Client()
    pages = (ITEM, f"/en{ITEM}", "/resources/?language=pt")
    for url in pages:
        visitor.get(url)
        assert visitor.get(url)["X-Page-Cache"] == "hit", url
    document_url = portuguese_document.url

    portuguese_document.delete()

    for url in pages:
        response = visitor.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert document_url not in response.content.decode(), url


def test_a_document_s_new_file_is_linked_on_the_next_visit(item, portuguese_document):
    """A new file changes the document's address: the old one answers 404."""
    visitor = Client()
    visitor.get(ITEM)
    assert visitor.get(ITEM)["X-Page-Cache"] == "hit"
    old_url = portuguese_document.url

    portuguese_document.file = ContentFile(b"%PDF-1.4 guia revisada", name="guia-pt-revisada.pdf")
    portuguese_document.save()

    response = visitor.get(ITEM)
    assert response["X-Page-Cache"] == "miss"
    page = response.content.decode()
    assert portuguese_document.url in page and old_url not in page


def test_the_migration_removes_full_texts_left_empty_by_an_earlier_deletion():
    """Before the deletion took them along, a deleted document left its full texts with neither link nor
    document."""
    item = ResourceFactory(title="Guía con texto vacío", languages=("es",))
    ResourceFullText.objects.create(page=item, language="pt")
    migration = importlib.import_module("knowledge.migrations.0002_full_text_goes_with_its_document")

    migration.delete_empty_full_texts(apps, None)

    assert [text.language for text in item.full_texts.all()] == ["es"]
