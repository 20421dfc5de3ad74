"""The good practices on the public site: the list at /practices/ (published practices only, newest start
year first, filtered by theme, country, city size and measured results), the practices a city page
shows, a practice's own page (facts, figures, partners, photos, its city), its untranslated copies, the
navigation, the site search, and a list whose queries do not grow with the practices it shows."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Locale

from cities.models import CityPage, Theme
from practices.models import PracticePage
from tests import helpers
from tests.factories import CityFactory, ThemeFactory
from tests.practice_data import figure, make_image, make_practice, photo

pytestmark = [pytest.mark.django_db, pytest.mark.long]

PREFIXES = {"es": "", "en": "/en", "pt-br": "/pt-br"}


@pytest.fixture
def get(client, soup):
    """Fetch a public page; return it parsed after checking it is a 200 page."""

    def fetch(url, params=None):
        response = client.get(url, params or {})
        assert response.status_code == 200, f"{url} {params}: HTTP {response.status_code}"
        return soup(response)

    return fetch


def listed(page):
    """The titles of the practices a list shows, in their order."""
    return [link.get_text(strip=True) for link in page.select("ul.event-list h3 a")]


@pytest.fixture(scope="class")
def shared_world(django_db_setup, django_db_blocker):
    """Four cities, one of each size and country, each with a published practice, and a draft (by name,
    their primary keys); made once for the tests of TestWithFourCities and rolled back after them."""
    with helpers.rolled_back_after_module(django_db_blocker):
        reading = ThemeFactory(name="Lectura", slug="lectura")
        work = ThemeFactory(name="Trabajo", slug="trabajo")
        small = CityFactory(title="Villa Chica", country="CO", population=50_000)
        medium = CityFactory(title="Ciudad Media", country="BR", population=300_000)
        large = CityFactory(title="Ciudad Grande", country="MX", population=800_000)
        metropolis = CityFactory(title="Metrópolis", country="AR", population=3_000_000)
        measured = [figure(1200, "personas", "personas inscritas", 2023)]
        practices = {
            "small": make_practice(small, "Lectura en la plaza", start_year=2019, themes=[reading]),
            "medium": make_practice(
                medium, "Oficios del barrio", start_year=2023, themes=[work], figures=measured
            ),
            "large": make_practice(large, "Escuela de padres", start_year=2021),
            "metropolis": make_practice(
                metropolis, "Bibliotecas de noche", start_year=2017, themes=[reading, work], figures=measured
            ),
            "draft": make_practice(small, "Borrador sin revisar", start_year=2024, publish=False),
        }
        cities = {"small": small, "medium": medium, "large": large, "metropolis": metropolis}
        yield {
            "cities": {name: city.pk for name, city in cities.items()},
            "themes": {"reading": reading.pk, "work": work.pk},
            "practices": {name: practice.pk for name, practice in practices.items()},
        }


@pytest.fixture
def world(db, shared_world):
    """The cities, themes and practices of shared_world, as instances fetched afresh for this test: what
    a test changes in them does not reach the next."""
    cities = CityPage.objects.in_bulk(shared_world["cities"].values())
    themes = Theme.objects.in_bulk(shared_world["themes"].values())
    practices = PracticePage.objects.in_bulk(shared_world["practices"].values())
    return {
        "cities": {name: cities[pk] for name, pk in shared_world["cities"].items()},
        "themes": {name: themes[pk] for name, pk in shared_world["themes"].items()},
        **{name: practices[pk] for name, pk in shared_world["practices"].items()},
    }


@pytest.fixture(scope="class")
def full_practice_for_class(django_db_setup, django_db_blocker):
    """A practice of Ciudad Media with every fact, partners, figures and a photo (its primary key); made once
    for the tests of TestAPracticePage, in a city of its own, and rolled back after them: shared with the
    four cities, it would change what the lists of their tests show."""
    with helpers.rolled_back_after_module(django_db_blocker), translation.override("en"):
        city = CityFactory(title="Ciudad Media", country="BR", population=300_000)
        image = make_image()
        yield make_practice(
            city,
            "Aulas en el mercado",
            start_year=2018,
            partners="Secretaría de Educación\n\nCámara de Comercio\n",
            population_reached=15_000,
            cost_band="10k_100k",
            key_features_area="wider_benefits",
            results="<p>Más personas terminaron la escuela.</p>",
            figures=[figure(1200, "personas", "inscritas", 2023), figure("12.75", "%", "menos abandono")],
            photos=[photo(image, "Personas adultas estudian en un puesto del mercado", "Clase de la tarde")],
            themes=[ThemeFactory(name="Lectura", slug="lectura")],
        ).pk


@pytest.fixture
def full_practice(db, full_practice_for_class):
    """The practice of full_practice_for_class, fetched afresh for each test."""
    return PracticePage.objects.get(pk=full_practice_for_class)


def search_titles(get, **params):
    return [link.get_text(strip=True) for link in get("/search/", params).select("ol.search-results h3 a")]


class TestWithFourCities:
    """The tests that read the four cities and their practices (shared_world, made once for the class); a
    test may add its own data on top, rolled back after it. The tests outside the class see none of it:
    the list's query count starts from an empty site."""

    # --- The list -------------------------------------------------------------------------------------------

    def test_the_list_shows_published_practices_newest_start_year_first(self, get, world):
        expected = ["Oficios del barrio", "Escuela de padres", "Lectura en la plaza", "Bibliotecas de noche"]
        assert listed(get("/practices/")) == expected
        assert listed(get("/en/practices/")) == expected, "the English list shows the untranslated copies"

    def test_a_draft_never_appears_in_any_language(self, get, world):
        for prefix in PREFIXES.values():
            assert "Borrador sin revisar" not in listed(get(f"{prefix}/practices/"))

    def test_a_card_names_the_city_and_country(self, get, world):
        cards = {
            card.h3.get_text(strip=True): card.get_text(" ", strip=True)
            for card in get("/en/practices/").select("ul.event-list li")
        }
        assert "Ciudad Media, Brazil" in cards["Oficios del barrio"]
        assert "Since 2023" in cards["Oficios del barrio"]

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"theme": "lectura"}, ["Lectura en la plaza", "Bibliotecas de noche"]),
            ({"theme": "trabajo"}, ["Oficios del barrio", "Bibliotecas de noche"]),
            ({"country": "BR"}, ["Oficios del barrio"]),
            ({"country": "AR"}, ["Bibliotecas de noche"]),
            ({"population": "small"}, ["Lectura en la plaza"]),
            ({"population": "medium"}, ["Oficios del barrio"]),
            ({"population": "large"}, ["Escuela de padres"]),
            ({"population": "metropolis"}, ["Bibliotecas de noche"]),
            ({"measured": "on"}, ["Oficios del barrio", "Bibliotecas de noche"]),
            ({"theme": "lectura", "measured": "on"}, ["Bibliotecas de noche"]),
            ({"theme": "trabajo", "country": "MX"}, []),
        ],
    )
    def test_each_filter_narrows_the_list(self, get, world, params, expected):
        assert listed(get("/practices/", params)) == expected
        assert listed(get("/en/practices/", params)) == expected

    def test_a_population_band_includes_its_lower_bound(self, get, world):
        make_practice(CityFactory(title="Cien Mil", country="PE", population=100_000), "Justo en el límite")
        make_practice(CityFactory(title="Un Millón", country="PE", population=1_000_000), "Millón justo")
        assert "Justo en el límite" in listed(get("/practices/", {"population": "medium"}))
        assert "Justo en el límite" not in listed(get("/practices/", {"population": "small"}))
        assert "Millón justo" in listed(get("/practices/", {"population": "metropolis"}))
        assert "Millón justo" not in listed(get("/practices/", {"population": "large"}))

    def test_the_country_filter_offers_the_countries_with_practices(self, get, world):
        options = [option["value"] for option in get("/en/practices/").select("select[name=country] option")]
        assert sorted(options) == ["", "AR", "BR", "CO", "MX"]

    @pytest.mark.parametrize(
        "params",
        [
            {"theme": "no-such-theme"},
            {"country": "ZZ"},
            {"population": "huge"},
            {"measured": "maybe"},
            {"page": "abc"},
            {"page": "999"},
            {"country": "<script>", "population": "", "theme": "x" * 300},
            # Digits to str.isdigit(), not to int(), which django-countries calls on them.
            {"country": "²"},
            {"country": "1" * 5000},
        ],
    )
    def test_a_bad_filter_value_is_a_page_not_an_error(self, client, world, params):
        response = client.get("/practices/", params)
        assert response.status_code == 200
        assert "Borrador sin revisar" not in response.content.decode()

    # --- A city's practices ---------------------------------------------------------------------------------

    def test_a_city_page_shows_its_published_practices_only(self, get, world):
        make_practice(world["cities"]["small"], "Huertas que enseñan", start_year=2022)
        page = get(world["cities"]["small"].url)
        section = page.select_one("section.city__practices")
        assert section is not None, "the city page has no practices section"
        assert listed(section) == ["Huertas que enseñan", "Lectura en la plaza"]
        english = get(f"/en/cities/{world['cities']['small'].slug}/").select_one("section.city__practices")
        assert listed(english) == ["Huertas que enseñan", "Lectura en la plaza"]

    def test_a_city_without_practices_has_no_practices_section(self, get, world):
        bare = CityFactory(title="Villa Sin Prácticas", country="CO")
        make_practice(bare, "Solo un borrador", publish=False)
        assert get(bare.url).select_one("section.city__practices") is None

    # --- A practice's page ----------------------------------------------------------------------------------

    def test_a_practice_without_figures_or_photos_shows_no_empty_sections(self, get, world):
        page = get(world["large"].url)
        assert page.select_one("ul.key-figures") is None
        assert page.select_one("section[aria-labelledby=photos-heading]") is None

    def test_the_english_copy_of_a_practice_works(self, client, get, world):
        practice = world["medium"]
        english = PracticePage.objects.get(
            translation_key=practice.translation_key, locale=Locale.objects.get(language_code="en")
        )
        assert english.url == "/en/cities/ciudad-media/oficios-del-barrio/"
        page = get(english.url)
        assert page.html["lang"] == "en"
        assert page.h1.get_text(strip=True) == "Oficios del barrio"
        assert client.get("/en/cities/ciudad-media/borrador-sin-revisar/").status_code == 404
        assert client.get("/cities/villa-chica/borrador-sin-revisar/").status_code == 404

    # --- Search ---------------------------------------------------------------------------------------------

    def test_the_site_search_finds_a_practice_by_an_unaccented_word(self, get, world):
        make_practice(
            world["cities"]["large"],
            "Alfabetización digital en la plaza",
            summary="Talleres de alfabetización digital para personas mayores.",
        )
        assert "Alfabetización digital en la plaza" in search_titles(get, query="alfabetizacion")
        assert "Alfabetización digital en la plaza" in search_titles(get, query="ALFABETIZACIÓN")
        assert "Borrador sin revisar" not in search_titles(get, query="borrador")

    def test_the_type_facet_narrows_the_search_to_practices(self, get, world):
        CityFactory(title="Villa Oficios", country="CL", summary="Ciudad de oficios.")
        assert set(search_titles(get, query="oficios")) == {"Villa Oficios", "Oficios del barrio"}
        assert search_titles(get, query="oficios", type="practice") == ["Oficios del barrio"]
        assert search_titles(get, query="oficios", type="city") == ["Villa Oficios"]
        links = [
            link["href"]
            for link in get("/search/", {"query": "oficios"}).select("ul[aria-labelledby=facet-type] a")
        ]
        assert "?query=oficios&type=practice" in links


