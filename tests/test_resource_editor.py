"""Staff add library items in Wagtail's page editor: the item is published with the languages its full text
can be read in; the editor refuses, with a message that says why and without saving anything, an item whose
DOI, ISBN or year is wrong or whose full texts do not add up, and tidies a DOI given as a doi.org link.
Focal points edit their own city only, never the library. The identifiers' checks are also tested on
their own.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from knowledge.identifiers import clean_doi, clean_isbn, isbn_is_valid, year_not_in_the_future
from knowledge.models import ResourceIndexPage, ResourcePage
from tests.factories import CityFactory, FocalPointFactory, ResourceFactory, ThemeFactory

pytestmark = pytest.mark.django_db

SPANISH_PDF = "https://example.org/guia/es.pdf"
PORTUGUESE_PDF = "https://example.org/guia/pt.pdf"
TWO_LANGUAGES = (
    {"language": "es", "url": SPANISH_PDF, "document": ""},
    {"language": "pt", "url": PORTUGUESE_PDF, "document": ""},
)


def resource_form(full_texts=TWO_LANGUAGES, themes=(), initial_texts=0, **changes):
    """What the editor posts for a library item, published unless `action-publish` is taken out."""
    values = {
        "title": "Guía para ciudades del aprendizaje",
        "slug": "guia-ciudades",
        "kind": "guide",
        "abstract": "Cómo planificar una ciudad del aprendizaje, paso a paso.",
        "authors": "Valdés, Raúl\nOsborne, Michael",
        "publisher": "UNESCO Institute for Lifelong Learning",
        "place": "Hamburgo",
        "year": "2019",
        "isbn": "",
        "doi": "",
        "unesdoc_url": "",
        "licence": "CC BY-SA 3.0 IGO",
        "full_texts": inline_formset(list(full_texts), initial=initial_texts),
        "sources": streamfield([]),
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
        "action-publish": "action-publish",
    }
    values.update(changes)
    data = nested_form_data(values)
    data["themes"] = [str(theme.pk) for theme in themes]
    return data


@pytest.fixture
def library():
    return ResourceIndexPage.objects.get(locale__language_code="es")


def add_url(index):
    return reverse("wagtailadmin_pages:add", args=("knowledge", "resourcepage", index.pk))


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def form_errors(response):
    """Every error the editor shows: the page form's, its full-text forms' and the formset's own."""
    form = response.context["form"]
    errors = {name: " ".join(messages) for name, messages in form.errors.items()}
    formset = form.formsets["full_texts"]
    for number, text_form in enumerate(formset.forms):
        for name, messages in text_form.errors.items():
            errors[f"full_texts-{number}-{name}"] = " ".join(messages)
    if formset.non_form_errors():
        errors["full_texts"] = " ".join(formset.non_form_errors())
    return errors


# --- Adding an item -----------------------------------------------------------------------------------------


def test_staff_add_an_item_readable_in_two_languages_and_publish_it(
    staff_client, english_admin, library, soup
):
    water = ThemeFactory(name="Agua y ciudad", slug="agua-y-ciudad")
    response = staff_client.post(
        add_url(library),
        resource_form(themes=[water], isbn="978 3 16 148410 0", doi="10.5555/uil.2019.001"),
    )
    assert response.status_code == 302, form_errors(response) if response.context else response
    item = ResourcePage.objects.get(slug="guia-ciudades", locale__language_code="es")
    assert item.live
    assert item.get_parent().specific == library
    assert [(text.language, text.url) for text in item.full_texts.all()] == [
        ("es", SPANISH_PDF),
        ("pt", PORTUGUESE_PDF),
    ]
    assert list(item.themes.all()) == [water]
    assert item.isbn == "978-3-16-148410-0"
    assert item.doi == "10.5555/uil.2019.001"
    assert item.year == 2019

    # Visitors find it in the library and read it in both languages.
    listing = soup(staff_client.get("/en/resources/"))
    assert "Guía para ciudades del aprendizaje" in [
        a.get_text(strip=True) for a in listing.select(".event-card h3 a")
    ]
    page = soup(staff_client.get(item.url))
    links = page.select('section[aria-labelledby="full-text-heading"] a')
    assert [(a["hreflang"], a["href"]) for a in links] == [("es", SPANISH_PDF), ("pt", PORTUGUESE_PDF)]
    assert "Valdés, R., & Osborne, M. (2019)." in page.select_one(".citation").get_text()


def test_the_full_texts_keep_the_editor_s_order_and_the_first_is_cited(
    staff_client, english_admin, library, soup
):
    response = staff_client.post(add_url(library), resource_form(full_texts=TWO_LANGUAGES[::-1]))
    assert response.status_code == 302, form_errors(response) if response.context else response
    item = ResourcePage.objects.get(slug="guia-ciudades", locale__language_code="es")
    for url in (item.url, "/en/resources/guia-ciudades/"):
        page = soup(staff_client.get(url))
        links = page.select('section[aria-labelledby="full-text-heading"] a')
        assert [a["hreflang"] for a in links] == ["pt", "es"], url
        assert [a["href"] for a in page.select(".citation a")] == [PORTUGUESE_PDF], url


