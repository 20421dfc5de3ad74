"""Generate benchmark data fast: extra published city pages and a large engagement log.

Used by `make bench` (bench/run.py); PostgreSQL only (the engagement log is written with COPY).

City pages go straight into Wagtail's page tree, as tests/test_map_query_counts.py does: one bulk
insert of `wagtailcore_page` rows with treebeard paths after the directory's last child, then the
`cities_citypage` rows, then the directory's child count. No signal runs for them: they get no
search-index entry, no focal-point group and no revision, which none of the benchmarked pages needs.

Engagements, with their links to cities, participants, themes and organisations, are written with
COPY in chunks, inside one transaction; the tables are analysed afterwards. One city (--focus-city)
gets exactly --focus-engagements engagements, so that its timeline is realistically long; the others
get a skewed (log-normal) share of the rest, as busy and quiet cities do.
"""

import itertools
import math
import random
import time
import uuid
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page

from cities.models import CityIndexPage, CityPage
from cities.themes import original_themes
from contacts.models import Contact, ContactEmail, Engagement, Organisation
from network.caching.versions import PUBLISHED_CONTENT

GENERATED_PREFIX = "ciudad-generada-"
COUNTRIES = ["AR", "BO", "BR", "CL", "CO", "CR", "EC", "GT", "HN", "MX", "NI", "PA", "PE", "PY", "UY", "VE"]
CHUNK = 50_000
YEARS_OF_HISTORY = 11

KIND_WEIGHTS = {
    "email": 30,
    "meeting": 20,
    "call": 15,
    "webinar": 8,
    "workshop": 7,
    "visit": 5,
    "training": 5,
    "report_submission": 4,
    "forum": 3,
    "other": 3,
}
TITLES = {
    "email": ["Correo sobre el informe anual", "Envío de materiales", "Consulta sobre la membresía"],
    "meeting": [
        "Reunión de seguimiento",
        "Reunión con la secretaría de educación",
        "Reunión de planificación",
    ],
    "call": ["Llamada con la coordinación", "Llamada de seguimiento", "Llamada sobre el plan de acción"],
    "webinar": ["Webinar regional", "Webinar sobre aprendizaje digital"],
    "workshop": ["Taller de indicadores", "Taller de planificación local"],
    "visit": ["Visita técnica", "Visita de intercambio"],
    "training": ["Formación de equipos municipales", "Curso para coordinadores"],
    "report_submission": ["Entrega del informe de avance", "Entrega del informe anual"],
    "forum": ["Foro regional de ciudades del aprendizaje", "Foro de alcaldes"],
    "other": ["Contacto institucional", "Seguimiento general"],
}
SUMMARIES = [
    "Se revisaron los avances del plan local de aprendizaje a lo largo de la vida.",
    "Intercambio de experiencias con otras ciudades de la red.",
    "Se acordaron los próximos pasos y las fechas de entrega.",
    "Presentación de la estrategia municipal y preguntas del equipo.",
    "",
]
GIVEN_NAMES = ["Ana", "Bruno", "Carla", "Diego", "Elena", "Fernando", "Gabriela", "Hugo", "Isabel", "Jorge"]
FAMILY_NAMES = ["Restrepo", "Gómez", "Silva", "Pérez", "Rodríguez", "Fernández", "López", "Martínez"]