class TestAPracticePage:
    """A practice's own page, with every fact, partners, figures and a photo (full_practice_for_class)."""

    def test_a_practice_page_shows_its_facts_and_results(self, get, full_practice):
        page = get(f"/en/cities/ciudad-media/{full_practice.slug}/")
        assert page.h1.get_text(strip=True) == "Aulas en el mercado"
        facts = {
            item.dt.get_text(strip=True): item.dd.get_text(" ", strip=True)
            for item in page.select("dl.facts > div")
        }
        assert facts["City"] == "Ciudad Media , Brazil"
        assert facts["Since"] == "2018"
        assert facts["People reached"] == "15,000"
        assert facts["Cost"] == "10,000 to 100,000 USD"
        assert facts["Key Features area"] == "Wider benefits of a learning city"
        assert facts["Themes"] == "Lectura"
        figures = [item.get_text(" ", strip=True) for item in page.select("ul.key-figures li")]
        assert figures == ["1,200 personas inscritas (2023)", "12.75 % menos abandono"]
        assert "Más personas terminaron la escuela." in page.get_text()

    def test_a_practice_page_lists_its_partners_one_per_line(self, get, full_practice):
        page = get(full_practice.url)
        section = page.select_one("section[aria-labelledby=partners-heading]")
        assert [item.get_text(strip=True) for item in section.select("li")] == [
            "Secretaría de Educación",
            "Cámara de Comercio",
        ]

    def test_a_practice_page_links_to_its_city_in_the_same_language(self, get, full_practice):
        spanish = get(full_practice.url)
        assert spanish.select_one(".breadcrumb a")["href"] == "/cities/ciudad-media/"
        english = get(f"/en/cities/ciudad-media/{full_practice.slug}/")
        assert english.select_one(".breadcrumb a")["href"] == "/en/cities/ciudad-media/"
        assert english.select_one("dl.facts a")["href"] == "/en/cities/ciudad-media/"

    def test_a_practice_page_shows_its_photos_with_their_alt_text(self, get, full_practice):
        figure_tag = get(full_practice.url).select_one("section[aria-labelledby=photos-heading] figure")
        assert figure_tag.img["alt"] == "Personas adultas estudian en un puesto del mercado"
        assert figure_tag.img["src"]
        assert figure_tag.figcaption.get_text(strip=True) == "Clase de la tarde"


