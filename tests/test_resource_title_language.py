"""A library item keeps its original title, often English, in every language's library: staff say which
language the title is in, and the item's page, the library list, the citation and the site search mark the
title with it, so that a screen reader pronounces it right (WCAG 3.1.2). Left empty, the title is in the
page's language. The seeded items and the spreadsheet import set it too."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from knowledge.models import ResourceIndexPage, ResourcePage
from knowledge.seed import ITEMS, ensure_library_items
from tests.factories import ResourceFactory
from tests.test_knowledge_search import search
from tests.test_resource_editor import add_url, form_errors, resource_form

pytestmark = pytest.mark.django_db

ENGLISH_TITLE = "Guiding Documents for Learning Cities"
SPANISH_ABSTRACT = "Los textos en que se apoya la red de ciudades del aprendizaje."


def language_of(page, text):
    """The language a screen reader reads `text` (in the page's main content) in: that of its nearest element
    with a lang."""
    node = page.select_one("main").find(string=lambda string: text in string)
    assert node is not None, f"{text!r} is not on the page"
    return node.find_parent(lang=True)["lang"]


def get(client, soup, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return soup(response)


@pytest.fixture
def guide():
    return ResourceFactory(title=ENGLISH_TITLE, title_language="en", abstract=SPANISH_ABSTRACT)


@pytest.mark.parametrize("prefix", ["", "/pt-br", "/en"])
def test_the_item_page_marks_the_title_in_its_own_language(client, soup, guide, prefix):
    page = get(client, soup, f"{prefix}{guide.url}")
    assert page.select_one("main h1")["lang"] == "en"
    assert page.select_one(".citation em")["lang"] == "en"
    assert language_of(page, "Los textos en que se apoya") == "es", (
        "the abstract stays in the page's language"
    )


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_an_item_without_a_title_language_keeps_the_page_s(client, soup, prefix):
    item = ResourceFactory(title="Guía de lectura en voz alta")
    page = get(client, soup, f"{prefix}{item.url}")
    assert page.select_one("main h1")["lang"] == "es"
    assert page.select_one(".citation em")["lang"] == "es"


@pytest.mark.parametrize("prefix", ["", "/pt-br"])
def test_the_library_list_marks_each_title_in_its_own_language(client, soup, guide, prefix):
    ResourceFactory(title="Guía de lectura en voz alta")
    page = get(client, soup, f"{prefix}/resources/")
    titles = {h3.get_text(strip=True): h3["lang"] for h3 in page.select(".event-list h3")}
    assert titles == {ENGLISH_TITLE: "en", "Guía de lectura en voz alta": "es"}
    assert language_of(page, "Los textos en que se apoya") == "es"


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_a_search_result_marks_the_title_in_its_own_language(client, soup, guide, prefix):
    page = search(client, soup, "apoya", prefix=prefix)
    title = page.select_one("ol.search-results h3")
    assert title.get_text(strip=True) == ENGLISH_TITLE
    assert title.get("lang") == ("en" if prefix != "/en" else None)
    summary = page.select_one("ol.search-results .search-result__summary")
    assert summary.get("lang") == (None if prefix == "" else "es")


# --- The editor ---------------------------------------------------------------------------------------------


def test_staff_say_the_language_of_the_title_just_below_it(staff_client, english_admin, soup):
    library = ResourceIndexPage.objects.get(locale__language_code="es")
    page = get(staff_client, soup, add_url(library))
    fields = [
        element["name"]
        for element in page.select("form [name]")
        if element["name"] in ("title", "title_language", "kind")
    ]
    assert fields == ["title", "title_language", "kind"]
    choice = page.select_one("select[name=title_language]")
    options = {option["value"]: option.get_text(strip=True) for option in choice.select("option")}
    assert list(options)[0] == "" and options[""] == "The page's language"
    assert {"es", "pt", "en"} <= {option["value"] for option in choice.select("option")}
    label = page.select_one(f"label[for={choice['id']}]")
    assert "Language of the title" in label.get_text()

    response = staff_client.post(add_url(library), resource_form(title=ENGLISH_TITLE, title_language="en"))
    assert response.status_code == 302, form_errors(response) if response.context else response
    item = ResourcePage.objects.get(slug="guia-ciudades", locale__language_code="es")
    assert item.title_language == "en"
    assert get(staff_client, soup, f"/pt-br{item.url}").select_one("main h1")["lang"] == "en"


# --- The seed and the import --------------------------------------------------------------------------------


def test_the_seeded_english_titles_are_marked_english():
    assert ensure_library_items() == len(ITEMS)
    languages = dict(
        ResourcePage.objects.filter(locale__language_code="es").values_list("slug", "title_language")
    )
    assert languages == {
        "informe-conferencia-internacional-ciudades-aprendizaje-beijing-2013": "en",
        "documentos-de-referencia-red-mundial-ciudades-aprendizaje": "en",
        "liberar-el-potencial-de-las-comunidades-urbanas": "",
    }


HEADER = ["Título", "Idioma del título", "Resumen", "Editorial", "Año", "Español"]


def csv_file(*rows):
    text = io.StringIO()
    csv.writer(text).writerows([HEADER, *rows])
    return SimpleUploadedFile("biblioteca.csv", text.getvalue().encode(), content_type="text/csv")


def row(title, language):
    return [title, language, SPANISH_ABSTRACT, "UIL", "2015", f"https://example.org/{len(title)}/es.pdf"]


def preview_errors(client, soup, location):
    page = get(client, soup, location)
    return {
        int(tr["data-line"]): " ".join(li.get_text(" ", strip=True) for li in tr.select(".import-errors li"))
        for tr in page.select("table.import-preview tbody tr")
    }


def upload(client, upload_file):
    response = client.post(reverse("knowledge_import:upload"), {"kind": "resources", "file": upload_file})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return response["Location"]


@pytest.mark.usefixtures("english_admin")
def test_the_import_reads_the_language_of_the_title(staff_client, soup):
    location = upload(
        staff_client, csv_file(row(ENGLISH_TITLE, "inglés"), row("Guía en portugués", "pt"), row("Guía", ""))
    )
    assert preview_errors(staff_client, soup, location) == {2: "", 3: "", 4: ""}
    staff_client.post(location, {"action": "confirm"})
    languages = dict(
        ResourcePage.objects.filter(locale__language_code="es").values_list("title", "title_language")
    )
    assert languages == {ENGLISH_TITLE: "en", "Guía en portugués": "pt", "Guía": ""}


@pytest.mark.usefixtures("english_admin")
def test_an_unknown_title_language_is_a_row_error_and_nothing_is_imported(staff_client, soup):
    location = upload(staff_client, csv_file(row("Guía correcta", "es"), row(ENGLISH_TITLE, "klingon")))
    errors = preview_errors(staff_client, soup, location)
    assert errors[2] == "" and "Unknown language of the title “klingon”" in errors[3]
    response = staff_client.post(location, {"action": "confirm"}, follow=True)
    assert "Nothing was imported" in response.content.decode()
    assert not ResourcePage.objects.exists()
