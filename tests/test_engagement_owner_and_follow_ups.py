"""What UIL staff meet in their daily round (issue #19): an engagement's owner is chosen among staff and
administrators, never a focal point; pages awaiting their review head the dashboard; open follow-ups are
listed by due date, overdue first; a city's timeline names its city and country."""

import pytest
from django.urls import reverse

from contacts.importers.lookups import OwnerLookup
from contacts.models import Engagement
from tests import factories
from tests.helpers import days_ago

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]


def engagement_url(action):
    return reverse(f"wagtailsnippets_contacts_engagement:{action}")


# --- Owners -------------------------------------------------------------------------------------------------


@pytest.fixture
def users(staff_user, superuser, focal_point_a):
    """One account of each kind, by what it is."""
    return {
        "UIL staff": staff_user,
        "administrator": superuser,
        "focal point": focal_point_a,
        "no role": factories.UserFactory(username="sin-rol"),
        "former staff": factories.StaffFactory(username="ex-staff", is_active=False),
    }


MAY_OWN = {"UIL staff", "administrator"}


def offered_owners(soup, response):
    """The user ids offered by a form's owner select."""
    assert response.status_code == 200
    select = soup(response).find("select", attrs={"name": "owner"})
    assert select is not None, "no owner select"
    return {int(option["value"]) for option in select.find_all("option") if option["value"]}


@pytest.mark.parametrize("action", ["add", "list"])
def test_owners_offered_are_staff_and_administrators_only(staff_client, soup, users, action):
    """The engagement form and the listing's owner filter offer the same people."""
    offered = offered_owners(soup, staff_client.get(engagement_url(action)))
    assert offered == {user.pk for kind, user in users.items() if kind in MAY_OWN}


def test_a_focal_point_cannot_be_posted_as_owner(staff_client, soup, users, medellin, engagement_form_data):
    data = engagement_form_data(cities=[medellin], owner=users["focal point"].pk, title="Reunión con Ana")
    response = staff_client.post(engagement_url("add"), data)
    assert response.status_code == 200, "the form was accepted"
    assert soup(response).select(".error-message, .w-field__errors"), "no error shown"
    assert not Engagement.objects.filter(title="Reunión con Ana").exists()

    data["owner"] = users["UIL staff"].pk
    assert staff_client.post(engagement_url("add"), data).status_code == 302
    assert Engagement.objects.get(title="Reunión con Ana").owner == users["UIL staff"]


def test_the_import_names_the_same_owners_as_the_form(users):
    lookup = OwnerLookup()
    found = {kind for kind, user in users.items() if lookup.find(user.username)[0] == user}
    assert found == MAY_OWN


# --- Dashboard ----------------------------------------------------------------------------------------------


def test_pages_awaiting_review_come_before_the_engagement_panels(
    staff_client, soup, staff_user, focal_point_a, medellin, engagement_factory
):
    page = medellin.get_latest_revision_as_object()
    page.summary = "Cambio de la persona de enlace."
    page.save_revision(user=focal_point_a)
    medellin.get_workflow().start(medellin, focal_point_a)
    engagement_factory("Enviar el acta", [medellin], owner=staff_user, follow_up_date=days_ago(1))

    headings = [
        heading.get_text(" ", strip=True) for heading in soup(staff_client.get("/admin/")).select("h2")
    ]
    review = next(index for index, text in enumerate(headings) if text.startswith("Awaiting your review"))
    follow_ups = next(index for index, text in enumerate(headings) if text.startswith("My follow-up"))
    quiet = next(index for index, text in enumerate(headings) if "without an engagement" in text)
    recent = headings.index("Recent engagements across the network")
    assert review < follow_ups < quiet < recent


# --- Follow-ups ---------------------------------------------------------------------------------------------


@pytest.fixture
def follow_ups(engagement_factory, staff_user, medellin):
    """Open follow-ups whose engagement dates run the other way from their due dates, and a done one."""
    make = engagement_factory
    return [
        make(
            "Llamada reciente", [medellin], date=days_ago(1), owner=staff_user, follow_up_date=days_ago(-30)
        ),
        make("Taller", [medellin], date=days_ago(20), owner=staff_user, follow_up_date=days_ago(-2)),
        make("Visita", [medellin], date=days_ago(40), owner=staff_user, follow_up_date=days_ago(3)),
        make("Reunión antigua", [medellin], date=days_ago(90), owner=staff_user, follow_up_date=days_ago(30)),
        make(
            "Hecho",
            [medellin],
            date=days_ago(60),
            owner=staff_user,
            follow_up_date=days_ago(50),
            follow_up_done=True,
        ),
    ]


def listed_titles(soup, response, candidates):
    assert response.status_code == 200
    rows = [row.get_text(" ", strip=True) for row in soup(response).select("table.listing tbody tr")]
    return [next(title for title in candidates if title in row) for row in rows]


TITLES = ["Llamada reciente", "Taller", "Visita", "Reunión antigua", "Hecho"]


def test_all_follow_ups_from_the_dashboard_are_by_due_date_overdue_first(staff_client, soup, follow_ups):
    link = soup(staff_client.get("/admin/")).find("a", string="All follow-ups")
    assert link is not None, "no link to every follow-up"
    assert listed_titles(soup, staff_client.get(link["href"]), TITLES) == [
        "Reunión antigua",
        "Visita",
        "Taller",
        "Llamada reciente",
    ]


def test_overdue_follow_ups_are_by_due_date(staff_client, soup, follow_ups):
    response = staff_client.get(engagement_url("list"), {"follow_up": "overdue"})
    assert listed_titles(soup, response, TITLES) == ["Reunión antigua", "Visita"]


def test_a_sorted_column_still_sorts_the_follow_ups(staff_client, soup, follow_ups):
    response = staff_client.get(engagement_url("list"), {"follow_up": "due", "ordering": "-date"})
    assert listed_titles(soup, response, TITLES) == [
        "Llamada reciente",
        "Taller",
        "Visita",
        "Reunión antigua",
    ]


def test_without_a_follow_up_filter_the_log_stays_newest_first(staff_client, soup, follow_ups):
    response = staff_client.get(engagement_url("list"))
    assert listed_titles(soup, response, TITLES) == [
        "Llamada reciente",
        "Taller",
        "Visita",
        "Hecho",
        "Reunión antigua",
    ]


# --- Timeline -----------------------------------------------------------------------------------------------


def test_the_timeline_names_its_city_and_country(staff_client, soup, medellin, bogota):
    page = soup(staff_client.get(reverse("contacts_timeline:city", args=[medellin.pk])))
    title = page.title.get_text(" ", strip=True)
    assert "Medellín (Colombia)" in title and "Timeline" in title
    (heading,) = page.find_all("h1")
    assert "w-sr-only" not in heading.get("class", []), "the heading is hidden from sight"
    assert " ".join(heading.get_text(" ", strip=True).split()) == "Timeline Medellín (Colombia)"
    assert "Bogotá" not in title


def test_the_timeline_speaks_the_readers_language(staff_client, soup, staff_user, make_city):
    profile = staff_user.wagtail_userprofile
    profile.preferred_language = "pt-br"
    profile.save()
    recife = make_city("Recife", country="BR")
    page = soup(staff_client.get(reverse("contacts_timeline:city", args=[recife.pk])))
    assert "Recife (Brasil)" in page.title.get_text()
    assert "Recife (Brasil)" in page.h1.get_text()
