"""Factories for the data tests make: users, city pages, themes, CRM records and events.

City pages are made as the admin and the shipped-list loader make them: a child of the Spanish city
directory, published through a revision, with untranslated copies (aliases) in the other languages;
saving the page gives the city its focal-point group and media collection (cities.signals).
`SAMPLE_CITIES` is a small network of real Learning Cities for the tests of the public site.
"""

from datetime import timedelta

import factory
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory
from wagtail.models import Locale

from cities.models import CityIndexPage, CityPage, Theme
from cities.permissions import STAFF_GROUP_NAME
from contacts.models import CityRole, Contact, ContactEmail, ContactPhone, Engagement, Organisation
from events.models import EventIndexPage, EventPage
from knowledge.models import ResourceFullText, ResourceIndexPage, ResourcePage
from network.search_indexing import create_indexed_aliases
from practices.models import PracticePage

# --- Users --------------------------------------------------------------------------------------------------


class UserFactory(DjangoModelFactory):
    """A user with no role; the password is "pw"."""

    class Meta:
        model = settings.AUTH_USER_MODEL
        skip_postgeneration_save = True

    username = factory.Sequence(lambda number: f"user-{number}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("pw")


class StaffFactory(UserFactory):
    """A member of UIL staff: edits every city and keeps the CRM."""

    username = factory.Sequence(lambda number: f"staff-{number}")

    @factory.post_generation
    def staff_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name=STAFF_GROUP_NAME))


def uil_staff():
    """The member of UIL staff of the `staff_user` fixture (tests/conftest.py), for data a module shares."""
    return StaffFactory(username="uil-staff", email="staff@example.org")


class SuperuserFactory(UserFactory):
    username = factory.Sequence(lambda number: f"admin-{number}")
    is_staff = True
    is_superuser = True


class FocalPointFactory(UserFactory):
    """The focal point of `city` (a city page), with no other role."""

    username = factory.Sequence(lambda number: f"focal-point-{number}")

    @factory.post_generation
    def city(self, create, extracted, **kwargs):
        if extracted is None:
            raise TypeError("FocalPointFactory needs city=<a city page>")
        if create:
            self.groups.add(extracted.access.group)


# --- Cities and themes --------------------------------------------------------------------------------------


def spanish_directory():
    """The site's directory in Spanish (a test may add another: the first one made)."""
    return CityIndexPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).order_by("path").first()


class CityFactory(factory.Factory):
    """A city page under the directory, published unless publish=False (then never published).

    Other keyword arguments are page fields (themes included); unless given, Wagtail makes the slug from
    the title.
    """

    class Meta:
        model = CityPage

    title = factory.Sequence(lambda number: f"Ciudad {number}")
    country = "CO"
    publish = True

    @classmethod
    def _build(cls, model_class, *args, publish=True, **fields):
        return model_class(**fields)

    @classmethod
    def _create(cls, model_class, *args, publish=True, **fields):
        page = model_class(**fields)
        spanish_directory().add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
        else:
            page.live = False
            page.save(update_fields=["live"])
        page.refresh_from_db()
        create_indexed_aliases(page)
        return page


class ThemeFactory(DjangoModelFactory):
    """A theme in the default language (the seeded themes come with the database)."""

    class Meta:
        model = Theme

    name = factory.Sequence(lambda number: f"Tema {number}")
    slug = factory.Sequence(lambda number: f"tema-{number}")
    locale = factory.LazyFunction(Locale.get_default)


def publish_with_themes(page, *themes):
    """Give a city page these themes and publish the change, as an editor would."""
    page = CityPage.objects.get(pk=page.pk)
    page.themes = list(themes)
    page.save_revision().publish()
    return CityPage.objects.get(pk=page.pk)


def find_city(title, country=None):
    """The city page (the original) with this name, and this country code for names used in several."""
    cities = CityPage.objects.originals().filter(title=title)
    if country:
        cities = cities.filter(country=country)
    return cities.get()


