"""Fixtures shared by the suite.

The session's database holds the site's structure (home pages, directories, groups, collections,
workflow) and no city: each test makes the cities, users and CRM records it needs with the factories of
tests/factories.py, through the fixtures below or directly. Tests of the shipped list load it themselves.
"""

import functools
import io
import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.utils import translation
from wagtail.models import Site

from cities.models import CityIndexPage, CityPublishingSettings
from cities.themes import original_themes
from home.models import HomePage
from tests import factories, form_data, helpers

# Fixtures that give a test databases of its own (a site on SQLite for the browser, clones of the PostgreSQL
# template for production processes): such a test runs the same whatever DATABASE_URL names.
OWN_DATABASE_FIXTURES = {"chromium_executable", "production_template_database"}


# Modules whose tests take minutes: servers, browsers and walks of every URL. They start a parallel run
# (`make test` passes --no-loadscope-reorder), so that none of them is left running alone at its end.
LONG_MARKS = {"browser", "own_database", "long"}


def pytest_collection_modifyitems(items):
    for item in items:
        if OWN_DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.own_database)
    long_modules = {
        item.nodeid.split("::")[0]
        for item in items
        if LONG_MARKS.intersection(mark.name for mark in item.iter_markers())
    }
    items.sort(key=lambda item: item.nodeid.split("::")[0] not in long_modules)


@pytest.fixture(scope="session")
def django_db_keepdb():
    """Django finds the session's database made (below) and leaves it: this fixture drops it."""
    return True


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """The session's database is a copy of a template holding the migrated site's structure (the setup
    command without cities), built once per fingerprint of the code (tests/suite_database.py)."""
    from tests import suite_database

    database = settings.DATABASES["default"]
    test = database.setdefault("TEST", {})
    if database["ENGINE"] == "django.db.backends.postgresql":
        copy = suite_database.postgres_copy(database, test.get("NAME") or f"test_{database['NAME']}")
    else:
        copy = suite_database.sqlite_copy(f"lcn_suite_{os.getpid()}")
    with copy as name:
        test["NAME"] = name
        yield
        connections.close_all()


@pytest.fixture(autouse=True)
def english_by_default():
    """The site speaks Spanish first; tests read English unless they choose a language."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached pages and map data must not outlive a test's rolled-back transaction: every test starts
    with an empty cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client():
    """A browser that prefers English (the i18n tests send their own Accept-Language)."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def soup():
    """Parse a response's HTML."""
    return helpers.parse_html


# --- The site -----------------------------------------------------------------------------------------------


@pytest.fixture
def home(db):
    return HomePage.objects.get(locale__language_code="es")


@pytest.fixture
def directory(db):
    return CityIndexPage.objects.get(locale__language_code="es")


@pytest.fixture
def themes(db):
    """The seeded themes (in Spanish), ordered by slug."""
    return list(original_themes().order_by("slug"))


# --- Users --------------------------------------------------------------------------------------------------


