"""`manage.py setup_network [--demo-accounts]`: safe to run again; demo accounts shown once."""

import io
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page, Revision, Site

from cities.models import CityIndexPage, CityPage, Theme
from cities.permissions import STAFF_GROUP_NAME
from events.models import EventPage
from events.seed import FORUMS
from home.models import HomePage
from knowledge.models import ResourcePage
from knowledge.seed import ITEMS
from progress.models import Cycle, Question

pytestmark = [pytest.mark.django_db, pytest.mark.long, pytest.mark.usefixtures("shipped_cities_for_module")]

DEMO_USERNAMES = ("admin", "staff")


@pytest.fixture(autouse=True)
def no_demo_passwords_in_environment(monkeypatch):
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)
    monkeypatch.delenv("DEMO_STAFF_PASSWORD", raising=False)


def setup_network(*args):
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("setup_network", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue()


def words(text):
    """Every word-like token of the output, with quotes and punctuation around it removed."""
    return {token.strip("'\"(),.;:") for token in text.split()}


def passwords_shown(output, user):
    return [token for token in words(output) if token and user.check_password(token)]


def state():
    return {
        "home pages": HomePage.objects.count(),
        "directories": CityIndexPage.objects.count(),
        "sites": Site.objects.count(),
        "pages": Page.objects.count(),
        "cities": CityPage.objects.originals().count(),
        "revisions": Revision.objects.count(),
        "themes": Theme.objects.count(),
        "staff groups": Group.objects.filter(name=STAFF_GROUP_NAME).count(),
        "staff page permissions": GroupPagePermission.objects.filter(group__name=STAFF_GROUP_NAME).count(),
        "staff permissions": Group.objects.get(name=STAFF_GROUP_NAME).permissions.count(),
        "users": get_user_model().objects.count(),
        "events": EventPage.objects.count(),
        "framework questions": Question.objects.count(),
        "cycles": Cycle.objects.count(),
    }


def test_running_setup_again_duplicates_nothing(shipped_rows):
    setup_network()
    before = state()
    assert before["sites"] == before["staff groups"] == 1
    languages = len(settings.LANGUAGES)
    assert before["home pages"] == before["directories"] == languages, "one of each per language"
    assert before["cities"] == len(shipped_rows)
    assert before["framework questions"] > 0 and before["cycles"] == 1
    setup_network()
    assert state() == before


def test_the_past_regional_forums_come_with_their_sources(client):
    setup_network()
    forums = EventPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE, kind=EventPage.Kind.FORUM)
    assert forums.count() == len(FORUMS) == 2
    for forum in forums:
        assert forum.live and forum.is_past and forum.all_day
        assert forum.registration == EventPage.Registration.CLOSED
        assert len(forum.sources) >= 2 and all(
            block.value["url"].startswith("https://") for block in forum.sources
        )
        assert forum.host_city is not None, "the host is a Learning City of the shipped list"
    queretaro = forums.get(slug="encuentro-regional-queretaro-2023")
    assert (queretaro.host_city.title, queretaro.starts_at.astimezone(queretaro.zone).date().isoformat()) == (
        "Querétaro",
        "2023-02-22",
    )
    page = client.get(queretaro.url).content.decode()
    assert "uil.unesco.org/event/regional-meeting-unesco-learning-cities-latin-america" in page
    assert "22" in page and "2023" in page
    before = state()
    setup_network()
    assert state() == before, "running setup again adds no forum twice"


def test_the_library_starts_with_uil_publications_and_their_sources(client):
    setup_network()
    items = ResourcePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE, live=True)
    assert items.count() == len(ITEMS) >= 3
    for item in items:
        links = [text.url for text in item.full_texts.all()]
        assert links and all(link.startswith(("https://", "http://")) for link in links)
        assert len(item.sources) >= 2, "each item names where its facts come from"
        assert "es" in [text.language for text in item.full_texts.all()], "each is offered in Spanish"
    report = items.get(isbn="978-92-820-1184-3")
    page = client.get(report.url).content.decode()
    assert "Yang, J., &amp; Valdés-Cotera, R. (2014)." in page
    case_studies = items.get(slug="liberar-el-potencial-de-las-comunidades-urbanas")
    assert sorted(case_studies.cities.values_list("title", flat=True)) == [
        "Ciudad de México",
        "Sorocaba",
        "Ybycuí",
    ]
    library = client.get("/resources/?language=es").content.decode()
    assert all(item.title in library for item in items)
    before = state()
    setup_network()
    assert state() == before, "running setup again adds no item twice"