class Command(BaseCommand):
    help = (
        "Add generated benchmark data: published city pages (straight into the page tree) and an "
        "engagement log with contacts, organisations and owners (PostgreSQL COPY). For benchmarks only."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cities", type=int, default=0, help="extra city pages to generate")
        parser.add_argument("--engagements", type=int, default=0, help="engagements to generate")
        parser.add_argument("--contacts", type=int, default=0, help="contacts to generate")
        parser.add_argument("--organisations", type=int, default=0, help="organisations to generate")
        parser.add_argument("--owners", type=int, default=8, help="staff users who own engagements")
        parser.add_argument("--focus-city", default="medellin", help="slug of the city with a long timeline")
        parser.add_argument(
            "--focus-engagements", type=int, default=10_000, help="engagements of the focus city"
        )
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Benchmark data is written with PostgreSQL's COPY: set DATABASE_URL.")
        if not CityIndexPage.objects.exists():
            raise CommandError("There is no city directory yet: run `manage.py setup_network` first.")
        rng = random.Random(options["seed"])
        timings = {}

        started = time.perf_counter()
        with transaction.atomic():
            directory = CityIndexPage.objects.get(locale__language_code=settings.LANGUAGE_CODE)
            created = add_city_pages(directory, options["cities"], rng)
        PUBLISHED_CONTENT.changed()
        timings["cities"] = time.perf_counter() - started
        self.stdout.write(f"{created:,} city pages generated in {timings['cities']:.1f} s.")

        if options["engagements"]:
            started = time.perf_counter()
            with transaction.atomic():
                people = add_people(rng, options["contacts"], options["organisations"], options["owners"])
                counts = add_engagements(
                    rng,
                    options["engagements"],
                    focus_slug=options["focus_city"],
                    focus_count=options["focus_engagements"],
                    **people,
                )
            timings["engagements"] = time.perf_counter() - started
            self.stdout.write(
                f"{counts['engagements']:,} engagements ({counts['focus']:,} for {options['focus_city']}), "
                f"{counts['cities']:,} city links, {counts['participants']:,} participant links, "
                f"{counts['themes']:,} theme links, {counts['organisations']:,} organisation links, "
                f"{len(people['contact_ids']):,} contacts, {len(people['organisation_ids']):,} organisations "
                f"in {timings['engagements']:.1f} s."
            )

        started = time.perf_counter()
        analyse()
        timings["analyse"] = time.perf_counter() - started
        self.stdout.write(f"Tables vacuumed and analysed in {timings['analyse']:.1f} s.")
        self.stdout.write(self.style.SUCCESS(f"Benchmark data ready in {sum(timings.values()):.1f} s."))


def add_city_pages(directory, count, rng):
    """Insert `count` published city pages after the directory's last child; return how many."""
    if count <= 0:
        return 0
    directory = Page.objects.get(pk=directory.pk)
    last = directory.get_last_child()
    first_step = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
    first_number = Page.objects.filter(slug__startswith=GENERATED_PREFIX).count()
    content_type = ContentType.objects.get_for_model(CityPage)
    now = timezone.now()
    pages = []
    for offset in range(count):
        number = first_number + offset
        title = f"Ciudad Generada {number:05d}"
        slug = f"{GENERATED_PREFIX}{number:05d}"
        pages.append(
            Page(
                path=Page._get_path(directory.path, directory.depth + 1, first_step + offset),
                depth=directory.depth + 1,
                numchild=0,
                translation_key=uuid.uuid4(),
                locale_id=directory.locale_id,
                live=True,
                first_published_at=now,
                last_published_at=now,
                title=title,
                draft_title=title,
                slug=slug,
                content_type=content_type,
                url_path=f"{directory.url_path}{slug}/",
            )
        )
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
    # Django cannot bulk_create a multi-table child: insert its own table's rows directly.
    fields = CityPage._meta.local_concrete_fields
    batch = max(1, (connection.features.max_query_params or 20_000) // len(fields))
    for start in range(0, len(cities), batch):
        CityPage._base_manager._insert(cities[start : start + batch], fields=fields, using=connection.alias)
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
    return count


def add_people(rng, contact_count, organisation_count, owner_count):
    """Organisations, contacts (with an e-mail address each) and the staff users who own engagements."""
    city_ids = list(CityPage.objects.originals().values_list("pk", flat=True))
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Organización {number:05d}",
                kind=rng.choice(Organisation.Kind.values),
                country=rng.choice(COUNTRIES),
                city_id=rng.choice(city_ids),
            )
            for number in range(organisation_count)
        ],
        batch_size=2000,
    )
    organisation_ids = [organisation.pk for organisation in organisations]
    contacts = Contact.objects.bulk_create(
        [
            Contact(
                given_name=rng.choice(GIVEN_NAMES),
                family_name=f"{rng.choice(FAMILY_NAMES)} {number:05d}",
                job_title="Coordinación de ciudad del aprendizaje",
                city_id=rng.choice(city_ids),
                organisation_id=rng.choice(organisation_ids) if organisation_ids else None,
                preferred_language=rng.choice(["es", "es", "pt", "en"]),
            )
            for number in range(contact_count)
        ],
        batch_size=2000,
    )
    ContactEmail.objects.bulk_create(
        [
            ContactEmail(contact=contact, address=f"contacto{contact.pk}@example.org", sort_order=0)
            for contact in contacts
        ],
        batch_size=2000,
    )
    user_model = get_user_model()
    owners = []
    first = user_model.objects.filter(username__startswith="bench-owner-").count()
    for number in range(first, first + owner_count):
        owner = user_model(
            username=f"bench-owner-{number:02d}",
            first_name=rng.choice(GIVEN_NAMES),
            last_name=rng.choice(FAMILY_NAMES),
            email=f"owner{number}@example.org",
            is_staff=True,
        )
        owner.set_unusable_password()
        owners.append(owner)
    owners = user_model.objects.bulk_create(owners)
    return {
        "city_ids": city_ids,
        "contact_ids": [contact.pk for contact in contacts],
        "organisation_ids": organisation_ids,
        "owner_ids": [owner.pk for owner in owners],
    }


