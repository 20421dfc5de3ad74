import csv
import io
import re

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import translation
from wagtail_localize.synctree import create_aliases_for_new_page

from cities.models import CityIndexPage, CityPage
from cities.permissions import STAFF_GROUP_NAME
from cities.themes import original_themes
from home.models import HomePage


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Build the site once per test session, as the setup command does, with the shipped cities."""
    with django_db_blocker.unblock():
        call_command("setup_network", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture(autouse=True)
def english_by_default():
    """The site speaks Spanish first; tests read English unless they choose a language."""
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    """A browser that prefers English (the i18n tests send their own Accept-Language)."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached pages and map data must not outlive a test's rolled-back transaction."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(db):
    return HomePage.objects.get(locale__language_code="es")


@pytest.fixture
def directory(db):
    return CityIndexPage.objects.get(locale__language_code="es")


@pytest.fixture
def staff_user(db, django_user_model):
    user = django_user_model.objects.create_user(
        username="uil-staff", email="staff@example.org", password="pw"
    )
    user.groups.add(Group.objects.get(name=STAFF_GROUP_NAME))
    return user


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def make_city(directory):
    """Create and publish a city page under the directory."""

    def make(title, country="CO", publish=True, **fields):
        page = CityPage(title=title, country=country, **fields)
        directory.add_child(instance=page)
        revision = page.save_revision()
        if publish:
            revision.publish()
        else:
            page.live = False
            page.save(update_fields=["live"])
        page.refresh_from_db()
        create_aliases_for_new_page(page)
        return page

    return make


# --- Shared helpers for the issue 2 suite -------------------------------------------------------

SUMMARY_PATTERN = re.compile(r"created (\d+), updated (\d+), unchanged (\d+)")


