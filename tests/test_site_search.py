"""The site search at /search/ over cities and events: ranked by relevance, accent- and case-insensitive,
tolerant of typos on PostgreSQL, with filters by type, theme and country; only live public pages."""

from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from events.models import EventPage
from network.search_indexing import accent_free_words, fold
from search.engine import FEW_RESULTS
from tests.factories import CityFactory, EventFactory, ResourceFactory, ThemeFactory
from tests.practice_data import make_practice

pytestmark = pytest.mark.django_db

on_postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="typo tolerance uses PostgreSQL's trigram similarity (pg_trgm); SQLite matches whole words only",
)


@pytest.fixture
def get(client, soup):
    """Search with these parameters; return the parsed page (after checking it is a 200 page)."""

    def run(prefix="", **params):
        response = client.get(f"{prefix}/search/", params)
        assert response.status_code == 200
        return soup(response)

    return run


@pytest.fixture
def titles(get):
    """The titles of the results, in their order."""
    return lambda query, **params: [
        link.get_text(strip=True) for link in get(query=query, **params).select("ol.search-results h3 a")
    ]


def facet_options(page, name):
    """{option label: (count or None, link, chosen)} of one facet."""
    found = {}
    for link in page.select(f"ul[aria-labelledby=facet-{name}] a"):
        count = link.find("span")
        found[link.find(string=True).strip()] = (
            int(count.get_text().strip("()")) if count else None,
            link["href"],
            link.get("aria-current") == "true",
        )
    return found


# --- Ranking ------------------------------------------------------------------------------------------------


def test_a_city_named_santiago_comes_before_one_that_mentions_santiago(titles):
    """The issue's case: "santiago" used to put Renca first."""
    CityFactory(
        title="Renca",
        country="CL",
        region="Región Metropolitana de Santiago",
        summary="Comuna de Santiago de Chile, al norte del centro de Santiago; Santiago la rodea.",
    )
    CityFactory(title="Santiago", country="CL", region="Región Metropolitana", summary="Capital de Chile.")
    assert titles("santiago") == ["Santiago", "Renca"]
    assert titles("Santiago")[0] == "Santiago"


def test_an_exact_title_then_a_title_that_starts_with_the_words_then_a_mention(titles):
    CityFactory(title="Vallenar", country="CL", summary="Cerca de Puertoalto y de Puertoalto Viejo.")
    EventFactory(title="Puertoalto Viejo: encuentro regional", summary="En Puertoalto.")
    CityFactory(title="Puertoalto", country="CL", summary="Ciudad costera.")
    assert titles("puertoalto") == ["Puertoalto", "Puertoalto Viejo: encuentro regional", "Vallenar"]


def test_results_mix_cities_and_events_with_their_type(get):
    host = CityFactory(title="Villa Lumbre", country="AR", region="Chaco", summary="Bibliotecas lumbreras.")
    EventFactory(
        title="Taller lumbreras",
        venue="Centro Cultural Lumbre",
        host_city=host,
        starts_at=datetime(2031, 3, 4, 14, tzinfo=UTC),
        ends_at=datetime(2031, 3, 4, 17, tzinfo=UTC),
    )
    page = get(query="lumbreras")
    cards = {
        item.h3.get_text(strip=True): item.get_text(" ", strip=True)
        for item in page.select(".search-results li")
    }
    assert set(cards) == {"Villa Lumbre", "Taller lumbreras"}
    assert "Ciudad" in cards["Villa Lumbre"] and "Chaco" in cards["Villa Lumbre"]
    assert "Argentina" in cards["Villa Lumbre"]
    assert "Evento" in cards["Taller lumbreras"] and "2031" in cards["Taller lumbreras"]
    assert "Centro Cultural Lumbre, Villa Lumbre, Argentina" in cards["Taller lumbreras"]
    english = get("/en", query="lumbreras").select_one("ol.search-results").get_text(" ", strip=True)
    assert "City" in english and "Event" in english


# --- Accents and case ---------------------------------------------------------------------------------------