def test_the_site_serves_the_home_page_and_directory(home, directory):
    site = Site.objects.get()
    assert site.is_default_site
    assert site.root_page_id == home.pk
    assert directory.get_parent().pk == home.pk
    assert directory.url == "/cities/"
    others = Page.objects.filter(depth=2).exclude(translation_key=home.translation_key)
    assert not others.exists(), "no Wagtail welcome page left"


def test_setup_again_keeps_what_staff_changed_in_the_admin(city_named):
    """Staff complete the shipped data in the admin; `make run` runs setup_network again."""
    barranquilla = city_named("Barranquilla")
    assert barranquilla.membership_status == "under_review" and barranquilla.year_joined is None
    barranquilla.membership_status = "active"
    barranquilla.year_joined = 2023
    barranquilla.save_revision().publish()

    setup_network()

    barranquilla.refresh_from_db()
    assert (barranquilla.membership_status, barranquilla.year_joined) == ("active", 2023)


def test_demo_accounts_are_created_and_each_password_shown_once():
    output = setup_network("--demo-accounts")
    User = get_user_model()
    admin, staff = User.objects.get(username="admin"), User.objects.get(username="staff")
    assert admin.is_superuser
    assert not staff.is_superuser
    assert list(staff.groups.values_list("name", flat=True)) == [STAFF_GROUP_NAME]
    assert staff.has_perm("wagtailadmin.access_admin")
    for user in (admin, staff):
        shown = passwords_shown(output, user)
        assert len(shown) == 1, f"{user.username}'s password is printed once"
        assert output.count(shown[0]) == 1
    assert passwords_shown(output, admin) != passwords_shown(output, staff)


def test_running_again_prints_no_password_and_keeps_the_accounts():
    first = setup_network("--demo-accounts")
    User = get_user_model()
    users = {user.username: user for user in User.objects.filter(username__in=DEMO_USERNAMES)}
    old_passwords = {name: passwords_shown(first, user)[0] for name, user in users.items()}

    second = setup_network("--demo-accounts")
    assert User.objects.filter(username__in=DEMO_USERNAMES).count() == 2
    for name, user in users.items():
        user.refresh_from_db()
        assert passwords_shown(second, user) == []
        assert old_passwords[name] not in second
        assert user.check_password(old_passwords[name]), "the password is unchanged"


def test_demo_passwords_come_from_the_environment(monkeypatch, client):
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "Lifelong-Learning-2026")
    monkeypatch.setenv("DEMO_STAFF_PASSWORD", "Ciudades-del-Aprendizaje-7")
    output = setup_network("--demo-accounts")
    assert output.count("Lifelong-Learning-2026") == 1
    assert output.count("Ciudades-del-Aprendizaje-7") == 1

    assert client.login(username="admin", password="Lifelong-Learning-2026")
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/users/").status_code == 200
    client.logout()
    assert client.login(username="staff", password="Ciudades-del-Aprendizaje-7")
    assert client.get("/admin/").status_code == 200


def test_the_generated_password_lets_the_admin_log_in(client):
    output = setup_network("--demo-accounts")
    admin = get_user_model().objects.get(username="admin")
    (password,) = passwords_shown(output, admin)
    assert len(password) >= 12
    assert client.login(username="admin", password=password)
    assert client.get("/admin/").status_code == 200


def test_setup_without_demo_accounts_creates_no_users():
    users = get_user_model().objects.count()
    output = setup_network()
    assert get_user_model().objects.count() == users
    assert not re.search(r"password", output, re.IGNORECASE)


def test_the_page_tree_starts_at_the_network_not_at_root(staff_client):
    root = Page.get_first_root_node()
    assert root.title == root.draft_title == "Red de Ciudades del Aprendizaje"
    explorer = staff_client.get(reverse("wagtailadmin_explore_root"))
    assert "Red de Ciudades del Aprendizaje" in explorer.content.decode()
    assert ">Root<" not in explorer.content.decode()
