"""`manage.py load_demo_engagements`: an invented, clearly marked engagement log for a first look at the
site, added once, never with production settings unless forced, and giving nobody any access."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from cities.models import CityPage
from contacts.demo import DEMO_MARK, DEMO_NOTE
from contacts.models import CityRole, Contact, ContactEmail, Engagement, Organisation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_network_for_module")]

DEMO_CITIES = {"Medellín", "Bogotá", "Puebla", "Mérida", "Curitiba", "Recife"}


def load(*args):
    output = io.StringIO()
    with override_settings(DEBUG=True):
        call_command("load_demo_engagements", *args, stdout=output)
    return output.getvalue()


def counts():
    return (Organisation.objects.count(), Contact.objects.count(), Engagement.objects.count())


def test_the_demo_log_has_organisations_contacts_roles_and_engagements_in_six_cities(staff_user):
    output = load("--owner", staff_user.username)
    assert "9 organisations, 15 contacts and 25 engagements added" in output
    assert set(Organisation.objects.values_list("city__title", flat=True)) == DEMO_CITIES
    engaged_cities = set(Engagement.objects.values_list("cities__title", flat=True))
    assert engaged_cities == DEMO_CITIES
    assert set(Engagement.objects.values_list("kind", flat=True)) >= {"meeting", "workshop", "forum", "email"}
    assert Engagement.objects.filter(themes__isnull=False).distinct().count() >= 15
    roles = set(CityRole.objects.values_list("role", flat=True))
    assert {CityRole.Role.MAYOR, CityRole.Role.FOCAL_POINT} <= roles
    assert set(Engagement.objects.values_list("owner__username", flat=True)) == {staff_user.username}


def test_running_it_again_adds_nothing(staff_user):
    load("--owner", staff_user.username)
    before = (*counts(), CityRole.objects.count(), ContactEmail.objects.count())
    output = load("--owner", staff_user.username)
    assert "0 organisations, 0 contacts and 0 engagements added" in output
    assert (*counts(), CityRole.objects.count(), ContactEmail.objects.count()) == before


def test_every_record_says_it_is_a_demo():
    load()
    assert all(name.endswith(DEMO_MARK) for name in Organisation.objects.values_list("name", flat=True))
    assert all(notes.startswith(DEMO_NOTE) for notes in Contact.objects.values_list("notes", flat=True))
    assert all(
        address.startswith("demo.") and address.endswith("@example.org")
        for address in ContactEmail.objects.values_list("address", flat=True)
    )
    for title, summary in Engagement.objects.values_list("title", "summary"):
        assert title.endswith(DEMO_MARK)
        assert summary.startswith(DEMO_NOTE)


@pytest.mark.parametrize(
    "debug, settings_module",
    [(False, "network.settings.dev"), (True, "network.settings.production")],
    ids=["debug-off", "production-module"],
)
def test_production_settings_are_refused_without_force(monkeypatch, debug, settings_module):
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", settings_module)
    with override_settings(DEBUG=debug), pytest.raises(CommandError, match="--force"):
        call_command("load_demo_engagements", stdout=io.StringIO())
    assert counts() == (0, 0, 0)
    with override_settings(DEBUG=debug):
        call_command("load_demo_engagements", "--force", stdout=io.StringIO())
    assert Engagement.objects.count() == 25


def test_an_unknown_owner_is_refused_and_nothing_is_added():
    with pytest.raises(CommandError, match="nobody-here"):
        load("--owner", "nobody-here")
    assert counts() == (0, 0, 0)


def test_it_creates_no_account_and_grants_no_access(django_user_model):
    # An account that happens to use a demo focal point's address must not become that city's focal point.
    lookalike = django_user_model.objects.create_user(
        username="lookalike", email="demo.lucia.arango.velez@example.org", password="pw"
    )
    users, groups = django_user_model.objects.count(), Group.objects.count()
    page_permissions = GroupPagePermission.objects.count()
    collection_permissions = GroupCollectionPermission.objects.count()
    load()
    assert get_user_model().objects.count() == users
    assert Group.objects.count() == groups
    assert GroupPagePermission.objects.count() == page_permissions
    assert GroupCollectionPermission.objects.count() == collection_permissions
    assert list(lookalike.groups.all()) == []
    assert not ContactEmail.objects.filter(address__iexact=lookalike.email).exists()


def test_cities_missing_from_the_site_are_left_out(monkeypatch):
    monkeypatch.setattr("contacts.demo.CITIES", {"medellin": ("Medellín", "CO"), "lima": ("Lima", "PE")})
    output = load()
    assert "Lima" in output
    assert set(Engagement.objects.values_list("cities__title", flat=True)) == {"Medellín"}
    assert set(Contact.objects.values_list("city__title", flat=True)) == {"Medellín"}


def panel_items(soup, response, heading_id):
    section = soup(response).find(id=heading_id).find_parent("section")
    return section.find(id=heading_id).get_text(" ", strip=True), [
        item.get_text(" ", strip=True) for item in section.select("li")
    ]


@pytest.mark.usefixtures("english_admin")
def test_the_staff_dashboard_then_shows_demo_engagements_and_follow_ups(staff_client, staff_user, soup):
    load("--owner", staff_user.username)
    response = staff_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    _heading, recent = panel_items(soup, response, "recent-engagements-heading")
    assert recent and all(DEMO_MARK in item for item in recent)
    heading, follow_ups = panel_items(soup, response, "follow-ups-heading")
    assert "(6)" in heading
    assert sum("overdue" in item for item in follow_ups) == 3
    heading, quiet = panel_items(soup, response, "quiet-cities-heading")
    # Five demo cities had an engagement in the last 180 days; Recife's last one is older.
    published = CityPage.objects.originals().live().public().count()
    assert heading.startswith(f"{published - 5} cities without an engagement")
    assert not any("Medellín" in item for item in quiet)


def test_a_demo_city_timeline_shows_its_engagements(staff_client, soup):
    load()
    medellin = Engagement.objects.filter(cities__title="Medellín").first().cities.get(title="Medellín")
    response = staff_client.get(reverse("contacts_timeline:city", args=[medellin.pk]))
    assert response.status_code == 200
    entries = [item.get_text(" ", strip=True) for item in soup(response).select("li.city-timeline__entry")]
    assert sum(DEMO_MARK in entry for entry in entries) == Engagement.objects.filter(cities=medellin).count()


def test_benchmark_data_is_generated_on_sqlite_too(capsys):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's path (COPY, VACUUM outside a transaction) is what `make bench` runs")
    from bench.generate_data import main as generate_benchmark_data

    generate_benchmark_data(
        ["--cities", "5", "--engagements", "300", "--contacts", "20", "--organisations", "4"]
        + ["--owners", "2", "--focus-engagements", "40"]
    )
    assert "300 engagements (40 for medellin)" in capsys.readouterr().out
    assert CityPage.objects.live().filter(slug__startswith="ciudad-generada-").count() == 5
    assert Engagement.objects.count() == 300
    assert Engagement.objects.filter(cities__slug="medellin").count() == 40
    assert Contact.objects.count() == 20
    assert set(Engagement.objects.exclude(owner=None).values_list("owner__username", flat=True)) <= {
        "bench-owner-00",
        "bench-owner-01",
    }