# Real Learning Cities (values of the shipped list) covering what the public site must handle: several
# countries and years, a region with several cities (Antioquia), one name in two countries (La Paz), a city
# without coordinates (La Matanza) and cities without a year of joining (Envigado, La Estrella).
SAMPLE_COLUMNS = (
    "title",
    "country",
    "region",
    "year_joined",
    "latitude",
    "longitude",
    "population",
    "geonames_id",
)
SAMPLE_CITIES = [
    dict(zip(SAMPLE_COLUMNS, values, strict=True))
    for values in [
        ("Medellín", "CO", "Antioquia", 2017, 6.245, -75.57151, 1999979, 3674962),
        ("Envigado", "CO", "Antioquia", None, 6.17591, -75.59174, 163007, 3682631),
        ("La Estrella", "CO", "Antioquia", None, 6.15769, -75.64317, 49386, 3679065),
        ("Rionegro", "CO", "Antioquia", 2020, 6.15515, -75.37371, 128153, 3670730),
        ("Bogotá", "CO", "Bogotá D.C.", 2019, 4.60971, -74.08175, 7674366, 3688689),
        ("Cali", "CO", "Valle del Cauca", 2018, 3.43054, -76.5199, 2392877, 3687925),
        ("Quibdó", "CO", "Chocó", 2020, 5.69188, -76.65835, 129237, 3671116),
        ("São Paulo", "BR", "São Paulo", 2016, -23.5475, -46.63611, 12400232, 3448439),
        ("Recife", "BR", "Pernambuco", 2024, -8.05389, -34.88111, 1653461, 3390760),
        ("Jaboatão dos Guararapes", "BR", "Pernambuco", 2016, -8.11278, -35.01472, 644037, 6317344),
        ("Curitiba", "BR", "Paraná", 2024, -25.42778, -49.27306, 1948626, 3464975),
        ("Puebla", "MX", "Puebla", 2020, 19.04778, -98.20723, 1692181, 3521081),
        ("Mérida", "MX", "Yucatán", 2024, 20.967, -89.62318, 1201000, 3523349),
        ("La Paz", "MX", "Baja California Sur", 2024, 24.14231, -110.31316, 250141, 4000900),
        ("La Paz", "AR", "Mendoza", 2024, -33.4617, -67.55228, 9559, 3849516),
        ("La Matanza", "AR", "Buenos Aires", 2020, None, None, None, None),
        ("José C. Paz", "AR", "Buenos Aires", 2020, -34.51541, -58.76813, 230208, 12076997),
    ]
]
# The slugs of names found in several countries carry the country code, as the loader makes them.
SHARED_NAMES = {"La Paz"}


def sample_city(title, country=None):
    """The sample city with this name (and country), made on first use."""
    (values,) = [row for row in SAMPLE_CITIES if row["title"] == title and country in (None, row["country"])]
    existing = CityPage.objects.originals().filter(title=title, country=values["country"]).first()
    if existing is not None:
        return existing
    slug = {"slug": f"{slugify(title)}-{values['country'].lower()}"} if title in SHARED_NAMES else {}
    return CityFactory(**values, **slug)


def sample_network():
    """Every sample city, by (name, country code)."""
    return {
        (row["title"], row["country"]): sample_city(row["title"], row["country"]) for row in SAMPLE_CITIES
    }


# --- CRM ----------------------------------------------------------------------------------------------------


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda number: f"Organización {number}")
    kind = Organisation.Kind.OTHER


class ContactFactory(DjangoModelFactory):
    """A contact with e-mail addresses, phones (numbers, or dicts of number and label) and city roles
    (dicts of CityRole fields), saved together as the admin's form saves them."""

    class Meta:
        model = Contact

    given_name = factory.Sequence(lambda number: f"Persona {number}")
    family_name = ""
    emails = ()
    phones = ()
    roles = ()

    @classmethod
    def _create(cls, model_class, *args, emails=(), phones=(), roles=(), **fields):
        contact = model_class(**fields)
        contact.emails = [ContactEmail(address=address) for address in emails]
        contact.phones = [
            ContactPhone(number=phone) if isinstance(phone, str) else ContactPhone(**phone)
            for phone in phones
        ]
        contact.roles = [CityRole(**role) for role in roles]
        contact.save()
        return contact


