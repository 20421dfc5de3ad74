"""Generate benchmark data fast: extra published city pages, good practices and library items (with
their search-index entries), a large engagement log, and three cycles of progress reports.

Run by `make bench` (bench/run.py) against the benchmark's own PostgreSQL database, after
`manage.py migrate` and `manage.py setup_network`:

    DATABASE_URL=postgres://… .venv/bin/python bench/generate_data.py --cities 5000 --engagements 1000000

It runs on SQLite too (the default database of a first run), more slowly: the engagement log is written
with bulk inserts there instead of PostgreSQL's COPY.

City pages: bench/city_pages.py; practices and library items: bench/knowledge_pages.py; organisations,
contacts, owners and engagements: bench/engagement_log.py; progress reports (every city, every cycle, unless
--no-progress-reports): bench/progress_reports.py. The tables are vacuumed and analysed afterwards.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from wagtail.models import Page  # noqa: E402

from bench.city_pages import GENERATED_PREFIX, add_city_pages  # noqa: E402
from bench.engagement_log import (  # noqa: E402
    CHUNK,
    ENGAGEMENT_COLUMNS,
    LINKS,
    EngagementFactory,
    add_engagements,
    add_people,
)
from bench.knowledge_pages import add_practice_pages, add_resource_pages, index_pages  # noqa: E402
from bench.progress_reports import add_progress_reports  # noqa: E402
from cities.activity_themes import refresh_all  # noqa: E402
from cities.models import CityIndexPage, CityPage  # noqa: E402
from contacts.models import Contact, Engagement, Organisation  # noqa: E402
from knowledge.models import ResourceIndexPage, ResourcePage  # noqa: E402
from network.caching.versions import PUBLISHED_CONTENT  # noqa: E402
from practices.models import PracticePage  # noqa: E402
from progress.models import Answer, Report, Submission  # noqa: E402

BATCH = 500  # rows a bulk insert, within SQLite's limit on query parameters


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=(
            "Add generated benchmark data: published city pages (straight into the page tree), an "
            "engagement log with contacts, organisations and owners (COPY on PostgreSQL, bulk inserts on "
            "SQLite) and progress reports. For benchmarks only."
        )
    )
    parser.add_argument("--cities", type=int, default=0, help="extra city pages to generate")
    parser.add_argument("--practices", type=int, default=0, help="good practices to generate (under cities)")
    parser.add_argument("--resources", type=int, default=0, help="library items to generate")
    parser.add_argument("--engagements", type=int, default=0, help="engagements to generate")
    parser.add_argument("--contacts", type=int, default=0, help="contacts to generate")
    parser.add_argument("--organisations", type=int, default=0, help="organisations to generate")
    parser.add_argument("--owners", type=int, default=8, help="staff users who own engagements")
    parser.add_argument("--focus-city", default="medellin", help="slug of the city with a long timeline")
    parser.add_argument("--focus-engagements", type=int, default=10_000, help="engagements of the focus city")
    parser.add_argument(
        "--progress-reports",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="three cycles of progress reports, a report per city and cycle (default: on)",
    )
    parser.add_argument("--seed", type=int, default=2026)
    return parser.parse_args(argv)


def main(argv=None):
    options = parse_args(argv)
    if not CityIndexPage.objects.exists():
        sys.exit("There is no city directory yet: run `manage.py setup_network` first.")
    rng = random.Random(options.seed)
    timings = {}

    started = time.perf_counter()
    with transaction.atomic():
        directory = CityIndexPage.objects.get(locale__language_code=settings.LANGUAGE_CODE)
        created = len(add_city_pages(directory, options.cities, rng))
    PUBLISHED_CONTENT.changed()
    timings["cities"] = time.perf_counter() - started
    print(f"{created:,} city pages generated in {timings['cities']:.1f} s.")

    if options.practices or options.resources:
        started = time.perf_counter()
        with transaction.atomic():
            add_knowledge(options, rng)
        PUBLISHED_CONTENT.changed()
        timings["knowledge"] = time.perf_counter() - started
        print(
            f"{options.practices:,} practices and {options.resources:,} library items generated and indexed "
            f"for search, with the generated cities, in {timings['knowledge']:.1f} s."
        )

    if options.engagements:
        focus = CityPage.objects.originals().filter(slug=options.focus_city).values_list("pk", flat=True)
        if not focus:
            sys.exit(f"There is no city with the slug {options.focus_city!r}.")
        started = time.perf_counter()
        with transaction.atomic():
            people = add_people(rng, options.contacts, options.organisations, options.owners)
            write = add_engagements if connection.vendor == "postgresql" else add_engagements_in_bulk
            counts = write(
                rng, options.engagements, focus=focus[0], focus_count=options.focus_engagements, **people
            )
            # The rows went in without signals: the themes of the cities' public activities follow.
            refresh_all()
        timings["engagements"] = time.perf_counter() - started
        print(
            f"{counts['engagements']:,} engagements ({counts['focus']:,} for {options.focus_city}), "
            f"{counts['cities']:,} city links, {counts['participants']:,} participant links, "
            f"{counts['themes']:,} theme links, {counts['organisations']:,} organisation links, "
            f"{len(people['contact_ids']):,} contacts, {len(people['organisation_ids']):,} organisations "
            f"in {timings['engagements']:.1f} s."
        )

    if options.progress_reports:
        started = time.perf_counter()
        with transaction.atomic():
            cities = CityPage.objects.originals().order_by("pk").values_list("pk", flat=True)
            counts = add_progress_reports(cities, rng)
        PUBLISHED_CONTENT.changed()  # the network's summaries (progress.results.kept_network_summary)
        timings["progress"] = time.perf_counter() - started
        print(
            f"{counts['reports']:,} progress reports in {counts['cycles']} cycles, {counts['submissions']:,} "
            f"submissions, {counts['answers']:,} answers in {timings['progress']:.1f} s."
        )

    started = time.perf_counter()
    analyse()
    timings["analyse"] = time.perf_counter() - started
    vacuumed = "vacuumed and " if connection.vendor == "postgresql" else ""
    print(f"Tables {vacuumed}analysed in {timings['analyse']:.1f} s.")
    print(f"Benchmark data ready in {sum(timings.values()):.1f} s.")


def add_knowledge(options, rng):
    """Practices under the cities that have no child page yet, library items, and the search index of
    both and of the generated cities (bench/city_pages.py leaves them out of it)."""
    originals = CityPage.objects.originals().values("pk")
    cities = list(Page.objects.filter(pk__in=originals, numchild=0).order_by("path"))
    practices = add_practice_pages(cities, options.practices, rng)
    library = ResourceIndexPage.objects.get(locale__language_code=settings.LANGUAGE_CODE)
    resources = add_resource_pages(library, options.resources, rng)
    generated = CityPage.objects.filter(slug__startswith=GENERATED_PREFIX).values_list("pk", flat=True)
    index_pages(CityPage, generated)
    index_pages(PracticePage, [page.pk for page in practices])
    index_pages(ResourcePage, [page.pk for page in resources])


def add_engagements_in_bulk(rng, count, *, focus, focus_count, **people):
    """The same rows as bench/engagement_log.add_engagements, with bulk inserts: for databases without
    COPY (SQLite). Return how many rows went into each table."""
    factory = EngagementFactory(rng, count, focus=focus, focus_count=focus_count, **people)
    fields = {name: Engagement._meta.get_field(name) for name in LINKS}
    counts = dict.fromkeys(["engagements", *LINKS], 0)
    last = Engagement.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for start in range(0, count, CHUNK):
        rows, links = factory.chunk(last + 1, start, min(CHUNK, count - start))
        Engagement.objects.bulk_create(
            [Engagement(**dict(zip(ENGAGEMENT_COLUMNS, row, strict=True))) for row in rows], batch_size=BATCH
        )
        counts["engagements"] += len(rows)
        for name, field in fields.items():
            through = field.remote_field.through
            columns = [field.m2m_column_name(), field.m2m_reverse_name()]
            through.objects.bulk_create(
                [through(**dict(zip(columns, link, strict=True))) for link in links[name]], batch_size=BATCH
            )
            counts[name] += len(links[name])
    counts["focus"] = factory.focus_made
    return counts


def analyse():
    """Fresh statistics and visibility maps, as autovacuum would leave them on a live site."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return
    tables = [
        Page._meta.db_table,
        CityPage._meta.db_table,
        CityPage.themes.through._meta.db_table,
        Engagement._meta.db_table,
        Contact._meta.db_table,
        Organisation._meta.db_table,
        Report._meta.db_table,
        Answer._meta.db_table,
        Submission._meta.db_table,
    ] + [
        Engagement._meta.get_field(name).remote_field.through._meta.db_table
        for name in ("cities", "participants", "themes", "organisations")
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'VACUUM ANALYZE "{table}"')


if __name__ == "__main__":
    main()
