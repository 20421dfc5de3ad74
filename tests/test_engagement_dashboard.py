"""The staff dashboard's engagement panels (the reports: tests/test_engagement_reports.py)."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from cities.permissions import STAFF_GROUP_NAME
from tests.helpers import days_ago, published_originals

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_network_for_module", "english_admin")]


def panel(soup, response, heading_id):
    assert response.status_code == 200
    heading = soup(response).find(id=heading_id)
    assert heading is not None, f"no panel {heading_id}"
    section = heading.find_parent("section")
    return heading.get_text(" ", strip=True), [
        item.get_text(" ", strip=True) for item in section.select("li")
    ]


@pytest.fixture
def colleague(django_user_model):
    user = django_user_model.objects.create_user(username="colleague", email="c@example.org", password="pw")
    user.groups.add(Group.objects.get(name=STAFF_GROUP_NAME))
    return user


# --- Dashboard: my follow-ups -----------------------------------------------------------------------


def test_my_follow_ups_overdue_first_only_mine_and_not_done(
    staff_client, soup, engagement_factory, staff_user, colleague, medellin, bogota
):
    make = engagement_factory
    make("Enviar el acta", [medellin], owner=staff_user, follow_up_date=days_ago(3))
    make("Confirmar la visita", [bogota], owner=staff_user, follow_up_date=days_ago(-5))
    make("Pedir el informe", [medellin], owner=staff_user, follow_up_date=days_ago(10))
    make("Ya enviado", [medellin], owner=staff_user, follow_up_date=days_ago(2), follow_up_done=True)
    make("Sin seguimiento", [medellin], owner=staff_user)
    make("Tarea de otra persona", [medellin], owner=colleague, follow_up_date=days_ago(4))
    heading, items = panel(soup, staff_client.get(reverse("wagtailadmin_home")), "follow-ups-heading")
    assert "My follow-ups due (3)" in heading
    assert [item.split(" — ")[1].split(" (")[0] for item in items] == [
        "Pedir el informe",
        "Enviar el acta",
        "Confirmar la visita",
    ]
    assert ["overdue" in item for item in items] == [True, True, False]
    assert "Bogotá" in items[2]


def test_my_follow_ups_shows_ten_and_counts_all(staff_client, soup, engagement_factory, staff_user, medellin):
    for number in range(12):
        engagement_factory(
            f"Seguimiento {number:02d}", [medellin], owner=staff_user, follow_up_date=days_ago(number)
        )
    heading, items = panel(soup, staff_client.get(reverse("wagtailadmin_home")), "follow-ups-heading")
    assert "(12)" in heading
    assert len(items) == 10
    assert "Seguimiento 11" in items[0], "the most overdue first"


def test_nothing_to_follow_up(staff_client, soup, engagement_factory, colleague, medellin):
    engagement_factory("Tarea ajena", [medellin], owner=colleague, follow_up_date=days_ago(1))
    heading, items = panel(soup, staff_client.get(reverse("wagtailadmin_home")), "follow-ups-heading")
    assert "(0)" in heading
    assert items == []


# --- Dashboard: quiet cities ------------------------------------------------------------------------


@pytest.fixture
def engaged_network(engagement_factory, city_named):
    """Every published city had an engagement five days ago, except Quibdó (never) and Recife (45 days)."""
    quibdo, recife = city_named("Quibdó"), city_named("Recife")
    others = published_originals().exclude(pk__in=[quibdo.pk, recife.pk])
    engagement_factory("Foro regional", others, date=days_ago(5), kind="forum")
    engagement_factory("Visita a Recife", [recife], date=days_ago(45), kind="visit")
    return {"quibdo": quibdo, "recife": recife}


def test_quiet_cities_are_those_without_a_recent_engagement(staff_client, soup, settings, engaged_network):
    settings.ENGAGEMENT_QUIET_DAYS = 30
    heading, items = panel(soup, staff_client.get(reverse("wagtailadmin_home")), "quiet-cities-heading")
    assert "2 cities without an engagement for 30 days" in heading
    assert len(items) == 2
    assert {item.split(" (")[0] for item in items} == {"Quibdó", "Recife"}
    recife = next(item for item in items if item.startswith("Recife"))
    assert formats_short(days_ago(45)) in recife
    quibdo = next(item for item in items if item.startswith("Quibdó"))
    assert "never" in quibdo


def formats_short(day):
    from django.utils import formats

    with translation.override("en"):
        return formats.date_format(day, "SHORT_DATE_FORMAT")


def test_the_quiet_period_follows_the_setting(staff_client, soup, settings, engaged_network):
    settings.ENGAGEMENT_QUIET_DAYS = 60
    heading, items = panel(soup, staff_client.get(reverse("wagtailadmin_home")), "quiet-cities-heading")
    assert "1 city without an engagement for 60 days" in heading
    assert [item.split(" (")[0] for item in items] == ["Quibdó"]


def test_quiet_cities_never_engaged_first(staff_client, soup, settings, engaged_network):
    """The longest without contact first, as in the last-engagement report: never before 45 days ago."""
    settings.ENGAGEMENT_QUIET_DAYS = 30
    _heading, items = panel(soup, staff_client.get(reverse("wagtailadmin_home")), "quiet-cities-heading")
    assert [item.split(" (")[0] for item in items] == ["Quibdó", "Recife"]


def test_the_quiet_cities_follow_the_log_and_the_published_pages(
    staff_client, soup, settings, engaged_network, engagement_factory
):
    """The panel's list is kept between views, never past a change to the log or to a page."""
    settings.ENGAGEMENT_QUIET_DAYS = 30
    home = reverse("wagtailadmin_home")
    assert [
        item.split(" (")[0] for item in panel(soup, staff_client.get(home), "quiet-cities-heading")[1]
    ] == [
        "Quibdó",
        "Recife",
    ]
    engagement_factory("Llamada a Recife", [engaged_network["recife"]], date=days_ago(1), kind="call")
    heading, items = panel(soup, staff_client.get(home), "quiet-cities-heading")
    assert "1 city without an engagement" in heading
    assert [item.split(" (")[0] for item in items] == ["Quibdó"]

    engaged_network["quibdo"].unpublish()
    heading, items = panel(soup, staff_client.get(home), "quiet-cities-heading")
    assert "0 cities without an engagement" in heading
    assert items == []


