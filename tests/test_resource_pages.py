"""A library item's page as a visitor reads it: its facts, the links to its full texts, the related cities
and events in the page's language, the untranslated copies in the other languages, and how to cite it
(APA on the page, RIS and BibTeX to download); and the Atom feed of new items."""

import xml.etree.ElementTree as ElementTree

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from knowledge.models import ResourceFullText, ResourcePage
from tests.factories import CityFactory, EventFactory, ResourceFactory, ThemeFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
UIL = "UNESCO Institute for Lifelong Learning"


def facts(page):
    """{term: description} of the item's facts."""
    return {
        row.dt.get_text(strip=True): row.dd.get_text(" ", strip=True) for row in page.select("dl.facts > div")
    }


def citation(page):
    return " ".join(page.select_one(".citation").get_text().split())


# --- An item's page -----------------------------------------------------------------------------------------


@pytest.fixture
def learning_cities_guide():
    """A guide with two authors, identifiers, two themes, two languages, related cities and events (some
    of them not public)."""
    water = ThemeFactory(name="Agua y ciudad", slug="agua-y-ciudad")
    art = ThemeFactory(name="Arte público", slug="arte-publico")
    rosario = CityFactory(title="Rosario", country="AR")
    curitiba = CityFactory(title="Curitiba", country="BR")
    draft_city = CityFactory(title="Ciudad en borrador", country="CL", publish=False)
    forum = EventFactory(title="Foro de ciudades del aprendizaje")
    draft_event = EventFactory(title="Taller en borrador", publish=False)
    return ResourceFactory(
        title="Ciudades del aprendizaje en la práctica",
        slug="ciudades-en-la-practica",
        kind="guide",
        abstract="Cómo planificar, aplicar y evaluar una ciudad del aprendizaje.",
        authors="Valdés, Raúl\nOsborne, Michael Jin",
        publisher=UIL,
        place="Hamburgo",
        year=2019,
        isbn="978-92-820-1234-9",
        doi="10.5555/uil.2019.001",
        unesdoc_url="https://unesdoc.unesco.org/ark:/48223/pf0000123456",
        licence="CC BY-SA 3.0 IGO",
        languages=("es", "pt"),
        themes=[water, art],
        cities=[rosario, curitiba, draft_city],
        events=[forum, draft_event],
    )


def test_an_item_page_shows_its_facts(client, soup, learning_cities_guide):
    response = client.get("/resources/ciudades-en-la-practica/")
    assert response.status_code == 200
    page = soup(response)
    assert page.html["lang"] == "es"
    assert page.h1.get_text(strip=True) == "Ciudades del aprendizaje en la práctica"
    assert "Cómo planificar, aplicar y evaluar" in page.select_one(".lead").get_text()
    shown = facts(page)
    assert "Valdés, Raúl; Osborne, Michael Jin" in shown.values()
    assert f"{UIL}, Hamburgo" in shown.values()
    assert "2019" in shown.values()
    assert shown["ISBN"] == "978-92-820-1234-9"
    assert shown["DOI"] == "10.5555/uil.2019.001"
    assert page.select_one('dl.facts a[href="https://doi.org/10.5555/uil.2019.001"]') is not None
    unesdoc = page.select_one('dl.facts a[href="https://unesdoc.unesco.org/ark:/48223/pf0000123456"]')
    assert unesdoc is not None
    assert "CC BY-SA 3.0 IGO" in shown.values()
    assert "Agua y ciudad, Arte público" in shown.values()


def test_an_item_page_links_its_full_text_in_each_language(client, soup, learning_cities_guide):
    page = soup(client.get("/en/resources/ciudades-en-la-practica/"))
    section = page.select_one('section[aria-labelledby="full-text-heading"]')
    assert section.h2.get_text(strip=True) == "Read it"
    # (the factory gives the full texts no order: the editor's order is tested in test_resource_editor.py)
    links = sorted((a.get_text(strip=True), a["hreflang"], a["href"]) for a in section.select("a"))
    assert [(label, language) for label, language, _href in links] == [
        ("Portuguese", "pt"),
        ("Spanish", "es"),
    ]
    assert links[0][2].endswith("/pt.pdf") and links[1][2].endswith("/es.pdf")