@pytest.fixture(scope="session")
def shipped_rows():
    """The shipped CSV parsed independently of the loader, one dict per row, with its line number."""
    with open(settings.LEARNING_CITIES_CSV, encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        rows = []
        for row in reader:
            rows.append({**row, "_line": reader.line_num})
    return rows


@pytest.fixture
def write_csv(tmp_path, shipped_rows):
    """Write rows (dicts with the shipped file's columns) to a CSV file and return its path."""

    def write(rows, name="cities.csv"):
        columns = [column for column in shipped_rows[0] if column != "_line"]
        path = tmp_path / name
        with path.open("w", encoding="utf-8", newline="") as file:
            writer = csv.DictWriter(file, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
        return path

    return write


@pytest.fixture
def run_loader():
    """Run `load_learning_cities` with these arguments.

    Return (stdout, stderr, (created, updated, unchanged) or None); with rejected=True the command
    must fail, and the third item is the CommandError.
    """

    def run(*args, rejected=False):
        stdout, stderr = io.StringIO(), io.StringIO()
        arguments = [str(arg) for arg in args]
        if rejected:
            with pytest.raises(CommandError) as error:
                call_command("load_learning_cities", *arguments, stdout=stdout, stderr=stderr)
            return stdout.getvalue(), stderr.getvalue(), error.value
        call_command("load_learning_cities", *arguments, stdout=stdout, stderr=stderr)
        out = stdout.getvalue()
        match = SUMMARY_PATTERN.search(out)
        counts = tuple(int(number) for number in match.groups()) if match else None
        return out, stderr.getvalue(), counts

    return run


@pytest.fixture
def themes(db):
    return list(original_themes().order_by("slug"))


@pytest.fixture
def publish_with_themes():
    """Give a city page these themes and publish the change, as an editor would."""

    def publish(page, *themes):
        page = CityPage.objects.get(pk=page.pk)
        page.themes = list(themes)
        page.save_revision().publish()
        return CityPage.objects.get(pk=page.pk)

    return publish


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser(
        username="root", email="root@example.org", password="pw"
    )


@pytest.fixture
def soup():
    """Parse a response's HTML."""

    def parse(response):
        return BeautifulSoup(response.content.decode(), "html.parser")

    return parse


@pytest.fixture
def city_named(db):
    """Fetch a city page by its name (and country code, for names used in several countries)."""

    def get(title, country=None):
        cities = CityPage.objects.originals().filter(title=title)
        if country:
            cities = cities.filter(country=country)
        return cities.get()

    return get


# --- Shared fixtures for the issue 4 suite (focal points) ----------------------------------------


def _focal_point(django_user_model, city, username, first_name, last_name):
    user = django_user_model.objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password="pw",
        first_name=first_name,
        last_name=last_name,
    )
    user.groups.add(city.access.group)
    return user


@pytest.fixture
def medellin(city_named):
    return city_named("Medellín")


@pytest.fixture
def bogota(city_named):
    return city_named("Bogotá")


@pytest.fixture
def focal_point_a(django_user_model, medellin):
    """The focal point of Medellín (city A), with no other role."""
    return _focal_point(django_user_model, medellin, "fp-medellin", "Ana", "Restrepo")


@pytest.fixture
def focal_point_b(django_user_model, bogota):
    """The focal point of Bogotá (city B), with no other role."""
    return _focal_point(django_user_model, bogota, "fp-bogota", "Bruno", "Gómez")


@pytest.fixture
def city_edit_data():
    """What the admin's edit form posts for a city page, with some values changed.

    Add an action such as {"action-publish": "action-publish"} or {"action-submit": "action-submit"}.
    """
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    def blank(value):
        return "" if value is None else value

    def build(page, **changes):
        page = CityPage.objects.get(pk=page.pk)
        values = {
            "title": page.title,
            "slug": page.slug,
            "country": page.country.code,
            "region": page.region,
            "latitude": blank(page.latitude),
            "longitude": blank(page.longitude),
            "population": blank(page.population),
            "population_year": blank(page.population_year),
            "summary": page.summary,
            "hero_image": blank(page.hero_image_id),
            "body": streamfield([]),
            "mayor_name": page.mayor_name,
            "mayor_title": page.mayor_title,
            "mayor_term_start": blank(page.mayor_term_start),
            "mayor_term_end": blank(page.mayor_term_end),
            "website": page.website,
            "links": inline_formset([]),
            "year_joined": blank(page.year_joined),
            "membership_status": page.membership_status,
            "awards": page.awards,
            "membership_sources": page.membership_sources,
            "geonames_id": blank(page.geonames_id),
            "seo_title": page.seo_title,
            "search_description": page.search_description,
            "go_live_at": "",
            "expire_at": "",
        }
        values.update(changes)
        return nested_form_data(values)

    return build


# --- Shared fixtures for the issue 5 suite (engagement log) --------------------------------------


@pytest.fixture
def engagement_factory(db):
    """Create an engagement with its cities, participants, themes and organisations saved.

    Many-to-many values of a ClusterableModel reach the database only when it is saved afterwards.
    """
    from django.utils import timezone

    from contacts.models import Engagement

    def make(
        title, cities=(), date=None, kind="meeting", participants=(), themes=(), organisations=(), **fields
    ):
        engagement = Engagement(title=title, kind=kind, date=date or timezone.localdate(), **fields)
        engagement.cities = list(cities)
        engagement.participants = list(participants)
        engagement.themes = list(themes)
        engagement.organisations = list(organisations)
        engagement.save()
        return engagement

    return make


@pytest.fixture
def contact_factory(db):
    """Create a contact with e-mail addresses, phones (numbers or dicts of number/label) and city roles
    (dicts of CityRole fields), saved together as the admin form does."""
    from contacts.models import CityRole, Contact, ContactEmail, ContactPhone

    def make(given_name, family_name="", emails=(), phones=(), roles=(), **fields):
        contact = Contact(given_name=given_name, family_name=family_name, **fields)
        contact.emails = [ContactEmail(address=address) for address in emails]
        contact.phones = [
            ContactPhone(number=phone) if isinstance(phone, str) else ContactPhone(**phone)
            for phone in phones
        ]
        contact.roles = [CityRole(**role) for role in roles]
        contact.save()
        return contact

    return make


@pytest.fixture
def contact_form_data():
    """What the admin's contact form posts. emails: addresses; phones: dicts of number/label;
    roles: dicts of city (page id), role, start_date, end_date. Existing children carry their "id";
    pass initial counts to edit."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    def build(given_name, family_name="", emails=(), phones=(), roles=(), initial=None, **fields):
        initial = initial or {}
        values = {
            "honorific": "",
            "given_name": given_name,
            "family_name": family_name,
            "job_title": "",
            "organisation": "",
            "city": "",
            "preferred_language": "es",
            "notes": "",
            "consent_basis": "",
            "consent_date": "",
            "consent_source": "",
            "emails": inline_formset(
                [email if isinstance(email, dict) else {"address": email} for email in emails],
                initial=initial.get("emails", 0),
            ),
            "phones": inline_formset(list(phones), initial=initial.get("phones", 0)),
            "roles": inline_formset(
                [{"start_date": "", "end_date": "", **role} for role in roles],
                initial=initial.get("roles", 0),
            ),
        }
        values.update(fields)
        return nested_form_data(values)

    return build


@pytest.fixture
def english_admin(staff_user):
    """The staff user reads the admin in English (the site's default language is Spanish)."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(staff_user)
    profile.preferred_language = "en"
    profile.save()
    return staff_user


@pytest.fixture
def assert_refused():
    """Check that the admin refused a request: HTTP 403, the login page for visitors, or the dashboard
    with Wagtail's permission-denied error message."""
    from django.contrib.messages import get_messages
    from django.urls import reverse

    def check(response):
        if response.status_code == 403:
            return
        assert response.status_code == 302, f"expected a refusal, got HTTP {response.status_code}"
        location = response["Location"]
        if location.startswith(reverse("wagtailadmin_login")):
            return
        assert location == reverse("wagtailadmin_home"), f"redirected to {location}, not refused"
        errors = [m for m in get_messages(response.wsgi_request) if m.level_tag == "error"]
        assert errors, "redirected to the dashboard without a permission-denied message"

    return check


@pytest.fixture
def engagement_form_data():
    """What the admin's engagement form posts (add and edit): cities, participants and themes are model
    instances, the other fields form values."""
    from django.utils import timezone
    from wagtail.test.utils.form_data import nested_form_data

    def build(cities=(), participants=(), themes=(), **changes):
        values = {
            "date": timezone.localdate().isoformat(),
            "kind": "workshop",
            "title": "Taller de ciudades del aprendizaje",
            "owner": "",
            "summary": "",
            "outcome": "",
            "follow_up_date": "",
        }
        values.update(changes)
        data = nested_form_data(values)
        # Multiple choices are posted as repeated keys (nested_form_data would number them).
        data.update(
            {
                "cities": [city.pk for city in cities],
                "organisations": [],
                "participants": [contact.pk for contact in participants],
                "themes": [theme.pk for theme in themes],
                "documents": [],
            }
        )
        return data

    return build


# --- Shared fixtures for the issue 7 suite (production processes) --------------------------------------


@pytest.fixture(scope="session")
def production_template_database():
    """The migrated and set-up PostgreSQL database that production processes' databases are cloned from
    (tests/production_server.py). Skips when PostgreSQL or Redis is unreachable, except on CI."""
    from tests import production_server

    production_server.require_services()
    return production_server.template_database()


@pytest.fixture(scope="session")
def production_static_root(tmp_path_factory):
    """The static files collected as `make production` collects them (hashed names, compressed)."""
    from tests import production_server

    return production_server.collect_static(tmp_path_factory.mktemp("production-static"))