def test_with_no_engagement_every_published_city_is_quiet(staff_client, soup, settings, make_city):
    settings.ENGAGEMENT_QUIET_DAYS = 30
    make_city("Ciudad Borrador", publish=False)
    heading, items = panel(soup, staff_client.get(reverse("wagtailadmin_home")), "quiet-cities-heading")
    count = published_originals().count()
    assert f"{count} cities without an engagement" in heading
    assert len(items) == 10
    assert not any("Ciudad Borrador" in item for item in items)


def test_a_city_engaged_on_the_first_day_of_the_period_is_not_quiet(
    staff_client, soup, settings, engaged_network, engagement_factory
):
    settings.ENGAGEMENT_QUIET_DAYS = 30
    engagement_factory("Llamada a Recife", [engaged_network["recife"]], date=days_ago(30), kind="call")
    _heading, items = panel(soup, staff_client.get(reverse("wagtailadmin_home")), "quiet-cities-heading")
    assert [item.split(" (")[0] for item in items] == ["Quibdó"]


def test_a_city_with_only_a_planned_engagement_is_still_quiet(
    staff_client, soup, settings, engaged_network, engagement_factory
):
    settings.ENGAGEMENT_QUIET_DAYS = 30
    engagement_factory(
        "Visita prevista a Recife", [engaged_network["recife"]], date=days_ago(-20), kind="visit"
    )
    _heading, items = panel(soup, staff_client.get(reverse("wagtailadmin_home")), "quiet-cities-heading")
    assert sorted(item.split(" (")[0] for item in items) == ["Quibdó", "Recife"]


def test_the_dashboard_query_count_does_not_grow_with_cities_and_engagements(
    staff_client, settings, engaged_network, engagement_factory, make_city
):
    settings.ENGAGEMENT_QUIET_DAYS = 30
    staff_client.get(reverse("wagtailadmin_home"))
    cache.clear()  # the panels' figures are kept until the log changes: count the queries that build them
    with CaptureQueriesContext(connection) as before:
        staff_client.get(reverse("wagtailadmin_home"))

    for number in range(12):
        city = make_city(f"Ciudad tranquila {number}")
        engagement_factory(f"Visita antigua {number}", [city], date=days_ago(400 + number), kind="visit")
        engagement_factory(f"Visita reciente {number}", [engaged_network["recife"]], date=days_ago(number))
    cache.clear()
    with CaptureQueriesContext(connection) as after:
        response = staff_client.get(reverse("wagtailadmin_home"))
    with CaptureQueriesContext(connection) as again:
        staff_client.get(reverse("wagtailadmin_home"))

    assert "13 cities without an engagement for 30 days" in response.content.decode()
    assert len(after) == len(before)
    assert len(again) < len(after), "nothing changed: the kept figures are used"


# --- Dashboard: recent engagements ------------------------------------------------------------------


def test_recent_engagements_across_the_network(
    staff_client, soup, engagement_factory, staff_user, colleague, medellin, make_city
):
    buenos_aires = make_city("Buenos Aires", country="AR")
    for number in range(12):
        engagement_factory(
            f"Actividad {number:02d}",
            [medellin if number % 2 else buenos_aires],
            date=days_ago(number),
            owner=colleague if number % 3 else staff_user,
        )
    _heading, items = panel(
        soup, staff_client.get(reverse("wagtailadmin_home")), "recent-engagements-heading"
    )
    assert len(items) == 10
    assert [item.split(" — ")[1].split(" (")[0] for item in items] == [
        f"Actividad {n:02d}" for n in range(10)
    ]
    assert "Buenos Aires" in items[0] and "Medellín" in items[1]
    assert "colleague" in items[1] and "uil-staff" in items[0]
