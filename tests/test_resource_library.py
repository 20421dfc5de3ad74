"""The resource library as a visitor finds it: the list at /resources/ (published items only, newest year
first) and its filters by theme, type, language of the full text and year; the library in the other
languages, the site navigation and the site search; and a list whose number of queries does not grow
with the items. An item's own page and the Atom feed are in test_resource_pages.py.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from knowledge import listing
from knowledge.models import ResourcePage
from tests import helpers
from tests.factories import CityFactory, EventFactory, ResourceFactory, ThemeFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
UIL = "UNESCO Institute for Lifelong Learning"


def in_language(resource, language):
    """The item's page in a language: the original (es) or its copy in that language's tree."""
    return ResourcePage.objects.get(translation_key=resource.translation_key, locale__language_code=language)


def listed(page):
    """Titles of the items the library lists, in order."""
    return [link.get_text(strip=True) for link in page.select(".event-list .event-card h3 a")]


def empty_state(page):
    message = page.select_one('section[aria-labelledby="resources-heading"] .empty-state')
    return message.get_text(strip=True) if message else None


def text_of(response):
    return response.content.decode()


# --- The list -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("index_url", ["/resources/", "/pt-br/resources/", "/en/resources/"])
def test_the_library_lists_published_items_newest_year_first(client, soup, index_url):
    ResourceFactory(title="Informe de 2018", year=2018)
    ResourceFactory(title="Guía de 2023", year=2023)
    ResourceFactory(title="Caja de herramientas de 2020", year=2020)
    ResourceFactory(title="Anuario de 2020", year=2020)
    ResourceFactory(title="Borrador de 2024", year=2024, publish=False)
    withdrawn = ResourceFactory(title="Estudio retirado", year=2022)
    withdrawn.unpublish()

    response = client.get(index_url)
    assert response.status_code == 200
    page = soup(response)
    assert listed(page) == [
        "Guía de 2023",
        "Anuario de 2020",
        "Caja de herramientas de 2020",
        "Informe de 2018",
    ]
    assert "Borrador de 2024" not in text_of(response)
    assert "Estudio retirado" not in text_of(response)
    assert empty_state(page) is None


def test_the_list_counts_the_items_and_shows_type_year_publisher_and_languages(client, soup):
    ResourceFactory(title="Guía bilingüe", year=2021, languages=("es", "pt"), publisher="UIL")
    ResourceFactory(title="Otra guía", year=2019)
    page = soup(client.get("/en/resources/"))
    assert page.select_one("#resources-heading").get_text(strip=True) == "2 items"
    card = page.select(".event-card")[0].select_one(".event-card__meta").get_text(" ", strip=True)
    assert "Guide" in card and "2021" in card and "UIL" in card
    assert "Spanish, Portuguese" in card


def test_a_draft_or_withdrawn_item_page_is_not_served(client):
    draft = ResourceFactory(title="Borrador secreto", slug="borrador-secreto", publish=False)
    withdrawn = ResourceFactory(title="Guía retirada", slug="guia-retirada")
    withdrawn.unpublish()
    for resource in (draft, withdrawn):
        for language in ("es", "en"):
            url = in_language(resource, language).url
            assert client.get(url).status_code == 404, url
            assert client.get(f"{url}cite/ris/").status_code == 404, url
            assert client.get(f"{url}cite/bibtex/").status_code == 404, url


def test_the_library_says_when_it_has_no_items_yet(client, soup):
    ResourceFactory(title="Borrador", publish=False)
    page = soup(client.get("/en/resources/"))
    assert listed(page) == []
    assert empty_state(page) == "The library has no items yet."


# --- Filters ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="class")
def filterable(django_db_setup, django_db_blocker):
    """Five published items and a draft, differing in theme, type, languages and year; made once for the
    tests of the class and rolled back after them."""
    with helpers.rolled_back_after_module(django_db_blocker):
        water = ThemeFactory(name="Agua y ciudad", slug="agua-y-ciudad")
        art = ThemeFactory(name="Arte público", slug="arte-publico")
        ThemeFactory(name="Tema sin recursos", slug="tema-sin-recursos")
        ResourceFactory(title="Guía del agua", kind="guide", year=2021, languages=("es",), themes=[water])
        ResourceFactory(
            title="Caja de herramientas de arte",
            kind="toolkit",
            year=2019,
            languages=("es", "pt"),
            themes=[art],
        )
        ResourceFactory(
            title="Estudios de caso del agua",
            kind="case_studies",
            year=2019,
            languages=("pt", "en"),
            themes=[water, art],
        )
        ResourceFactory(title="Informe en inglés", kind="publication", year=2023, languages=("en",))
        ResourceFactory(title="Grabación del foro", kind="recording", year=2016, languages=("fr",))
        ResourceFactory(title="Borrador del agua", kind="guide", year=2021, themes=[water], publish=False)
        yield


ALL_ITEMS = [
    "Informe en inglés",
    "Guía del agua",
    "Caja de herramientas de arte",
    "Estudios de caso del agua",
    "Grabación del foro",
]


@pytest.mark.usefixtures("filterable")
class TestFilters:
    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("theme=agua-y-ciudad", ["Guía del agua", "Estudios de caso del agua"]),
            ("theme=arte-publico", ["Caja de herramientas de arte", "Estudios de caso del agua"]),
            ("kind=toolkit", ["Caja de herramientas de arte"]),
            ("kind=recording", ["Grabación del foro"]),
            ("language=pt", ["Caja de herramientas de arte", "Estudios de caso del agua"]),
            ("language=en", ["Informe en inglés", "Estudios de caso del agua"]),
            ("language=fr", ["Grabación del foro"]),
            ("year=2019", ["Caja de herramientas de arte", "Estudios de caso del agua"]),
            ("year=2021", ["Guía del agua"]),
            ("theme=agua-y-ciudad&language=pt", ["Estudios de caso del agua"]),
            ("theme=arte-publico&year=2019&kind=toolkit", ["Caja de herramientas de arte"]),
        ],
    )
    def test_filters_in_the_query_string_narrow_the_list(self, client, soup, query, expected):
        for index_url in ("/resources/", "/en/resources/", "/pt-br/resources/"):
            response = client.get(f"{index_url}?{query}")
            assert response.status_code == 200
            page = soup(response)
            assert listed(page) == expected, index_url
            # The form keeps what was chosen, so that the filtered view can be shared and changed.
            for name_value in query.split("&"):
                name, value = name_value.split("=")
                option = page.select_one(f'select[name="{name}"] option[value="{value}"]')
                assert option is not None and option.has_attr("selected"), (index_url, name)

    def test_an_item_in_two_matching_languages_or_themes_is_listed_once(self, client, soup):
        # "Estudios de caso del agua" has two themes and two languages: joins must not repeat it.
        page = soup(client.get("/en/resources/"))
        assert listed(page) == ALL_ITEMS
        assert page.select_one("#resources-heading").get_text(strip=True) == "5 items"

    def test_the_year_filter_offers_the_years_of_published_items_newest_first(self, client, soup):
        page = soup(client.get("/en/resources/"))
        years = [option["value"] for option in page.select('select[name="year"] option') if option["value"]]
        assert years == ["2023", "2021", "2019", "2016"]

    def test_a_filter_that_matches_nothing_says_so_and_offers_to_clear_it(self, client, soup):
        page = soup(client.get("/en/resources/?theme=tema-sin-recursos"))
        assert listed(page) == []
        assert empty_state(page) == "No item of the library matches these filters."
        clear = page.select_one(".filters__actions a")
        assert clear.get_text(strip=True) == "Clear filters" and clear["href"] == "/en/resources/"

    @pytest.mark.parametrize(
        "query",
        [
            "year=abc",
            "year=1800",
            "year=2022",
            "year=99999999999999999999999",
            "year=-1",
            "kind=nonsense",
            "theme=no-such-theme",
            "language=xx",
            "kind=",
            "kind=%00",
            "year=%00",
            "theme=%27%3B--",
            "language=%F0%9F%8E%89",
            "theme=" + "a" * 400,
            "page=abc",
            "page=999",
            "page=-1",
        ],
    )
    def test_a_bad_filter_value_gives_the_list_not_an_error(self, client, soup, query):
        for index_url in ("/resources/", "/en/resources/"):
            response = client.get(f"{index_url}?{query}")
            assert response.status_code == 200, f"{index_url}?{query}"
            page = soup(response)
            assert page.select_one("#resources-heading") is not None
            assert listed(page) == ALL_ITEMS, f"{index_url}?{query}"

    def test_a_filter_given_twice_takes_the_last_value(self, client, soup):
        response = client.get("/en/resources/?kind=guide&kind=toolkit")
        assert response.status_code == 200
        assert listed(soup(response)) == ["Caja de herramientas de arte"]

    @pytest.mark.parametrize(
        ("query", "field"), [("year=abc", "year"), ("kind=nonsense", "kind"), ("language=xx", "language")]
    )
    def test_an_unknown_value_is_pointed_out_and_every_item_still_listed(self, client, soup, query, field):
        page = soup(client.get(f"/en/resources/?{query}"))
        assert page.select_one(f".filters__field--error select[name={field}]") is not None
        assert page.select_one(".filters__field--error .field-error").get_text(strip=True)
        assert listed(page) == ALL_ITEMS


def test_the_pages_of_a_filtered_list_keep_the_filters(client, soup, monkeypatch):
    monkeypatch.setattr(listing, "PER_PAGE", 2)
    for number, year in enumerate([2022, 2021, 2020, 2019, 2018]):
        ResourceFactory(title=f"Guía {number}", kind="guide", year=year)
    ResourceFactory(title="Caja de herramientas", kind="toolkit", year=2023)

    page = soup(client.get("/en/resources/?kind=guide"))
    assert listed(page) == ["Guía 0", "Guía 1"]
    assert page.select_one("#resources-heading").get_text(strip=True) == "5 items"
    assert "Page 1 of 3" in page.select_one("nav.pagination").get_text(" ", strip=True)
    following = page.select_one('nav.pagination a[rel="next"]')["href"]
    assert following == "?kind=guide&page=2"

    page = soup(client.get(f"/en/resources/{following}"))
    assert listed(page) == ["Guía 2", "Guía 3"]
    assert page.select_one('nav.pagination a[rel="prev"]')["href"] == "?kind=guide&page=1"
    assert page.select_one('nav.pagination a[rel="next"]')["href"] == "?kind=guide&page=3"
    page = soup(client.get("/en/resources/?kind=guide&page=3"))
    assert listed(page) == ["Guía 4"]
    assert page.select_one('nav.pagination a[rel="next"]') is None


def test_themes_are_named_in_the_page_s_language(client, soup, themes):
    literacy = next(theme for theme in themes if theme.slug == "alfabetizacion")
    ResourceFactory(title="Guía de alfabetización", slug="guia-alfabetizacion", themes=[literacy])
    english = soup(client.get("/en/resources/guia-alfabetizacion/"))
    assert "Literacy" in english.select_one("dl.facts").get_text()
    spanish = soup(client.get("/resources/guia-alfabetizacion/"))
    assert "Alfabetización" in spanish.select_one("dl.facts").get_text()
    listing = soup(client.get("/en/resources/?theme=alfabetizacion"))
    assert listed(listing) == ["Guía de alfabetización"]
    option = listing.select_one('select[name="theme"] option[value="alfabetizacion"]')
    assert option.get_text(strip=True) == "Literacy" and option.has_attr("selected")
    assert "Literacy" in listing.select_one(".event-card__themes").get_text()


# --- Navigation and search ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("home_url", "library_url"),
    [("/", "/resources/"), ("/en/", "/en/resources/"), ("/pt-br/", "/pt-br/resources/")],
)
def test_the_site_navigation_leads_to_the_library(client, soup, home_url, library_url):
    page = soup(client.get(home_url))
    links = [link["href"] for link in page.select("nav.site-nav a")]
    assert library_url in links
    response = client.get(library_url)
    assert response.status_code == 200
    current = soup(response).select_one('nav.site-nav a[aria-current="page"]')
    assert current is not None and current["href"] == library_url


def test_an_item_page_keeps_the_library_current_in_the_navigation(client, soup):
    ResourceFactory(title="Guía", slug="guia")
    current = soup(client.get("/en/resources/guia/")).select_one('nav.site-nav a[aria-current="page"]')
    assert current is not None and current["href"] == "/en/resources/"


def search_titles(client, soup, prefix="", **params):
    response = client.get(f"{prefix}/search/", params)
    assert response.status_code == 200
    return [link.get_text(strip=True) for link in soup(response).select("ol.search-results h3 a")]


def test_the_site_search_finds_an_item_by_an_unaccented_word_of_its_abstract(client, soup):
    ResourceFactory(
        title="Aprender junto al río",
        abstract="Experiencias de educación de adultos en la Amazonía peruana.",
    )
    ResourceFactory(title="Borrador amazónico", abstract="Amazonía en borrador.", publish=False)
    assert search_titles(client, soup, query="amazonia") == ["Aprender junto al río"]
    assert search_titles(client, soup, query="EDUCACION ADULTOS") == ["Aprender junto al río"]
    assert search_titles(client, soup, prefix="/en", query="amazonia") == ["Aprender junto al río"]


def test_the_type_facet_of_the_search_keeps_library_items_only(client, soup):
    ResourceFactory(title="Guía de Manaos", abstract="Una guía sobre Manaos y su biblioteca.")
    CityFactory(title="Manaos", country="BR", summary="Ciudad de la Amazonía.")
    EventFactory(title="Foro de Manaos", summary="Encuentro en Manaos.")
    assert set(search_titles(client, soup, query="manaos")) == {"Manaos", "Guía de Manaos", "Foro de Manaos"}
    assert search_titles(client, soup, query="manaos", type="resource") == ["Guía de Manaos"]
    assert "Guía de Manaos" not in search_titles(client, soup, query="manaos", type="city")
    page = soup(client.get("/search/", {"query": "manaos"}))
    library_option = [
        link for link in page.select("ul[aria-labelledby=facet-type] a") if "type=resource" in link["href"]
    ]
    assert len(library_option) == 1 and "(1)" in library_option[0].get_text()


# --- Queries ------------------------------------------------------------------------------------------------


def count_queries(client, url):
    """Queries of one anonymous request that renders the page (the whole-page cache is emptied)."""
    client.get(url)  # warm the per-process caches (content types, templates)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries.captured_queries)


def test_the_library_s_queries_do_not_grow_with_the_number_of_items(client):
    themes = [ThemeFactory(name=f"Tema {n}", slug=f"tema-{n}") for n in range(3)]
    city = CityFactory(title="Rosario", country="AR")

    def add_items(count, start):
        for number in range(start, start + count):
            ResourceFactory(
                title=f"Guía {number}",
                year=2000 + number,
                languages=("es", "pt"),
                themes=themes[: 1 + number % 3],
                cities=[city],
            )

    add_items(3, 0)
    urls = ["/resources/", "/en/resources/", "/resources/?language=pt&theme=tema-0", "/resources/feed/"]
    few = {url: count_queries(client, url) for url in urls}
    add_items(9, 3)
    many = {url: count_queries(client, url) for url in urls}
    assert many == few