@pytest.fixture
def files_on_disk(settings, tmp_path):
    """Wagtail serves documents from a file path: the in-memory storage of the tests has none."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


def test_a_full_text_given_as_a_document_links_the_document(client, soup, files_on_disk):
    document = get_document_model().objects.create(
        title="Guía en francés", file=ContentFile(b"%PDF-1.4 guide", name="guide-fr.pdf")
    )
    item = ResourceFactory(title="Guía con documento", slug="guia-con-documento", languages=("es",))
    item.full_texts.update(sort_order=0)
    ResourceFullText.objects.create(page=item, language="fr", document=document, sort_order=1)
    ResourcePage.objects.get(pk=item.pk).save_revision().publish()  # the copies in other languages follow
    page = soup(client.get("/en/resources/guia-con-documento/"))
    links = page.select('section[aria-labelledby="full-text-heading"] a')
    assert [(a.get_text(strip=True), a["hreflang"]) for a in links] == [("Spanish", "es"), ("French", "fr")]
    assert links[1]["href"] == document.url
    served = client.get(links[1]["href"])
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == b"%PDF-1.4 guide"


def test_a_recording_is_watched_and_cited_as_a_video(client, soup):
    ResourceFactory(title="Grabación del foro", slug="grabacion", kind="recording", year=2022)
    page = soup(client.get("/en/resources/grabacion/"))
    assert (
        page.select_one('section[aria-labelledby="full-text-heading"] h2').get_text(strip=True) == "Watch it"
    )
    assert "Grabación del foro [Video]." in citation(page)
    ris = client.get("/en/resources/grabacion/cite/ris/").content.decode()
    assert ris.startswith("TY  - VIDEO\r\n")


@pytest.mark.parametrize(
    ("url", "cities", "brazil", "events"),
    [
        (
            "/resources/ciudades-en-la-practica/",
            [("Curitiba", "/cities/curitiba/"), ("Rosario", "/cities/rosario/")],
            "Curitiba (Brasil)",
            [("Foro de ciudades del aprendizaje", "/events/foro-de-ciudades-del-aprendizaje/")],
        ),
        (
            "/en/resources/ciudades-en-la-practica/",
            [("Curitiba", "/en/cities/curitiba/"), ("Rosario", "/en/cities/rosario/")],
            "Curitiba (Brazil)",
            [("Foro de ciudades del aprendizaje", "/en/events/foro-de-ciudades-del-aprendizaje/")],
        ),
    ],
)
def test_an_item_page_links_live_related_cities_and_events_in_its_language(
    client, soup, learning_cities_guide, url, cities, brazil, events
):
    response = client.get(url)
    page = soup(response)
    related_cities = page.select_one('section[aria-labelledby="cities-heading"]')
    assert [(a.get_text(strip=True), a["href"]) for a in related_cities.select("a")] == cities
    assert brazil in related_cities.get_text()
    related_events = page.select_one('section[aria-labelledby="events-heading"]')
    assert [(a.get_text(strip=True), a["href"]) for a in related_events.select("a")] == events
    assert "Ciudad en borrador" not in response.content.decode()
    assert "Taller en borrador" not in response.content.decode()
    for _name, link in cities + events:
        assert client.get(link).status_code == 200, link


def test_an_item_without_related_pages_shows_no_empty_sections(client, soup):
    ResourceFactory(title="Guía sola", slug="guia-sola")
    page = soup(client.get("/resources/guia-sola/"))
    assert page.select_one('section[aria-labelledby="cities-heading"]') is None
    assert page.select_one('section[aria-labelledby="events-heading"]') is None


def test_the_english_copy_of_an_item_says_it_is_untranslated_and_points_to_the_original(
    client, soup, learning_cities_guide
):
    english = ResourcePage.objects.get(
        translation_key=learning_cities_guide.translation_key, locale__language_code="en"
    )
    assert english.url == "/en/resources/ciudades-en-la-practica/"
    response = client.get(english.url)
    assert response.status_code == 200
    page = soup(response)
    assert page.html["lang"] == "en"
    assert page.h1.get_text(strip=True) == "Ciudades del aprendizaje en la práctica"
    assert "This page has not been translated yet" in page.select_one(".notice").get_text()
    canonical = page.select_one('link[rel="canonical"]')["href"]
    assert canonical == "http://testserver/resources/ciudades-en-la-practica/"
    assert page.select_one("dl.facts").get_text(" ", strip=True).count("Publisher") == 1
    # its citation files are there too
    assert client.get(f"{english.url}cite/ris/").status_code == 200
    assert client.get(f"{english.url}cite/bibtex/").status_code == 200


# --- Citing an item -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("authors", "publisher", "expected"),
    [
        (
            "Valdés, Raúl\nOsborne, Michael Jin\nKearns, Peter",
            UIL,
            f"Valdés, R., Osborne, M. J., & Kearns, P. (2019). Guía de prueba. {UIL}.",
        ),
        ("Valdés, Raúl\nOsborne, Michael", UIL, f"Valdés, R., & Osborne, M. (2019). Guía de prueba. {UIL}."),
        ("Longworth, Norman", "Kogan Page", "Longworth, N. (2019). Guía de prueba. Kogan Page."),
        ("Sartre, Jean-Paul", "Gallimard", "Sartre, J.-P. (2019). Guía de prueba. Gallimard."),
        # Without authors the publisher is the author, named once.
        ("", UIL, f"{UIL}. (2019). Guía de prueba."),
        (UIL, UIL, f"{UIL}. (2019). Guía de prueba."),
        # An organisation among people keeps its name whole.
        (f"{UIL}\nValdés, Raúl", "UIL", f"{UIL}, & Valdés, R. (2019). Guía de prueba. UIL."),
    ],
)
def test_the_apa_citation_names_the_authors_by_family_name_and_initials(
    client, soup, authors, publisher, expected
):
    ResourceFactory(
        title="Guía de prueba", slug="guia-de-prueba", authors=authors, publisher=publisher, year=2019
    )
    page = soup(client.get("/en/resources/guia-de-prueba/"))
    text = citation(page)
    assert text.startswith(expected), text
    assert page.select_one(".citation em").get_text() == "Guía de prueba"


@pytest.mark.parametrize(
    ("identifiers", "link"),
    [
        (
            {"doi": "10.5555/abc.1", "unesdoc_url": "https://unesdoc.unesco.org/ark:/48223/pf0000111111"},
            "https://doi.org/10.5555/abc.1",
        ),
        (
            {"unesdoc_url": "https://unesdoc.unesco.org/ark:/48223/pf0000111111"},
            "https://unesdoc.unesco.org/ark:/48223/pf0000111111",
        ),
        ({}, "https://example.org/Manual/pt.pdf"),
    ],
)
def test_the_citation_links_the_doi_before_the_unesdoc_record_before_the_full_text(
    client, soup, identifiers, link
):
    ResourceFactory(title="Manual", slug="manual", languages=("pt",), **identifiers)
    page = soup(client.get("/en/resources/manual/"))
    links = [a["href"] for a in page.select(".citation a")]
    assert links == [link]
    assert citation(page).endswith(link)


def test_the_item_page_offers_ris_and_bibtex_downloads(client, soup):
    ResourceFactory(title="Guía de prueba", slug="guia-de-prueba")
    page = soup(client.get("/en/resources/guia-de-prueba/"))
    downloads = {a.get_text(strip=True): a["href"] for a in page.select("a[download]")}
    assert downloads == {
        "RIS": "/en/resources/guia-de-prueba/cite/ris/",
        "BibTeX": "/en/resources/guia-de-prueba/cite/bibtex/",
    }


def test_the_ris_file_is_a_record_for_reference_managers(client, learning_cities_guide):
    response = client.get("/resources/ciudades-en-la-practica/cite/ris/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/x-research-info-systems")
    assert response["Content-Disposition"] == 'attachment; filename="ciudades-en-la-practica.ris"'
    text = response.content.decode("utf-8")
    assert text.endswith("\r\n")
    lines = text.split("\r\n")[:-1]
    assert all("\n" not in line and "\r" not in line for line in lines)
    assert lines[0] == "TY  - BOOK"
    assert lines[-1].rstrip() == "ER  -"
    assert "TI  - Ciudades del aprendizaje en la práctica" in lines
    assert [line for line in lines if line.startswith("AU  - ")] == [
        "AU  - Valdés, Raúl",
        "AU  - Osborne, Michael Jin",
    ]
    for line in (
        "PY  - 2019",
        f"PB  - {UIL}",
        "CY  - Hamburgo",
        "SN  - 978-92-820-1234-9",
        "DO  - 10.5555/uil.2019.001",
        "UR  - https://doi.org/10.5555/uil.2019.001",
        "LA  - es",
        "LA  - pt",
        "KW  - Agua y ciudad",
        "KW  - Arte público",
    ):
        assert line in lines, line


def test_the_ris_file_names_the_publisher_as_author_when_there_are_no_authors(client):
    ResourceFactory(title="Guía institucional", slug="guia-institucional", authors="", publisher=UIL)
    lines = client.get("/resources/guia-institucional/cite/ris/").content.decode().split("\r\n")
    assert [line for line in lines if line.startswith("AU  - ")] == [f"AU  - {UIL}"]


def test_the_bibtex_file_escapes_special_characters_and_braces_an_organisation(client):
    ResourceFactory(
        title="Aprender & crecer: 100% ciudades",
        slug="aprender-y-crecer",
        authors=f"{UIL}\nValdés, Raúl",
        publisher="Smith & Sons",
        year=2021,
        doi="10.5555/a_b",
    )
    response = client.get("/resources/aprender-y-crecer/cite/bibtex/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/x-bibtex")
    assert response["Content-Disposition"] == 'attachment; filename="aprender-y-crecer.bib"'
    text = response.content.decode("utf-8")
    assert text.startswith("@book{")
    assert text.rstrip().endswith("}")
    assert r"title = {{Aprender \& crecer: 100\% ciudades}}" in text
    assert f"author = {{{{{UIL}}} and Valdés, Raúl}}" in text
    assert r"publisher = {Smith \& Sons}" in text
    assert "year = {2021}" in text
    assert r"doi = {10.5555/a\_b}" in text
    # The only unescaped & or % would break the entry.
    for special in ("&", "%"):
        assert text.count(special) == text.count("\\" + special), special
    # Braces balance, so reference managers read the entry whole.
    assert text.count("{") - text.count(r"\{") == text.count("}") - text.count(r"\}")


def test_a_recording_is_a_misc_entry_in_bibtex(client):
    ResourceFactory(title="Grabación", slug="grabacion", kind="recording", authors="Freire, Paulo", year=2020)
    text = client.get("/resources/grabacion/cite/bibtex/").content.decode()
    assert text.startswith("@misc{freire2020,")


# --- The feed -----------------------------------------------------------------------------------------------


def feed_entries(response):
    root = ElementTree.fromstring(response.content)
    return root, [
        (entry.findtext(f"{ATOM}title"), entry.find(f"{ATOM}link").get("href"))
        for entry in root.findall(f"{ATOM}entry")
    ]


@pytest.mark.parametrize(("index_url", "prefix"), [("/resources/", ""), ("/en/resources/", "/en")])
def test_the_atom_feed_lists_the_newest_published_items_with_absolute_links(client, soup, index_url, prefix):
    ResourceFactory(title="Primera guía", slug="primera", year=2023)
    ResourceFactory(title="Segunda guía", slug="segunda", year=2015)
    ResourceFactory(title="Borrador", slug="borrador", publish=False)
    ResourceFactory(title="Tercera guía", slug="tercera", year=2019)

    page = soup(client.get(index_url))
    announced = page.select_one('link[rel="alternate"][type="application/atom+xml"]')
    assert announced is not None
    assert announced["href"] == f"{prefix}/resources/feed/"
    response = client.get(announced["href"])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root, entries = feed_entries(response)
    # newest added first, whatever their year
    assert entries == [
        ("Tercera guía", f"http://testserver{prefix}/resources/tercera/"),
        ("Segunda guía", f"http://testserver{prefix}/resources/segunda/"),
        ("Primera guía", f"http://testserver{prefix}/resources/primera/"),
    ]
    feed_link = root.find(f"{ATOM}link[@rel='alternate']")
    assert feed_link.get("href") == f"http://testserver{prefix}/resources/"
    for _title, link in entries:
        assert client.get(link).status_code == 200


def test_the_feed_names_authors_and_themes_of_an_item(client):
    theme = ThemeFactory(name="Agua y ciudad", slug="agua-y-ciudad")
    ResourceFactory(title="Guía", slug="guia", authors="Valdés, Raúl\nOsborne, Michael", themes=[theme])
    ResourceFactory(title="Guía sin autores", slug="sin-autores", authors="", publisher=UIL)
    root, _entries = feed_entries(client.get("/resources/feed/"))
    by_title = {entry.findtext(f"{ATOM}title"): entry for entry in root.findall(f"{ATOM}entry")}
    assert by_title["Guía"].findtext(f"{ATOM}author/{ATOM}name") == "Valdés, Raúl; Osborne, Michael"
    assert [c.get("term") for c in by_title["Guía"].findall(f"{ATOM}category")] == ["Agua y ciudad"]
    assert by_title["Guía sin autores"].findtext(f"{ATOM}author/{ATOM}name") == UIL


def test_an_empty_feed_is_still_an_atom_feed(client):
    response = client.get("/resources/feed/")
    assert response.status_code == 200
    root, entries = feed_entries(response)
    assert root.tag == f"{ATOM}feed" and entries == []