def test_the_folding_helpers():
    assert fold("Medellín São PAULO Ñandú") == "medellin sao paulo nandu"
    assert accent_free_words("Educación y educación; Bogotá, sin acentos") == "educacion bogota"


@pytest.mark.parametrize("query", ["educacion", "educación", "EDUCACION", "Educación"])
def test_accents_and_case_do_not_matter(titles, query):
    CityFactory(title="Villa Letras", country="PE", summary="Programas de educación para personas adultas.")
    EventFactory(title="Foro de Educación Permanente")
    CityFactory(title="Villa Simple", country="PE", summary="Un plan de educacion escrito sin tildes.")
    assert sorted(titles(query)) == ["Foro de Educación Permanente", "Villa Letras", "Villa Simple"]


@pytest.mark.parametrize("query", ["MEDELLIN", "medellin", "Medellín", "medellín"])
def test_a_title_with_an_accent_is_found_and_comes_first(titles, query):
    CityFactory(title="Medellín", country="CO", region="Antioquia")
    CityFactory(title="Envigado", country="CO", summary="Vecina de Medellín.")
    assert titles(query) == ["Medellín", "Envigado"]


def test_accents_in_the_body_and_in_a_name_of_several_words(titles):
    CityFactory(
        title="São Paulo",
        country="BR",
        body=[("text", RichText("<p>Alfabetización digital en las bibliotecas.</p>"))],
    )
    assert titles("alfabetizacion") == ["São Paulo"]
    assert titles("sao paulo") == ["São Paulo"]


# --- Typos (PostgreSQL) -------------------------------------------------------------------------------------


@on_postgresql_only
def test_a_misspelt_name_finds_the_city_on_postgresql(titles):
    CityFactory(title="Medellín", country="CO", region="Antioquia")
    CityFactory(title="Bogotá", country="CO")
    assert titles("medelin") == ["Medellín"]
    assert titles("Bogta") == ["Bogotá"]


@on_postgresql_only
def test_typo_matches_follow_the_full_text_matches(titles):
    CityFactory(title="Medellín", country="CO")
    CityFactory(title="Itagüí", country="CO", summary="Al sur del valle: medelin en el habla local.")
    assert titles("medelin") == ["Itagüí", "Medellín"]


@on_postgresql_only
def test_no_typo_matches_when_the_full_text_finds_enough(titles):
    for number in range(FEW_RESULTS):
        CityFactory(title=f"Villa {number}", country="CO", summary="Aquí se habla de medelin.")
    CityFactory(title="Medellín", country="CO")
    assert "Medellín" not in titles("medelin")


# --- Events -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["Hemiciclo", "Avenida Quilombo", "Cartagenita", "Paipa", "clausura", "acuerdos", "Taller Vórtice"],
)
def test_events_are_found_by_their_fields(titles, query):
    host = CityFactory(title="Cartagenita", country="CO")
    guest = CityFactory(title="Paipa", country="CO")
    EventFactory(
        title="Taller Vórtice",
        summary="Dos días de trabajo.",
        venue="Hemiciclo Municipal",
        address="Avenida Quilombo 12",
        host_city=host,
        cities=[guest],
        programme=[("session", {"title": "Sesión de clausura", "speakers": [], "description": ""})],
        outcomes="<p>Los acuerdos firmados.</p>",
    )
    assert "Taller Vórtice" in titles(query)


def test_events_are_found_by_their_themes(titles):
    EventFactory(title="Encuentro anual", themes=[ThemeFactory(name="Ciudades del mar", slug="mar")])
    assert titles("mar") == ["Encuentro anual"]


@pytest.mark.parametrize("query", ["Bogotá", "bogota", "Educación", "educacion"])
def test_events_are_found_by_accented_related_names_with_or_without_accents(titles, query):
    host = CityFactory(title="Bogotá", country="CO")
    EventFactory(title="Foro anual", host_city=host, themes=[ThemeFactory(name="Educación", slug="edu")])
    assert "Foro anual" in titles(query)