# --- Navigation ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", PREFIXES)
def test_the_navigation_leads_to_the_practices_in_each_language(get, language):
    prefix = PREFIXES[language]
    home = get(f"{prefix}/")
    assert f"{prefix}/practices/" in [link["href"] for link in home.select("nav.site-nav a")]
    practices = get(f"{prefix}/practices/")
    assert practices.html["lang"] == language
    current = practices.select_one("nav.site-nav a[aria-current=page]")
    assert current is not None and current["href"] == f"{prefix}/practices/"


# --- Queries ------------------------------------------------------------------------------------------------


def list_queries(client, url="/practices/"):
    """The queries of the list made afresh, neither from the page cache nor from the shared cache."""
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_queries_of_the_list_do_not_grow_with_the_practices(client, get):
    themes = [ThemeFactory(name=f"Tema {number}", slug=f"tema-{number}") for number in range(3)]
    cities = [
        CityFactory(title=f"Villa {number}", country=code) for number, code in enumerate(["CO", "BR", "MX"])
    ]
    for number in range(3):
        make_practice(cities[number], f"Práctica {number}", themes=themes[: number + 1])
    urls = ["/practices/", "/en/practices/?theme=tema-0&measured="]
    few = [list_queries(client, url) for url in urls]
    cities += [
        CityFactory(title=f"Villa {number}", country=code)
        for number, code in enumerate(["AR", "PE", "CL"], 3)
    ]
    for number in range(3, 12):
        make_practice(cities[number % 6], f"Práctica {number}", themes=themes[: number % 3 + 1])
    assert len(listed(get("/practices/"))) == 12
    assert [list_queries(client, url) for url in urls] == few