ENGAGEMENT_COLUMNS = [
    "id",
    "date",
    "kind",
    "title",
    "summary",
    "anonymous_participants",
    "owner_id",
    "outcome",
    "follow_up_date",
    "follow_up_done",
    "created_at",
]
LINKS = ("cities", "participants", "themes", "organisations")


class EngagementFactory:
    """Rows of engagements and of their links, with realistic spreads; numbered from `first_id`."""

    def __init__(self, rng, count, *, focus, focus_count, city_ids, contact_ids, organisation_ids, owner_ids):
        self.rng = rng
        self.focus = focus
        self.focus_count = min(focus_count, count)
        # The focus city's engagements are spread evenly through the whole log.
        self.focus_every = count / self.focus_count if self.focus_count else math.inf
        self.focus_made = 0
        self.others = [pk for pk in city_ids if pk != focus]
        # Busy and quiet cities: a log-normal share each, as cumulative weights.
        self.cumulative = list(itertools.accumulate(rng.lognormvariate(0, 1) for _ in self.others))
        self.contact_ids = contact_ids
        self.organisation_ids = organisation_ids
        self.owner_ids = owner_ids
        self.theme_ids = list(original_themes().values_list("pk", flat=True))
        self.today = timezone.localdate()
        self.first_day = self.today - timedelta(days=365 * YEARS_OF_HISTORY)
        self.days = (self.today - self.first_day).days
        self.now = timezone.now()

    def chunk(self, first_id, start, size):
        """Return the engagement rows numbered start…start+size-1 and their link rows by field name."""
        rng = self.rng
        rows = []
        links = {name: [] for name in LINKS}
        kinds = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()), k=size)
        primary = rng.choices(self.others, cum_weights=self.cumulative, k=size)
        for offset in range(size):
            number = start + offset
            pk = first_id + number
            kind = kinds[offset]
            date = self.first_day + timedelta(days=rng.randrange(self.days + 1))
            follow_up = None
            done = False
            if rng.random() < 0.1:
                follow_up = date + timedelta(days=rng.randint(14, 60))
                done = follow_up < self.today and rng.random() < 0.7
            owner = rng.choice(self.owner_ids) if self.owner_ids and rng.random() < 0.9 else None
            title = f"{rng.choice(TITLES[kind])} {number + 1}"
            rows.append(
                (pk, date, kind, title, rng.choice(SUMMARIES), 0, owner, "", follow_up, done, self.now)
            )

            city = primary[offset]
            if self.focus_made < self.focus_count and number >= self.focus_made * self.focus_every:
                city = self.focus
                self.focus_made += 1
            cities = {city}
            extra = rng.random()
            if extra < 0.03:  # a regional forum or webinar
                cities.update(rng.sample(self.others, rng.randint(2, 4)))
            elif extra < 0.15:
                cities.add(rng.choice(self.others))
            links["cities"].extend((pk, city_id) for city_id in cities)
            if self.contact_ids:
                people = rng.choices((0, 1, 2, 3), weights=(30, 40, 20, 10))[0]
                links["participants"].extend((pk, c) for c in rng.sample(self.contact_ids, people))
            if self.theme_ids:
                themes = rng.choices((0, 1, 2), weights=(40, 45, 15))[0]
                links["themes"].extend((pk, t) for t in rng.sample(self.theme_ids, themes))
            if self.organisation_ids and rng.random() < 0.4:
                links["organisations"].append((pk, rng.choice(self.organisation_ids)))
        return rows, links