def test_the_index_follows_an_event_published_changed_and_unpublished(titles):
    event = EventFactory(title="Jornada Ámbar", summary="Primera versión.")
    assert titles("ambar") == ["Jornada Ámbar"]
    page = EventPage.objects.get(pk=event.pk)
    page.summary = "Con la palabra turquesa."
    page.save_revision()
    assert titles("turquesa") == [], "a draft is not searchable"
    page.get_latest_revision().publish()
    assert titles("turquesa") == ["Jornada Ámbar"]
    assert titles("primera") == []
    EventPage.objects.get(pk=event.pk).unpublish()
    assert titles("ambar") == []


def test_update_index_rebuilds_the_accent_free_words(titles):
    EventFactory(title="Jornada Índigo")
    CityFactory(title="Villa Índigo", country="UY")
    call_command("update_index", verbosity=0)
    assert sorted(titles("indigo")) == ["Jornada Índigo", "Villa Índigo"]


# --- Privacy and language -----------------------------------------------------------------------------------


def test_an_event_never_names_a_city_visitors_may_not_see(get, titles):
    hidden = CityFactory(title="Villa Vexoculta", country="EC", publish=False)
    EventFactory(title="Taller Ópalo", host_city=hidden, cities=[hidden], venue="Sala Azul")
    assert titles("vexoculta") == []
    card = get(query="opalo").select_one("ol.search-results li").get_text(" ", strip=True)
    assert "Sala Azul" in card and "Vexoculta" not in card and "Ecuador" not in card


@pytest.mark.parametrize("hidden_by", ["unpublishing", "a view restriction"])
def test_the_country_filter_never_counts_a_city_visitors_may_not_see(get, titles, hidden_by):
    hidden = CityFactory(title="Villa Vexoculta", country="EC", publish=hidden_by == "a view restriction")
    if hidden_by == "a view restriction":
        PageViewRestriction.objects.create(page=hidden, restriction_type="password", password="secreto")
    EventFactory(title="Taller Ópalo", host_city=hidden)
    ResourceFactory(title="Guía Ópalo", cities=[hidden])
    make_practice(hidden, "Práctica Ópalo")
    assert "Ecuador" not in facet_options(get(query="opalo"), "country")
    assert titles("opalo", country="EC") == []


def test_only_live_public_pages_are_found(titles):
    CityFactory(title="Villa Zafiro Borrador", country="UY", publish=False)
    EventFactory(title="Taller Zafiro Borrador", publish=False)
    private = EventFactory(title="Taller Zafiro Privado")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    CityFactory(title="Villa Zafiro", country="UY")
    assert titles("zafiro") == ["Villa Zafiro"]


def test_results_are_in_the_language_of_the_page(get):
    CityFactory(title="Villa Lengua", country="UY")
    EventFactory(title="Foro Lengua")
    page = get("/en", query="lengua")
    hrefs = [link["href"] for link in page.select("ol.search-results h3 a")]
    assert len(hrefs) == 2 and all(href.startswith("/en/") for href in hrefs)


# --- Facets -------------------------------------------------------------------------------------------------


@pytest.fixture
def faro(db):
    """Two cities and two events with "faro": themes, countries (the host city's for an event)."""
    sea, books = ThemeFactory(name="Mar", slug="mar"), ThemeFactory(name="Libros", slug="libros")
    north = CityFactory(title="Faro Norte", country="CL", themes=[sea])
    CityFactory(title="Faro Sur", country="PE")
    EventFactory(title="Encuentro del faro", host_city=north, themes=[books])
    EventFactory(title="Seminario del faro en línea", themes=[sea, books])
    return {"sea": sea, "books": books}


def test_facets_count_the_results_by_type_theme_and_country(get, faro):
    page = get(query="faro")
    assert facet_options(page, "type") == {
        "Todos los tipos": (None, "?query=faro", True),
        "Ciudades": (2, "?query=faro&type=city", False),
        "Eventos": (2, "?query=faro&type=event", False),
    }
    assert {label: count for label, (count, _link, _chosen) in facet_options(page, "theme").items()} == {
        "Todos los temas": None,
        "Libros": 2,
        "Mar": 2,
    }
    assert {label: count for label, (count, _link, _chosen) in facet_options(page, "country").items()} == {
        "Todos los países": None,
        "Chile": 2,
        "Perú": 1,
    }