class EngagementFactory(DjangoModelFactory):
    """An engagement with its cities, participants, themes and organisations.

    Many-to-many values of a ClusterableModel reach the database only when it is saved afterwards.
    """

    class Meta:
        model = Engagement

    title = factory.Sequence(lambda number: f"Reunión {number}")
    kind = Engagement.Kind.MEETING
    date = factory.LazyFunction(timezone.localdate)
    cities = ()
    participants = ()
    themes = ()
    organisations = ()

    @classmethod
    def _create(cls, model_class, *args, cities=(), participants=(), themes=(), organisations=(), **fields):
        engagement = model_class(**fields)
        engagement.cities = list(cities)
        engagement.participants = list(participants)
        engagement.themes = list(themes)
        engagement.organisations = list(organisations)
        engagement.save()
        return engagement


class EventFactory(factory.Factory):
    """A published event under the Spanish events index, a month from now unless told otherwise.

    Keyword arguments are page fields (`cities`, `themes` included); `publish=False` keeps it a draft.
    """

    class Meta:
        model = EventPage

    title = factory.Sequence(lambda number: f"Taller {number}")
    kind = EventPage.Kind.WORKSHOP
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + timedelta(hours=3))
    time_zone = "America/Bogota"
    languages = "es"
    registration = EventPage.Registration.OPEN

    @classmethod
    def _create(cls, model_class, *args, publish=True, **fields):
        page = model_class(**fields)
        EventIndexPage.objects.get(locale__language_code=settings.LANGUAGE_CODE).add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
        else:
            page.live = False
            page.save(update_fields=["live"])
        page = EventPage.objects.get(pk=page.pk)
        create_indexed_aliases(page)
        return page


class ResourceFactory(factory.Factory):
    """A published library item under the Spanish library, readable in the `languages` given (links).

    Other keyword arguments are page fields (`themes`, `cities`, `events` included); `publish=False`
    keeps it a draft.
    """

    class Meta:
        model = ResourcePage

    title = factory.Sequence(lambda number: f"Guía de ciudades del aprendizaje {number}")
    kind = ResourcePage.Kind.GUIDE
    abstract = "Una guía para planificar una ciudad del aprendizaje."
    publisher = "Instituto de la UNESCO para el Aprendizaje a lo Largo de Toda la Vida"
    year = 2020

    @classmethod
    def _create(cls, model_class, *args, publish=True, languages=("es",), **fields):
        relations = {name: fields.pop(name) for name in ("themes", "cities", "events") if name in fields}
        page = model_class(**fields)
        page.full_texts = [
            ResourceFullText(
                language=code, url=f"https://example.org/{page.title}/{code}.pdf", sort_order=order
            )
            for order, code in enumerate(languages)
        ]
        for name, values in relations.items():
            getattr(page, name).set(values)
        ResourceIndexPage.objects.get(locale__language_code=settings.LANGUAGE_CODE).add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
        else:
            page.live = False
            page.save(update_fields=["live"])
        page = ResourcePage.objects.get(pk=page.pk)
        create_indexed_aliases(page)
        return page


class PracticeFactory(factory.Factory):
    """A good practice published under `city` (a city page in the default language).

    Other keyword arguments are page fields (`themes` included); `publish=False` keeps it a draft.
    """

    class Meta:
        model = PracticePage

    title = factory.Sequence(lambda number: f"Práctica {number}")
    summary = "Un programa municipal de aprendizaje a lo largo de toda la vida."
    problem = "<p>Pocas personas adultas volvían a estudiar.</p>"
    actions = "<p>La ciudad abrió aulas en bibliotecas de barrio.</p>"
    start_year = 2020
    key_features_area = "building_blocks"

    @classmethod
    def _create(cls, model_class, *args, city, publish=True, **fields):
        themes = fields.pop("themes", None)
        page = model_class(**fields)
        if themes is not None:
            page.themes.set(themes)
        city.add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
        else:
            page.live = False
            page.save(update_fields=["live"])
        page = PracticePage.objects.get(pk=page.pk)
        create_indexed_aliases(page)
        return page
