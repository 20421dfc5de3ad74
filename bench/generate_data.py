"""Generate benchmark data fast: extra published city pages and a large engagement log.

Run by `make bench` (bench/run.py) against the benchmark's own database; PostgreSQL only (the
engagement log is written with COPY), after `manage.py migrate` and `manage.py setup_network`:

    DATABASE_URL=postgres://… .venv/bin/python bench/generate_data.py --cities 5000 --engagements 1000000

City pages: bench/city_pages.py; organisations, contacts, owners and engagements:
bench/engagement_log.py. The tables are vacuumed and analysed afterwards.
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

from bench.city_pages import add_city_pages  # noqa: E402
from bench.engagement_log import add_engagements, add_people  # noqa: E402
from cities.models import CityIndexPage, CityPage  # noqa: E402
from contacts.models import Contact, Engagement, Organisation  # noqa: E402
from network.caching.versions import PUBLISHED_CONTENT  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(
        description=(
            "Add generated benchmark data: published city pages (straight into the page tree) and an "
            "engagement log with contacts, organisations and owners (PostgreSQL COPY). For benchmarks only."
        )
    )
    parser.add_argument("--cities", type=int, default=0, help="extra city pages to generate")
    parser.add_argument("--engagements", type=int, default=0, help="engagements to generate")
    parser.add_argument("--contacts", type=int, default=0, help="contacts to generate")
    parser.add_argument("--organisations", type=int, default=0, help="organisations to generate")
    parser.add_argument("--owners", type=int, default=8, help="staff users who own engagements")
    parser.add_argument("--focus-city", default="medellin", help="slug of the city with a long timeline")
    parser.add_argument("--focus-engagements", type=int, default=10_000, help="engagements of the focus city")
    parser.add_argument("--seed", type=int, default=2026)
    return parser.parse_args()


def main():
    options = parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Benchmark data is written with PostgreSQL's COPY: set DATABASE_URL.")
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

    if options.engagements:
        focus = CityPage.objects.originals().filter(slug=options.focus_city).values_list("pk", flat=True)
        if not focus:
            sys.exit(f"There is no city with the slug {options.focus_city!r}.")
        started = time.perf_counter()
        with transaction.atomic():
            people = add_people(rng, options.contacts, options.organisations, options.owners)
            counts = add_engagements(
                rng, options.engagements, focus=focus[0], focus_count=options.focus_engagements, **people
            )
        timings["engagements"] = time.perf_counter() - started
        print(
            f"{counts['engagements']:,} engagements ({counts['focus']:,} for {options.focus_city}), "
            f"{counts['cities']:,} city links, {counts['participants']:,} participant links, "
            f"{counts['themes']:,} theme links, {counts['organisations']:,} organisation links, "
            f"{len(people['contact_ids']):,} contacts, {len(people['organisation_ids']):,} organisations "
            f"in {timings['engagements']:.1f} s."
        )

    started = time.perf_counter()
    analyse()
    timings["analyse"] = time.perf_counter() - started
    print(f"Tables vacuumed and analysed in {timings['analyse']:.1f} s.")
    print(f"Benchmark data ready in {sum(timings.values()):.1f} s.")


def analyse():
    """Fresh statistics and visibility maps, as autovacuum would leave them on a live site."""
    tables = [
        Page._meta.db_table,
        CityPage._meta.db_table,
        CityPage.themes.through._meta.db_table,
        Engagement._meta.db_table,
        Contact._meta.db_table,
        Organisation._meta.db_table,
    ] + [
        Engagement._meta.get_field(name).remote_field.through._meta.db_table
        for name in ("cities", "participants", "themes", "organisations")
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'VACUUM ANALYZE "{table}"')


if __name__ == "__main__":
    main()