@pytest.fixture
def staff_user(db):
    return factories.uil_staff()


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def english_admin(staff_user):
    """The staff user reads the admin in English (the site's default language is Spanish)."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(staff_user)
    profile.preferred_language = "en"
    profile.save()
    return staff_user


@pytest.fixture
def superuser(db):
    return factories.SuperuserFactory(username="root", email="root@example.org")


@pytest.fixture
def focal_point_a(medellin):
    """The focal point of Medellín (city A), with no other role."""
    return factories.FocalPointFactory(
        city=medellin, username="fp-medellin", first_name="Ana", last_name="Restrepo"
    )


@pytest.fixture
def focal_point_b(bogota):
    """The focal point of Bogotá (city B), with no other role."""
    return factories.FocalPointFactory(
        city=bogota, username="fp-bogota", first_name="Bruno", last_name="Gómez"
    )


# --- Roles --------------------------------------------------------------------------------------------------

ROLE_FIXTURES = {
    "focal point A": "focal_point_a",
    "focal point B": "focal_point_b",
    "UIL staff": "staff_user",
    "administrator": "admin_user",
}


@pytest.fixture
def as_role(client, request):
    """Log the test client in as one of the roles; return the user (None for anonymous)."""

    def login(role):
        if role == "anonymous":
            return None
        user = request.getfixturevalue(ROLE_FIXTURES[role])
        client.force_login(user)
        return user

    return login


@pytest.fixture
def direct_mode(db):
    """Focal points publish their changes directly (the site's default is review by UIL staff)."""
    publishing = CityPublishingSettings.for_site(Site.objects.get(is_default_site=True))
    publishing.focal_point_publishing = "direct"
    publishing.save()


# --- Cities -------------------------------------------------------------------------------------------------


@pytest.fixture
def make_city(db):
    """CityFactory called as make_city(title, country="CO", publish=True, **page fields)."""
    return lambda title, **fields: factories.CityFactory(title=title, **fields)


@pytest.fixture
def medellin(db):
    """Medellín as in factories.SAMPLE_CITIES (city A of the focal-point tests)."""
    return factories.sample_city("Medellín")


@pytest.fixture
def bogota(db):
    """Bogotá as in factories.SAMPLE_CITIES (city B of the focal-point tests)."""
    return factories.sample_city("Bogotá")


@pytest.fixture
def network(db):
    """Every city of factories.SAMPLE_CITIES, by (name, country code), made for this test unless a module
    shares them (sample_network_for_module)."""
    return factories.sample_network()


@pytest.fixture(scope="module")
def sample_network_for_module(django_db_setup, django_db_blocker):
    """The sample cities, made once for the tests of a module (a city page takes tenths of a second)."""
    with helpers.rolled_back_after_module(django_db_blocker):
        factories.sample_network()
        yield


@pytest.fixture(scope="module")
def shipped_cities_for_module(django_db_setup, django_db_blocker):
    """The shipped Learning Cities, loaded once for the tests of a module about the shipped list."""
    with helpers.rolled_back_after_module(django_db_blocker):
        call_command("load_learning_cities", stdout=io.StringIO())
        yield


@pytest.fixture
def city_named(db):
    """Find a city page by its name (and country code, for names used in several countries)."""
    return factories.find_city


@pytest.fixture
def publish_with_themes(db):
    return factories.publish_with_themes


@pytest.fixture
def city_edit_data():
    """What the admin's edit form posts for a city page (tests/form_data.py)."""
    return form_data.city_edit_data


# --- The shipped list and its loader ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def shipped_rows():
    """The shipped CSV parsed independently of the loader, one dict per row, with its line number."""
    return helpers.read_cities_csv(settings.LEARNING_CITIES_CSV)


@pytest.fixture
def write_csv(tmp_path, shipped_rows):
    """Write rows (dicts with the shipped file's columns) to a CSV file and return its path."""
    columns = [column for column in shipped_rows[0] if column != "_line"]
    return functools.partial(helpers.write_cities_csv, tmp_path, columns)


@pytest.fixture
def run_loader():
    """Run `load_learning_cities` (tests/helpers.py)."""
    return helpers.run_loader


# --- CRM ----------------------------------------------------------------------------------------------------


@pytest.fixture
def contact_factory(db):
    """ContactFactory called as contact_factory(given_name, family_name="", **fields)."""
    return lambda given_name, family_name="", **fields: factories.ContactFactory(
        given_name=given_name, family_name=family_name, **fields
    )


@pytest.fixture
def engagement_factory(db):
    """EngagementFactory called as engagement_factory(title, cities=(), **fields)."""
    return lambda title, cities=(), **fields: factories.EngagementFactory(
        title=title, cities=cities, **fields
    )


@pytest.fixture
def contact_form_data():
    return form_data.contact_form_data


@pytest.fixture
def engagement_form_data():
    return form_data.engagement_form_data


@pytest.fixture
def assert_refused():
    """Check that the admin refused a request (tests/helpers.py)."""
    return helpers.assert_refused


# --- Production processes -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def production_template_database():
    """The migrated and set-up PostgreSQL database that production processes' databases are cloned from
    (tests/template_database.py). Skips when PostgreSQL or Redis is unreachable, except on CI."""
    from tests import services, template_database

    services.require_services()
    return template_database.template_database()


@pytest.fixture(scope="session")
def production_static_root(tmp_path_factory):
    """The static files collected as `make production` collects them (hashed names, compressed)."""
    from tests import template_database

    return template_database.collect_static(tmp_path_factory.mktemp("production-static"))