def test_the_filters_count_what_was_published_since_the_last_search(get, titles, faro):
    """The filters' facts of every page are kept between searches (search.facet_data): a page published
    since must reach the next search's counts and filters."""
    assert facet_options(get(query="faro"), "country")["Perú"][0] == 1
    CityFactory(title="Faro de Paita", country="PE", themes=[faro["books"]])
    page = get(query="faro")
    assert facet_options(page, "country")["Perú"][0] == 2
    assert facet_options(page, "theme")["Libros"][0] == 3
    assert titles("faro", country="PE", theme="libros") == ["Faro de Paita"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "city"}, ["Faro Norte", "Faro Sur"]),
        ({"type": "event"}, ["Encuentro del faro", "Seminario del faro en línea"]),
        ({"theme": "mar"}, ["Faro Norte", "Seminario del faro en línea"]),
        ({"country": "CL"}, ["Encuentro del faro", "Faro Norte"]),
        ({"country": "cl", "type": "event"}, ["Encuentro del faro"]),
        ({"theme": "libros", "type": "city"}, []),
    ],
)
def test_filters_narrow_the_results(titles, faro, params, expected):
    assert sorted(titles("faro", **params)) == expected


def test_a_facet_counts_with_the_other_filters_and_its_links_keep_them(get, faro):
    page = get(query="faro", type="event", country="CL")
    types = facet_options(page, "type")
    assert types["Eventos"][2] and not types["Ciudades"][2]
    assert (types["Ciudades"][0], types["Eventos"][0]) == (1, 1), "counted with the country, not the type"
    themes = facet_options(page, "theme")
    assert themes["Libros"][0] == 1 and "Mar" not in themes
    assert "query=faro" in themes["Libros"][1] and "type=event" in themes["Libros"][1]
    assert "country=CL" in themes["Libros"][1] and "theme=libros" in themes["Libros"][1]
    countries = facet_options(page, "country")
    assert countries["Todos los países"][1] == "?query=faro&type=event"
    assert "Perú" not in countries, "no event in Peru"


@pytest.mark.parametrize("params", [{"type": "planet"}, {"theme": "no-such-theme"}, {"country": "ZZ"}])
def test_a_bad_filter_is_reported_and_ignored(get, faro, params):
    page = get(query="faro", **params)
    alerts = page.select("form [role=alert]")
    assert len(alerts) == 1
    assert len(page.select("ol.search-results li")) == 4


def test_pages_of_results_keep_the_filters(get):
    for number in range(23):
        CityFactory(title=f"Villa Página {number}", country="UY")
    CityFactory(title="Villa Página Chilena", country="CL")
    page = get(query="pagina", country="UY")
    next_link = page.select_one("a[rel=next]")["href"]
    assert "country=UY" in next_link and "query=pagina" in next_link and "page=2" in next_link
    assert len(page.select("ol.search-results li")) == 20
    second = get(query="pagina", country="UY", page="2")
    assert len(second.select("ol.search-results li")) == 3


# --- Cost ---------------------------------------------------------------------------------------------------


def queries_for(client, query):
    """The queries of a search made afresh: not from the page cache nor the shared cache."""
    client.get("/search/", {"query": query})  # the per-process look-ups (content types, locales) first
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/search/", {"query": query}).status_code == 200
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_results(client, faro):
    theme = faro["sea"]
    for number in range(3):
        host = CityFactory(title=f"Villa Costa {number}", country="CL", themes=[theme])
        EventFactory(title=f"Taller Costa {number}", host_city=host, themes=[theme])
    few = queries_for(client, "costa")
    for number in range(3, 10):
        host = CityFactory(title=f"Villa Costa {number}", country="PE", themes=[theme])
        EventFactory(title=f"Taller Costa {number}", host_city=host, themes=[theme])
    assert queries_for(client, "costa") == few
    # The matching ids are read once (search.engine.matching); a search made afresh also reads the filters'
    # facts of every searchable page, a few queries per type (search.facet_data), kept for the next ones.
    assert few <= 28