def add_engagements(rng, count, *, focus_slug, focus_count, **people):
    """COPY `count` engagements and their links; return how many rows went into each table."""
    focus = CityPage.objects.originals().filter(slug=focus_slug).values_list("pk", flat=True).first()
    if focus is None:
        raise CommandError(f"There is no city with the slug {focus_slug!r}.")
    factory = EngagementFactory(rng, count, focus=focus, focus_count=focus_count, **people)
    engagement_table = Engagement._meta.db_table
    fields = {name: Engagement._meta.get_field(name) for name in LINKS}
    link_tables = {name: field.remote_field.through._meta.db_table for name, field in fields.items()}
    counts = dict.fromkeys(["engagements", *LINKS], 0)
    with connection.cursor() as cursor:
        cursor.execute(f'LOCK TABLE "{engagement_table}" IN EXCLUSIVE MODE')
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{engagement_table}"')
        first_id = cursor.fetchone()[0] + 1
        with indexes_dropped(cursor, [engagement_table, *link_tables.values()]):
            for start in range(0, count, CHUNK):
                rows, links = factory.chunk(first_id, start, min(CHUNK, count - start))
                copy_rows(cursor, engagement_table, ENGAGEMENT_COLUMNS, rows)
                counts["engagements"] += len(rows)
                for name, field in fields.items():
                    columns = [field.m2m_column_name(), field.m2m_reverse_name()]
                    copy_rows(cursor, link_tables[name], columns, links[name])
                    counts[name] += len(links[name])
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{engagement_table}\"', 'id'), "
            f'(SELECT MAX(id) FROM "{engagement_table}"))'
        )
    counts["focus"] = factory.focus_made
    return counts


@contextmanager
def indexes_dropped(cursor, tables):
    """Drop the tables' foreign keys, unique constraints and indexes (not their primary keys), and
    recreate them on exit: building each once is several times faster than checking and updating
    them row by row during COPY. Foreign keys are validated again when they are recreated."""
    # Rows inserted earlier in the transaction have pending foreign-key checks: run them now.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    saved_constraints = []
    saved_indexes = []
    for table in tables:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid), contype FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('f', 'u') ORDER BY contype",
            [f'"{table}"'],
        )
        saved_constraints += [(table, name, definition) for name, definition, _type in cursor.fetchall()]
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "AND tablename = %s AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
            [table, f'"{table}"'],
        )
        saved_indexes += cursor.fetchall()
    for table, name, _definition in saved_constraints:
        cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    for name, _definition in saved_indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    yield
    for _name, definition in saved_indexes:
        cursor.execute(definition)
    for table, name, definition in saved_constraints:
        cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys are initially deferred


def copy_rows(cursor, table, columns, rows):
    names = ", ".join(f'"{column}"' for column in columns)
    with cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)


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
