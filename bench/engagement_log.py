"""A large engagement log for the benchmark (bench/generate_data.py), written with PostgreSQL's COPY.

Organisations, contacts and the staff users who own engagements are bulk-created; engagements, with
their links to cities, participants, themes and organisations, are written with COPY in chunks, the
tables' indexes and constraints dropped meanwhile and rebuilt once. One city (the focus city) gets
exactly the number of engagements asked for, so that its timeline is realistically long; the others
get a skewed (log-normal) share of the rest, as busy and quiet cities do.
"""

import itertools
import math
from contextlib import contextmanager
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from cities.models import CityPage
from cities.themes import original_themes
from contacts.models import Contact, ContactEmail, Engagement, Organisation

from .city_pages import COUNTRIES

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


def add_engagements(rng, count, *, focus, focus_count, **people):
    """COPY `count` engagements and their links, `focus_count` of them for the city whose id is `focus`;
    return how many rows went into each table."""
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