def test_an_item_saved_as_a_draft_is_not_public(staff_client, english_admin, library):
    data = resource_form()
    del data["action-publish"]
    response = staff_client.post(add_url(library), data)
    assert response.status_code == 302
    item = ResourcePage.objects.get(slug="guia-ciudades", locale__language_code="es")
    assert not item.live
    assert staff_client.get("/resources/guia-ciudades/").status_code == 404


def test_a_doi_given_as_a_link_is_kept_as_the_doi_itself(staff_client, english_admin, library):
    response = staff_client.post(add_url(library), resource_form(doi="https://doi.org/10.5555/ABC.2019-7"))
    assert response.status_code == 302, form_errors(response) if response.context else response
    item = ResourcePage.objects.get(slug="guia-ciudades", locale__language_code="es")
    assert item.doi == "10.5555/ABC.2019-7"
    page = staff_client.get(item.url).content.decode()
    assert 'href="https://doi.org/10.5555/ABC.2019-7"' in page
    assert "https://doi.org/https://" not in page


def test_editing_an_item_tidies_a_doi_with_a_prefix(staff_client, english_admin):
    item = ResourceFactory(title="Guía existente", slug="guia-existente", languages=("es",))
    text = item.full_texts.get()
    data = resource_form(
        full_texts=[{"id": str(text.pk), "language": "es", "url": SPANISH_PDF, "document": ""}],
        initial_texts=1,
        title="Guía existente",
        slug="guia-existente",
        doi="doi:10.1000/xyz123",
    )
    response = staff_client.post(edit_url(item), data)
    assert response.status_code == 302, form_errors(response) if response.context else response
    item = ResourcePage.objects.get(pk=item.pk)
    assert item.doi == "10.1000/xyz123"
    assert [(text.language, text.url) for text in item.full_texts.all()] == [("es", SPANISH_PDF)]


def test_an_isbn_typed_with_its_prefix_is_kept_without_it(staff_client, english_admin, library):
    response = staff_client.post(add_url(library), resource_form(isbn="ISBN 978-3-16-148410-0"))
    assert response.status_code == 302, form_errors(response) if response.context else response
    assert (
        ResourcePage.objects.get(slug="guia-ciudades", locale__language_code="es").isbn == "978-3-16-148410-0"
    )


# --- Refusals -----------------------------------------------------------------------------------------------


def future_year():
    return str(timezone.now().year + 1)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"doi": "doi.org/abc"}, "doi", "is not a DOI"),
        ({"doi": "https://example.org/10.5555/abc"}, "doi", "is not a DOI"),
        ({"doi": "10.55/abc"}, "doi", "is not a DOI"),
        ({"isbn": "978-3-16-148410-1"}, "isbn", "correct check digit"),
        ({"isbn": "0-8044-2957-5"}, "isbn", "correct check digit"),
        ({"isbn": "12345"}, "isbn", "is not an ISBN"),
        ({"year": future_year()}, "year", f"{future_year()} is in the future"),
        ({"year": "1850"}, "year", "1900"),
        ({"full_texts": ()}, "__all__", "at least one language"),
        (
            {
                "full_texts": [
                    {"language": "es", "url": SPANISH_PDF},
                    {"language": "es", "url": PORTUGUESE_PDF},
                ]
            },
            "__all__",
            "only once",
        ),
        (
            {
                "full_texts": [
                    {"language": "es", "url": SPANISH_PDF},
                    {"language": "pt", "url": "", "document": ""},
                ]
            },
            "full_texts-1-url",
            "Give the link to the full text, or choose its document",
        ),
        ({"full_texts": [{"language": "", "url": SPANISH_PDF}]}, "full_texts-0-language", "required"),
    ],
    ids=[
        "doi without 10.",
        "doi on another site",
        "doi with a short registrant",
        "isbn-13 wrong check digit",
        "isbn-10 wrong check digit",
        "isbn too short",
        "year in the future",
        "year before 1900",
        "no full-text language",
        "the same language twice",
        "full text without link nor document",
        "full text without language",
    ],
)
def test_an_item_that_does_not_add_up_is_refused_with_a_reason_and_not_saved(
    staff_client, english_admin, library, soup, changes, field, message
):
    pages_before = ResourcePage.objects.count()
    response = staff_client.post(add_url(library), resource_form(**changes))
    assert response.status_code == 200
    errors = form_errors(response)
    assert message in errors.get(field, ""), errors
    assert ResourcePage.objects.count() == pages_before
    # The editor sees the reason on the page it is sent back to.
    assert message in " ".join(soup(response).get_text().split())


