"""Published city pages inserted straight into Wagtail's page tree, thousands a second.

Wagtail's `add_child` and publishing take about 0.1 s a page, far too slow for the benchmark's 5,000
cities (bench/generate_data.py) and the query-count test (tests/test_map_query_counts.py), which
share this builder. One bulk insert of `wagtailcore_page` rows with treebeard paths after the
directory's last child, as `add_child` would compute them; then the `cities_citypage` rows; then the
directory's child count. No signal runs for them: they get no search-index entry, no focal-point group
and no revision, which none of the benchmarked or tested pages needs.

Private API (docs/upgrading.md): treebeard's `Page._get_path` and `Page._str2int`, Django's
`QuerySet._insert`. tests/test_map_query_counts.py checks the tree with treebeard's `find_problems()`.
"""

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page

from cities.models import CityPage
from cities.themes import original_themes

GENERATED_PREFIX = "ciudad-generada-"
COUNTRIES = ["AR", "BO", "BR", "CL", "CO", "CR", "EC", "GT", "HN", "MX", "NI", "PA", "PE", "PY", "UY", "VE"]


def child_page_rows(parent, first_step, titles, content_type):
    """Unsaved published `Page` rows for `titles` ((title, slug) pairs) under `parent`, from the tree step
    `first_step` on, as `add_child` would make them."""
    now = timezone.now()
    return [
        Page(
            path=Page._get_path(parent.path, parent.depth + 1, first_step + offset),
            depth=parent.depth + 1,
            numchild=0,
            translation_key=uuid.uuid4(),
            locale_id=parent.locale_id,
            live=True,
            first_published_at=now,
            last_published_at=now,
            title=title,
            draft_title=title,
            slug=slug,
            content_type=content_type,
            url_path=f"{parent.url_path}{slug}/",
        )
        for offset, (title, slug) in enumerate(titles)
    ]


def insert_specific(model, rows):
    """Insert a page type's own table rows: Django cannot bulk_create a multi-table child."""
    fields = model._meta.local_concrete_fields
    batch = max(1, (connection.features.max_query_params or 20_000) // len(fields))
    for start in range(0, len(rows), batch):
        model._base_manager._insert(rows[start : start + batch], fields=fields, using=connection.alias)


def add_city_pages(directory, count, rng):
    """Insert `count` published city pages after the directory's last child; return their pages.

    They are numbered after the generated pages already there: "Ciudad Generada 00000", … (slugs
    ciudad-generada-00000, …), with random facts and up to three themes drawn from `rng`.
    """
    if count <= 0:
        return []
    directory = Page.objects.get(pk=directory.pk)
    last = directory.get_last_child()
    first_step = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
    first_number = Page.objects.filter(slug__startswith=GENERATED_PREFIX).count()
    titles = [
        (f"Ciudad Generada {number:05d}", f"{GENERATED_PREFIX}{number:05d}")
        for number in range(first_number, first_number + count)
    ]
    pages = child_page_rows(directory, first_step, titles, ContentType.objects.get_for_model(CityPage))
    Page.objects.bulk_create(pages, batch_size=1000)

    cities = [
        CityPage(
            page_ptr_id=page.pk,
            country=rng.choice(COUNTRIES),
            region=f"Región {number % 40}",
            latitude=round(rng.uniform(-50, 25), 5),
            longitude=round(rng.uniform(-110, -35), 5),
            population=rng.randint(20_000, 5_000_000),
            year_joined=rng.randint(2013, 2025),
            summary=f"Ciudad generada número {number} para medir el sitio con muchos datos.",
        )
        for number, page in enumerate(pages)
    ]
    insert_specific(CityPage, cities)
    Page.objects.filter(pk=directory.pk).update(numchild=F("numchild") + count)

    themes = list(original_themes())
    CityPage.themes.through.objects.bulk_create(
        [
            CityPage.themes.through(citypage_id=city.pk, theme_id=theme.pk)
            for city in cities
            for theme in rng.sample(themes, rng.randint(0, min(3, len(themes))))
        ],
        batch_size=2000,
    )
    return pages
