"""Published good practices and library items inserted straight into the page tree, for the search
benchmark (bench/generate_data.py), as bench/city_pages.py inserts cities.

Practices go under the given city pages, a few each; library items after the library's last child.
Their texts are drawn from a small vocabulary of the network's words, so that a search finds many of
them, as it would on a real site. They get search-index entries (Wagtail's public `add_bulk`), unlike the
cities of bench/city_pages.py, which the search benchmark indexes with them (`index_pages`).

Private API (docs/upgrading.md): treebeard's `Page._str2int`, and through bench/city_pages.py its
`Page._get_path` and Django's `QuerySet._insert`.
"""

from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from bench.city_pages import child_page_rows, insert_specific
from cities.themes import original_themes
from knowledge.models import ResourceFullText, ResourcePage
from practices.models import CostBand, KeyFeaturesArea, PracticePage

SUBJECTS = [
    "alfabetización digital",
    "educación de personas adultas",
    "aprendizaje en familia",
    "huertas urbanas que enseñan",
    "bibliotecas de barrio",
    "formación para el empleo",
    "acción climática en las escuelas",
    "salud y bienestar comunitario",
    "ciudadanía activa de la juventud",
    "inclusión de personas migrantes",
]
KINDS = [kind for kind, _label in ResourcePage.Kind.choices]
INDEX_BATCH = 500


def add_practice_pages(cities, count, rng):
    """Insert `count` published practices, spread over the `cities` (pages without children yet)."""
    if count <= 0 or not cities:
        return []
    content_type = ContentType.objects.get_for_model(PracticePage)
    per_city = Counter(cities[number % len(cities)].pk for number in range(count))
    pages, owners = [], []
    number = 0
    for city in cities:
        titles = []
        for _ in range(per_city.get(city.pk, 0)):
            titles.append((f"Práctica de {rng.choice(SUBJECTS)} {number:05d}", f"practica-{number:05d}"))
            number += 1
        pages += child_page_rows(city, 1, titles, content_type)
        owners += [city.pk] * len(titles)
    Page.objects.bulk_create(pages, batch_size=1000)
    practices = [
        PracticePage(
            page_ptr_id=page.pk,
            summary=f"La ciudad trabaja en {rng.choice(SUBJECTS)} con {rng.choice(SUBJECTS)}.",
            problem=f"<p>Hacía falta {rng.choice(SUBJECTS)}.</p>",
            actions=f"<p>Se organizó un programa de {rng.choice(SUBJECTS)}.</p>",
            partners="Secretaría de Educación",
            results="",
            figures=[],
            cost_band=rng.choice([value for value, _label in CostBand.choices]),
            population_reached=rng.randint(50, 50_000),
            start_year=rng.randint(2005, 2025),
            key_features_area=rng.choice([value for value, _label in KeyFeaturesArea.choices]),
            photos=[],
            city_id=city_id,
            has_measured_results=rng.random() < 0.4,
        )
        for page, city_id in zip(pages, owners, strict=True)
    ]
    insert_specific(PracticePage, practices)
    for children in set(per_city.values()):
        ids = [pk for pk, number_of in per_city.items() if number_of == children]
        Page.objects.filter(pk__in=ids).update(numchild=F("numchild") + children)
    add_themes(PracticePage, practices, rng)
    return pages


def add_resource_pages(library, count, rng):
    """Insert `count` published library items after the library's last child."""
    if count <= 0:
        return []
    library = Page.objects.get(pk=library.pk)
    last = library.get_last_child()
    first_step = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
    titles = [
        (f"Guía de {rng.choice(SUBJECTS)} {number:05d}", f"guia-generada-{number:05d}")
        for number in range(count)
    ]
    pages = child_page_rows(library, first_step, titles, ContentType.objects.get_for_model(ResourcePage))
    Page.objects.bulk_create(pages, batch_size=1000)
    resources = [
        ResourcePage(
            page_ptr_id=page.pk,
            kind=rng.choice(KINDS),
            abstract=f"Orientaciones sobre {rng.choice(SUBJECTS)} y {rng.choice(SUBJECTS)} en las ciudades.",
            authors="Instituto de la UNESCO para el Aprendizaje a lo Largo de Toda la Vida",
            publisher="UIL",
            place="Hamburg",
            year=rng.randint(2010, 2025),
            isbn="",
            doi="",
            unesdoc_url="",
            licence="",
            sources=[],
        )
        for page in pages
    ]
    insert_specific(ResourcePage, resources)
    ResourceFullText.objects.bulk_create(
        [
            ResourceFullText(
                page_id=page.pk,
                language=language,
                url=f"https://example.org/{page.slug}/{language}.pdf",
                sort_order=order,
            )
            for page in pages
            for order, language in enumerate(rng.sample(["es", "pt", "en"], rng.randint(1, 3)))
        ],
        batch_size=2000,
    )
    Page.objects.filter(pk=library.pk).update(numchild=F("numchild") + count)
    add_themes(ResourcePage, resources, rng)
    return pages


def add_themes(model, rows, rng):
    themes = list(original_themes())
    through = model.themes.through
    source = f"{model._meta.model_name}_id"
    through.objects.bulk_create(
        [
            through(**{source: row.page_ptr_id, "theme_id": theme.pk})
            for row in rows
            for theme in rng.sample(themes, rng.randint(1, min(2, len(themes))))
        ],
        batch_size=2000,
    )


def index_pages(model, pks):
    """Search-index entries for these pages, in batches (Wagtail's `add_bulk`)."""
    backend = get_search_backend()
    pks = list(pks)
    for start in range(0, len(pks), INDEX_BATCH):
        batch = list(model.objects.filter(pk__in=pks[start : start + INDEX_BATCH]))
        backend.add_bulk(model, batch)