def test_a_refused_item_keeps_what_the_editor_typed(staff_client, english_admin, library):
    response = staff_client.post(add_url(library), resource_form(isbn="978-3-16-148410-1"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="978-3-16-148410-1"' in page
    assert 'value="Guía para ciudades del aprendizaje"' in page
    assert SPANISH_PDF in page and PORTUGUESE_PDF in page


def test_this_year_is_accepted(staff_client, english_admin, library):
    year = timezone.now().year
    response = staff_client.post(add_url(library), resource_form(year=str(year)))
    assert response.status_code == 302, form_errors(response) if response.context else response
    assert ResourcePage.objects.get(slug="guia-ciudades", locale__language_code="es").year == year


def test_a_removed_language_does_not_count_as_a_full_text(staff_client, english_admin, library):
    data = resource_form(full_texts=[{"language": "es", "url": SPANISH_PDF, "DELETE": "1"}])
    response = staff_client.post(add_url(library), data)
    assert response.status_code == 200
    assert "at least one language" in form_errors(response).get("__all__", "")
    assert not ResourcePage.objects.filter(slug="guia-ciudades").exists()


# --- Who may add items --------------------------------------------------------------------------------------


def test_a_focal_point_cannot_add_or_edit_library_items(client, library, assert_refused):
    rosario = CityFactory(title="Rosario", country="AR")
    client.force_login(FocalPointFactory(city=rosario))
    item = ResourceFactory(title="Guía existente", slug="guia-existente")

    assert_refused(client.get(add_url(library)))
    assert_refused(client.post(add_url(library), resource_form()))
    assert not ResourcePage.objects.filter(slug="guia-ciudades").exists()
    assert_refused(client.get(edit_url(item)))
    # ... though they still edit their own city.
    assert client.get(edit_url(rosario)).status_code == 200


def test_staff_can_open_the_editor_of_the_library_in_every_language(staff_client, english_admin):
    for index in ResourceIndexPage.objects.all():
        response = staff_client.get(add_url(index))
        assert response.status_code == 200, index.locale.language_code
    assert ResourceIndexPage.objects.count() == 3


# --- The identifiers on their own ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("978-3-16-148410-0", "978-3-16-148410-0"),
        ("9783161484100", "9783161484100"),
        ("ISBN 978 3 16 148410 0", "978-3-16-148410-0"),
        ("ISBN: 978-3-16-148410-0", "978-3-16-148410-0"),
        ("0-8044-2957-X", "0-8044-2957-X"),
        ("0-8044-2957-x", "0-8044-2957-X"),
        ("080442957X", "080442957X"),
        ("99921-58-10-7", "99921-58-10-7"),
        ("  ", ""),
        ("", ""),
    ],
)
def test_a_valid_isbn_is_kept_tidied(typed, kept):
    assert clean_isbn(typed) == kept


@pytest.mark.parametrize(
    "typed",
    [
        "978-3-16-148410-1",
        "0-8044-2957-9",
        "X-8044-2957-0",
        "080442957",
        "97831614841000",
        "978316148410X",
        "abc",
        "²" * 13,
        "①" * 10,
    ],
)
def test_an_isbn_with_a_wrong_check_digit_or_length_is_refused(typed):
    with pytest.raises(ValidationError, match="is not an ISBN"):
        clean_isbn(typed)


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        ("9783161484100", True),
        ("080442957X", True),
        ("9992158107", True),
        ("0306406152", True),
        ("0306406153", False),
    ],
)
def test_the_isbn_check_digit(digits, valid):
    assert isbn_is_valid(digits) is valid


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("10.1000/xyz123", "10.1000/xyz123"),
        ("https://doi.org/10.1000/xyz123", "10.1000/xyz123"),
        ("HTTPS://DOI.ORG/10.1000/xyz123", "10.1000/xyz123"),
        ("http://dx.doi.org/10.1000/xyz123", "10.1000/xyz123"),
        ("doi:10.1000/xyz123", "10.1000/xyz123"),
        (" 10.1000/xyz123 ", "10.1000/xyz123"),
        ("", ""),
    ],
)
def test_a_doi_is_kept_without_its_prefix(typed, kept):
    assert clean_doi(typed) == kept


@pytest.mark.parametrize(
    "typed", ["xyz123", "10.1000", "10.1000/", "10.1000/has space", "https://doi.org/abc"]
)
def test_what_is_not_a_doi_is_refused(typed):
    with pytest.raises(ValidationError, match="is not a DOI"):
        clean_doi(typed)


def test_the_year_may_be_this_year_but_not_next_year():
    year_not_in_the_future(timezone.now().year)
    with pytest.raises(ValidationError, match="is in the future"):
        year_not_in_the_future(timezone.now().year + 1)
