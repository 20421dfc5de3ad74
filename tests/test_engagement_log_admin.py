"""The engagement log in the admin: listings, filters, search, export, inspect, forms, choosers and audit
trail.

Why this module is long: the three snippet viewsets share their fixtures (a small log that differs in every
filtered field), and each filter, export column and chooser has a test of its own. The log, its cities,
people and users are made once for the module (shared_log) and rolled back after it: every test of the
module sees them (its fixtures fetch them afresh), and each test's own changes are rolled back after it.
"""

import io
import json
from datetime import timedelta

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from cities.models import CityPage
from cities.permissions import STAFF_GROUP_NAME
from cities.themes import original_themes
from contacts.choosers import city_chooser
from contacts.models import Contact, Engagement, Organisation
from tests import factories, helpers
from tests.helpers import csv_rows, english_name, export_content

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_log", "english_admin")]

TODAY = timezone.localdate
ENGAGEMENT_COLUMNS = [
    "Date",
    "Kind",
    "Title",
    "Cities",
    "Organisations",
    "Participants",
    "Owner",
    "Themes",
    "Summary",
    "Outcome",
    "Follow-up date",
    "Follow-up assigned to",
    "Follow-up done",
    "ID",
]
CONTACT_COLUMNS = [
    "Honorific",
    "Given name",
    "Family name",
    "Job title",
    "Organisation",
    "City",
    "E-mail addresses",
    "Preferred language",
    "Legal basis",
    "Consent date",
]
ORGANISATION_COLUMNS = ["Name", "Kind", "Country", "City", "Website"]


def url(model, action, *args):
    return reverse(f"wagtailsnippets_contacts_{model}:{action}", args=args)


def listed_rows(soup, response):
    """The rows of a listing: the whole page (list) or the part the filters refresh (list_results)."""
    assert response.status_code == 200
    return [row.get_text(" ", strip=True) for row in soup(response).select("table.listing tbody tr")]


def listed(soup, response, candidates, once=True):
    """Which of these names appear in the listing (and, with once, each at most once)."""
    rows = listed_rows(soup, response)
    found = {name for name in candidates if any(name in row for row in rows)}
    for name in found if once else ():
        assert sum(name in row for row in rows) == 1, f"{name} is listed more than once"
    return found


def xlsx_rows(response):
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(export_content(response)))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def make_people(medellin, bogota):
    """Three contacts and three organisations (one without contacts)."""
    organisation = Organisation.objects.create(
        name="Alcaldía de Medellín", kind="municipal_government", country="CO", city=medellin
    )
    unesco = Organisation.objects.create(name="UNESCO UIL", kind="un_agency", country="DE")
    Organisation.objects.create(name="Universidad de Buenos Aires", kind="university", country="AR")
    return {
        "lucia": factories.ContactFactory(
            given_name="Lucía",
            family_name="Pérez",
            emails=["lucia@medellin.gov.co", "lperez@medellin.gov.co"],
            phones=[{"number": "+57 4 385 5555", "label": "office"}],
            organisation=organisation,
            city=medellin,
            job_title="Secretaria de Educación",
        ),
        "joao": factories.ContactFactory(
            given_name="João",
            family_name="Silva",
            emails=["joao@recife.pe.gov.br"],
            roles=[{"city": bogota, "role": "coordinator"}],
            preferred_language="pt",
        ),
        "marie": factories.ContactFactory(
            given_name="Marie",
            family_name="Dupont",
            emails=["m.dupont@unesco.org"],
            organisation=unesco,
            preferred_language="fr",
        ),
    }


def make_log(staff_user, colleague, medellin, bogota, buenos_aires, themes, people):
    """Four engagements that differ in every filtered field."""
    today = TODAY()
    return {
        "mesa": factories.EngagementFactory(
            title="Mesa de trabajo Medellín",
            cities=[medellin],
            date=today - timedelta(days=100),
            kind="meeting",
            owner=staff_user,
            themes=[themes[0]],
            participants=[people["lucia"]],
            outcome="Acuerdo sobre el plan de alfabetización",
            follow_up_date=today - timedelta(days=20),
            follow_up_done=True,
        ),
        "taller": factories.EngagementFactory(
            title="Taller Bogotá",
            cities=[bogota],
            date=today - timedelta(days=40),
            kind="workshop",
            owner=colleague,
            themes=[themes[1]],
            participants=[people["joao"]],
            follow_up_date=today - timedelta(days=5),
        ),
        "visita": factories.EngagementFactory(
            title="Visita Buenos Aires",
            cities=[buenos_aires],
            date=today - timedelta(days=10),
            kind="visit",
            owner=staff_user,
            themes=[themes[0], themes[1]],
            summary="Recorrido por los centros comunitarios",
            follow_up_date=today + timedelta(days=7),
        ),
        "llamada": factories.EngagementFactory(
            title="Llamada regional",
            cities=[medellin, buenos_aires],
            date=today - timedelta(days=200),
            kind="call",
            participants=[people["lucia"], people["marie"]],
        ),
    }


@pytest.fixture(scope="module")
def shared_log(django_db_setup, django_db_blocker):
    """Medellín, Bogotá and Buenos Aires, the staff user and a colleague, the people and the log: made once
    for the module (a city page takes tenths of a second) and rolled back after it. Yields their pks, from
    which the fixtures below fetch them afresh for each test."""
    with helpers.rolled_back_after_module(django_db_blocker):
        with translation.override("en"):  # as in a test (tests/conftest.py, english_by_default)
            # The staff user as tests/conftest.py makes it; the fixture below takes its place.
            staff_user = factories.uil_staff()
            colleague = get_user_model().objects.create_user(
                username="colleague", email="colleague@example.org", password="pw", first_name="Carla"
            )
            colleague.groups.add(Group.objects.get(name=STAFF_GROUP_NAME))
            medellin, bogota = factories.sample_city("Medellín"), factories.sample_city("Bogotá")
            buenos_aires = factories.CityFactory(title="Buenos Aires", country="AR")
            themes = list(original_themes().order_by("slug"))
            people = make_people(medellin, bogota)
            log = make_log(staff_user, colleague, medellin, bogota, buenos_aires, themes, people)
        yield {
            "users": {"staff_user": staff_user.pk, "colleague": colleague.pk},
            "cities": {"medellin": medellin.pk, "bogota": bogota.pk, "buenos_aires": buenos_aires.pk},
            "people": {key: contact.pk for key, contact in people.items()},
            "log": {key: engagement.pk for key, engagement in log.items()},
        }


@pytest.fixture
def staff_user(db, shared_log):
    """The staff user of the shared log (tests/conftest.py's), fetched afresh."""
    return get_user_model().objects.get(pk=shared_log["users"]["staff_user"])


@pytest.fixture
def colleague(db, shared_log):
    """Another member of UIL staff, owner of an engagement of the log."""
    return get_user_model().objects.get(pk=shared_log["users"]["colleague"])


@pytest.fixture
def medellin(db, shared_log):
    return CityPage.objects.get(pk=shared_log["cities"]["medellin"])


@pytest.fixture
def bogota(db, shared_log):
    return CityPage.objects.get(pk=shared_log["cities"]["bogota"])


@pytest.fixture
def buenos_aires(db, shared_log):
    return CityPage.objects.get(pk=shared_log["cities"]["buenos_aires"])


@pytest.fixture
def people(db, shared_log):
    """make_people's contacts, fetched afresh."""
    return {key: Contact.objects.get(pk=pk) for key, pk in shared_log["people"].items()}


@pytest.fixture
def log(db, shared_log):
    """make_log's engagements, fetched afresh."""
    return {key: Engagement.objects.get(pk=pk) for key, pk in shared_log["log"].items()}


TITLES = {
    "mesa": "Mesa de trabajo Medellín",
    "taller": "Taller Bogotá",
    "visita": "Visita Buenos Aires",
    "llamada": "Llamada regional",
}


def titles(*keys):
    return {TITLES[key] for key in keys}


# --- Engagement listing ------------------------------------------------------------------------------


def test_the_listing_shows_every_engagement_newest_first(staff_client, soup, log):
    rows = listed_rows(soup, staff_client.get(url("engagement", "list")))
    order = [next(key for key, title in TITLES.items() if title in row) for row in rows]
    assert order == ["visita", "taller", "mesa", "llamada"]


@pytest.mark.parametrize(
    "filters, expected",
    [
        (lambda c: {"city": c["medellin"].pk}, {"mesa", "llamada"}),
        (lambda c: {"city": c["bogota"].pk}, {"taller"}),
        (lambda c: {"country": "CO"}, {"mesa", "taller", "llamada"}),
        (lambda c: {"country": "AR"}, {"visita", "llamada"}),
        (lambda c: {"kind": "workshop"}, {"taller"}),
        (lambda c: {"kind": "call"}, {"llamada"}),
        (lambda c: {"theme": c["themes"][0].pk}, {"mesa", "visita"}),
        (lambda c: {"theme": c["themes"][1].pk}, {"taller", "visita"}),
        (lambda c: {"owner": c["staff_user"].pk}, {"mesa", "visita"}),
        (lambda c: {"owner": c["colleague"].pk}, {"taller"}),
        (lambda c: {"date_from": c["days_ago"](50), "date_to": c["days_ago"](5)}, {"taller", "visita"}),
        (lambda c: {"date_from": c["days_ago"](150)}, {"mesa", "taller", "visita"}),
        (lambda c: {"date_to": c["days_ago"](100)}, {"mesa", "llamada"}),
        (lambda c: {"follow_up": "due"}, {"taller", "visita"}),
        (lambda c: {"follow_up": "overdue"}, {"taller"}),
        (lambda c: {"follow_up": "done"}, {"mesa"}),
        (lambda c: {"follow_up": "none"}, {"llamada"}),
        (lambda c: {"country": "CO", "follow_up": "none"}, {"llamada"}),
        (lambda c: {"country": "AR", "owner": c["staff_user"].pk}, {"visita"}),
    ],
    ids=[
        "city-medellin",
        "city-bogota",
        "country-CO",
        "country-AR",
        "kind-workshop",
        "kind-call",
        "theme-0",
        "theme-1",
        "owner-me",
        "owner-colleague",
        "date-range",
        "date-from",
        "date-to",
        "follow-up-due",
        "follow-up-overdue",
        "follow-up-done",
        "follow-up-none",
        "country-and-follow-up",
        "country-and-owner",
    ],
)
def test_engagement_filters(
    staff_client, soup, log, medellin, bogota, themes, staff_user, colleague, filters, expected
):
    context = {
        "medellin": medellin,
        "bogota": bogota,
        "themes": themes,
        "staff_user": staff_user,
        "colleague": colleague,
        "days_ago": lambda days: (TODAY() - timedelta(days=days)).isoformat(),
    }
    response = staff_client.get(url("engagement", "list_results"), filters(context))
    assert listed(soup, response, TITLES.values()) == titles(*expected)


def test_the_owner_filter_offers_the_owners_of_engagements(staff_client, soup, log, staff_user, colleague):
    page = soup(staff_client.get(url("engagement", "list")))
    offered = {option["value"] for option in page.select("select[name=owner] option") if option["value"]}
    assert offered == {str(staff_user.pk), str(colleague.pk)}


def test_the_country_filter_offers_the_countries_of_the_cities(staff_client, soup, log):
    page = soup(staff_client.get(url("engagement", "list")))
    offered = [option.get_text(strip=True) for option in page.select("select[name=country] option")]
    assert offered[1:] == sorted({city.country.name for city in CityPage.objects.all()})
    assert {"Argentina", "Colombia"} <= set(offered) and "Germany" not in offered


def test_search_by_title(staff_client, soup, log):
    response = staff_client.get(url("engagement", "list_results"), {"q": "taller"})
    assert listed(soup, response, TITLES.values()) == titles("taller")


def test_search_finds_words_of_the_summary_and_combines_with_filters(staff_client, soup, log):
    response = staff_client.get(url("engagement", "list_results"), {"q": "centros comunitarios"})
    assert listed(soup, response, TITLES.values()) == titles("visita")
    response = staff_client.get(url("engagement", "list_results"), {"q": "Medellín", "kind": "call"})
    assert listed(soup, response, TITLES.values()) == set()


def test_csv_export_has_the_documented_columns_and_respects_the_filters(staff_client, log, colleague):
    rows = csv_rows(staff_client.get(url("engagement", "list"), {"country": "CO", "export": "csv"}))
    assert rows[0] == ENGAGEMENT_COLUMNS
    by_title = {row[2]: dict(zip(ENGAGEMENT_COLUMNS, row, strict=True)) for row in rows[1:]}
    assert set(by_title) == titles("mesa", "taller", "llamada")
    assert len(rows) == 4, "an engagement with two cities in the country is exported once"
    call = by_title["Llamada regional"]
    assert call["ID"] == str(Engagement.objects.get(title="Llamada regional").pk)
    assert set(call["Cities"].split("; ")) == {"Medellín", "Buenos Aires"}
    assert set(call["Participants"].split("; ")) == {"Lucía Pérez", "Marie Dupont"}
    assert call["Date"] == (TODAY() - timedelta(days=200)).isoformat()
    workshop = by_title["Taller Bogotá"]
    assert workshop["Owner"] == str(colleague)
    assert workshop["Follow-up date"] == (TODAY() - timedelta(days=5)).isoformat()
    assert by_title["Mesa de trabajo Medellín"]["Outcome"] == "Acuerdo sobre el plan de alfabetización"


def test_xlsx_export_has_the_documented_columns_and_respects_the_filters(staff_client, log, themes):
    response = staff_client.get(url("engagement", "list"), {"theme": themes[0].pk, "export": "xlsx"})
    rows = xlsx_rows(response)
    assert rows[0] == ENGAGEMENT_COLUMNS
    assert {row[2] for row in rows[1:]} == titles("mesa", "visita")
    visit = dict(
        zip(ENGAGEMENT_COLUMNS, next(row for row in rows if row[2] == "Visita Buenos Aires"), strict=True)
    )
    assert visit["Cities"] == "Buenos Aires"
    assert set(visit["Themes"].split("; ")) == {english_name(themes[0]), english_name(themes[1])}
    assert visit["Summary"] == "Recorrido por los centros comunitarios"


def test_export_covers_every_matching_engagement_not_just_one_page(
    staff_client, engagement_factory, medellin
):
    for number in range(55):
        engagement_factory(f"Boletín {number:02d}", [medellin], kind="email")
    rows = csv_rows(staff_client.get(url("engagement", "list"), {"kind": "email", "export": "csv"}))
    assert len(rows) == 56


def test_the_inspect_view_shows_the_engagement(staff_client, log):
    response = staff_client.get(url("engagement", "inspect", log["mesa"].pk))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Mesa de trabajo Medellín",
        "Medellín",
        "Lucía Pérez",
        "Acuerdo sobre el plan de alfabetización",
    ):
        assert text in html


def test_creating_an_engagement_in_the_admin_saves_cities_participants_and_themes(
    engagement_form_data, staff_client, staff_user, medellin, bogota, people, themes
):
    response = staff_client.post(
        url("engagement", "add"),
        engagement_form_data(
            cities=[medellin, bogota],
            participants=[people["lucia"], people["joao"]],
            themes=themes[2:4],
            owner=staff_user.pk,
            outcome="Plan conjunto",
            follow_up_date=(TODAY() + timedelta(days=14)).isoformat(),
        ),
    )
    assert response.status_code == 302
    engagement = Engagement.objects.get(title="Taller de ciudades del aprendizaje")
    assert set(engagement.cities.all()) == {medellin, bogota}
    assert set(engagement.participants.all()) == {people["lucia"], people["joao"]}
    assert set(engagement.themes.all()) == set(themes[2:4])
    assert engagement.owner == staff_user
    assert engagement.kind == "workshop"
    assert engagement.follow_up_date == TODAY() + timedelta(days=14)
    assert medellin.engagements.filter(pk=engagement.pk).exists()


def test_an_engagement_needs_a_city(engagement_form_data, staff_client):
    response = staff_client.post(url("engagement", "add"), engagement_form_data(cities=[]))
    assert response.status_code == 200
    assert not Engagement.objects.filter(title="Taller de ciudades del aprendizaje").exists()


def test_log_an_engagement_from_a_city_prefills_city_date_and_owner(staff_client, soup, staff_user, bogota):
    page = soup(staff_client.get(url("engagement", "add"), {"city": bogota.pk}))
    assert chosen(page, "cities") == [(str(bogota.pk), "Bogotá")]
    # Day first, as the date picker shows and writes it (WAGTAIL_DATE_FORMAT).
    assert page.select_one("input[name=date]")["value"] == TODAY().strftime("%d/%m/%Y")
    selected_owner = [option["value"] for option in page.select("select[name=owner] option[selected]")]
    assert selected_owner == [str(staff_user.pk)]


def test_log_an_engagement_from_a_city_s_translation_prefills_the_city(staff_client, soup, bogota):
    english = CityPage.objects.get(translation_key=bogota.translation_key, locale__language_code="en")
    page = soup(staff_client.get(url("engagement", "add"), {"city": english.pk}))
    assert chosen(page, "cities") == [(str(bogota.pk), "Bogotá")]


def test_the_add_form_without_a_city_preselects_none(staff_client, soup):
    page = soup(staff_client.get(url("engagement", "add"), {"city": "not-a-number"}))
    assert chosen(page, "cities") == []


def chosen(page, name):
    """(id, name) of the records a multiple chooser of the engagement form holds."""
    return [
        (
            item.select_one("input")["value"],
            item.select_one("[data-multiple-chooser-title]").get_text(strip=True),
        )
        for item in page.select(f"[data-controller=multiple-chooser]:has(input[name={name}]) > ul > li")
    ]


def test_the_engagement_form_names_the_linked_cities_and_participants_and_no_other(
    staff_client, soup, medellin, bogota, make_city, contact_factory, engagement_factory
):
    make_city("Ciudad lejana")
    lucia, joao = contact_factory("Lucía", "Pérez"), contact_factory("João", "Silva")
    engagement = engagement_factory("Foro regional", [medellin, bogota], participants=[lucia])
    page = soup(staff_client.get(url("engagement", "edit", engagement.pk)))

    assert sorted(chosen(page, "cities")) == sorted(
        [(str(medellin.pk), "Medellín"), (str(bogota.pk), "Bogotá")]
    )
    assert chosen(page, "participants") == [(str(lucia.pk), str(lucia))]
    assert chosen(page, "organisations") == []
    html = str(page)
    assert "Ciudad lejana" not in html and str(joao) not in html, "the form lists records nobody chose"
    # "Choose" opens the chooser modals, in their multiple-choice mode (contacts/widgets.py).
    modals = [
        json.loads(widget["data-multiple-chooser-chooser-value"])["_args"][2]["modalUrl"]
        for widget in page.select("[data-controller=multiple-chooser]")
    ]
    assert modals == [
        reverse("contacts_city_chooser:choose"),
        reverse("wagtailsnippetchoosers_contacts_organisation:choose"),
        reverse("wagtailsnippetchoosers_contacts_contact:choose"),
    ]


def chooser_rows(soup, response):
    """The rows of a chooser modal (its JSON) or of its results (HTML), as text."""
    assert response.status_code == 200
    if response["Content-Type"].startswith("application/json"):
        html = json.loads(response.content)["html"]
    else:
        html = response.content.decode()
    page = BeautifulSoup(html, "html.parser")
    return [row.get_text(" ", strip=True) for row in page.select("table.listing tbody tr")]


def test_the_city_chooser_offers_every_city_once_by_its_original_page(
    staff_client, soup, medellin, bogota, make_city
):
    draft = make_city("Ciudad en borrador", publish=False)
    originals = list(CityPage.objects.originals().order_by("title"))
    assert CityPage.objects.filter(translation_key=medellin.translation_key).count() > 1, "no translations"

    rows = chooser_rows(soup, staff_client.get(reverse("contacts_city_chooser:choose")))
    first_page = originals[: city_chooser.per_page]
    assert len(rows) == len(first_page)
    assert all(row.startswith(city.title) for row, city in zip(rows, first_page, strict=True))
    for city in (draft, medellin):
        [row] = chooser_rows(
            soup, staff_client.get(reverse("contacts_city_chooser:choose_results"), {"q": city.title})
        )
        assert row.startswith(city.title)
    assert "Medellín Antioquia Colombia" in row

    found = chooser_rows(
        soup, staff_client.get(reverse("contacts_city_chooser:choose_results"), {"q": "bogo"})
    )
    assert [row.split(" ")[0] for row in found] == ["Bogotá"]

    response = staff_client.get(
        reverse("contacts_city_chooser:chosen_multiple"), {"id": [medellin.pk, bogota.pk]}
    )
    result = json.loads(response.content)["result"]
    assert sorted((item["id"], item["title"]) for item in result) == sorted(
        [(str(medellin.pk), "Medellín"), (str(bogota.pk), "Bogotá")]
    )


def test_the_contact_chooser_tells_people_apart_and_finds_them_by_email(staff_client, soup, people):
    choose = reverse("wagtailsnippetchoosers_contacts_contact:choose_results")
    [row] = chooser_rows(soup, staff_client.get(choose, {"q": "lperez@medellin"}))
    assert "Lucía Pérez" in row and "Alcaldía de Medellín" in row and "Medellín" in row
    assert "lucia@medellin.gov.co" in row
    [row] = chooser_rows(soup, staff_client.get(choose, {"q": "marie unesco"}))
    assert "Marie Dupont" in row and "m.dupont@unesco.org" in row
    assert len(chooser_rows(soup, staff_client.get(choose))) == 3


def test_the_organisation_chooser_finds_organisations_by_name(staff_client, soup, people):
    choose = reverse("wagtailsnippetchoosers_contacts_organisation:choose_results")
    [row] = chooser_rows(soup, staff_client.get(choose, {"q": "buenos"}))
    assert "Universidad de Buenos Aires" in row and "University" in row and "Argentina" in row


def test_the_city_chooser_is_for_staff_only(client, focal_point_a, assert_refused):
    client.force_login(focal_point_a)
    for name in ("choose", "choose_results", "chosen_multiple"):
        assert_refused(client.get(reverse(f"contacts_city_chooser:{name}")))


def test_an_unknown_city_in_the_engagement_form_is_an_error_and_changes_nothing(
    engagement_form_data, staff_client, soup, medellin, engagement_factory
):
    engagement = engagement_factory("Foro regional", [medellin])
    data = engagement_form_data(title="Foro cambiado")
    data["cities"] = [medellin.pk, 999999999]
    response = staff_client.post(url("engagement", "edit", engagement.pk), data)
    assert response.status_code == 200
    assert soup(response).select(".error-message, .w-field__errors")
    engagement.refresh_from_db()
    assert engagement.title == "Foro regional"


def test_a_city_edit_view_offers_timeline_and_log_an_engagement(staff_client, soup, medellin):
    page = soup(staff_client.get(f"/admin/pages/{medellin.pk}/edit/"))
    links = {link.get("href") for link in page.select("a")}
    assert reverse("contacts_timeline:city", args=[medellin.pk]) in links
    assert f"{url('engagement', 'add')}?city={medellin.pk}" in links


def test_the_header_buttons_lead_to_working_views(staff_client, medellin):
    assert staff_client.get(reverse("contacts_timeline:city", args=[medellin.pk])).status_code == 200
    assert staff_client.get(f"{url('engagement', 'add')}?city={medellin.pk}").status_code == 200


def test_other_pages_have_no_engagement_buttons(staff_client, soup, directory):
    page = soup(staff_client.get(f"/admin/pages/{directory.pk}/edit/"))
    hrefs = " ".join(link.get("href") or "" for link in page.select("a"))
    assert "/timeline/" not in hrefs
    assert url("engagement", "add") not in hrefs


# --- Contacts and organisations -----------------------------------------------------------------------

CONTACT_NAMES = ["Lucía Pérez", "João Silva", "Marie Dupont"]
ORGANISATION_NAMES = ["Alcaldía de Medellín", "UNESCO UIL", "Universidad de Buenos Aires"]


def test_the_contact_listing_shows_names_organisations_and_emails(staff_client, soup, people):
    rows = listed_rows(soup, staff_client.get(url("contact", "list")))
    assert len(rows) == 3
    lucia = next(row for row in rows if "Lucía Pérez" in row)
    assert "Alcaldía de Medellín" in lucia
    assert "lucia@medellin.gov.co" in lucia and "lperez@medellin.gov.co" in lucia


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Pérez", {"Lucía Pérez"}),
        ("joao@recife", {"João Silva"}),
        ("m.dupont@unesco.org", {"Marie Dupont"}),
        ("UNESCO", {"Marie Dupont"}),
        ("Educación", {"Lucía Pérez"}),
    ],
)
def test_contact_search_by_name_email_organisation_and_job(staff_client, soup, people, query, expected):
    response = staff_client.get(url("contact", "list_results"), {"q": query})
    # Listed once or more: test_a_contact_with_two_matching_emails_is_listed_once covers duplicates.
    assert listed(soup, response, CONTACT_NAMES, once=False) == expected


def test_a_contact_with_two_matching_emails_is_listed_once(staff_client, soup, people):
    rows = listed_rows(soup, staff_client.get(url("contact", "list"), {"q": "medellin.gov.co"}))
    assert len(rows) == 1, rows
    assert "Lucía Pérez" in rows[0]


@pytest.mark.parametrize(
    "filters, expected",
    [
        (lambda c: {"city": c["medellin"].pk}, {"Lucía Pérez"}),
        (lambda c: {"city": c["bogota"].pk}, {"João Silva"}),
        (lambda c: {"organisation": c["unesco"].pk}, {"Marie Dupont"}),
        (lambda c: {"preferred_language": "pt"}, {"João Silva"}),
        (lambda c: {"preferred_language": "es"}, {"Lucía Pérez"}),
    ],
    ids=["city-own", "city-by-role", "organisation", "language-pt", "language-es"],
)
def test_contact_filters(staff_client, soup, people, medellin, bogota, filters, expected):
    context = {"medellin": medellin, "bogota": bogota, "unesco": Organisation.objects.get(name="UNESCO UIL")}
    response = staff_client.get(url("contact", "list_results"), filters(context))
    assert listed(soup, response, CONTACT_NAMES) == expected


def test_contact_export_has_the_documented_columns_and_respects_the_filters(staff_client, people, medellin):
    rows = csv_rows(staff_client.get(url("contact", "list"), {"city": medellin.pk, "export": "csv"}))
    assert rows[0] == CONTACT_COLUMNS
    assert len(rows) == 2
    lucia = dict(zip(CONTACT_COLUMNS, rows[1], strict=True))
    assert (lucia["Given name"], lucia["Family name"]) == ("Lucía", "Pérez")
    assert lucia["Organisation"] == "Alcaldía de Medellín"
    assert lucia["City"] == "Medellín"
    assert set(lucia["E-mail addresses"].split(", ")) == {"lucia@medellin.gov.co", "lperez@medellin.gov.co"}
    rows = xlsx_rows(staff_client.get(url("contact", "list"), {"preferred_language": "fr", "export": "xlsx"}))
    assert rows[0] == CONTACT_COLUMNS
    assert [(row[1], row[2]) for row in rows[1:]] == [("Marie", "Dupont")]


def test_the_contact_inspect_view_shows_the_person(staff_client, people):
    response = staff_client.get(url("contact", "inspect", people["lucia"].pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Pérez" in html
    assert "Secretaria de Educación" in html
    assert "Alcaldía de Medellín" in html


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, set(ORGANISATION_NAMES)),
        ({"kind": "university"}, {"Universidad de Buenos Aires"}),
        ({"country": "CO"}, {"Alcaldía de Medellín"}),
        ({"q": "unesco"}, {"UNESCO UIL"}),
        ({"q": "Buenos", "country": "CO"}, set()),
    ],
)
def test_organisation_listing_filters_and_search(staff_client, soup, people, params, expected):
    response = staff_client.get(url("organisation", "list_results"), params)
    assert listed(soup, response, ORGANISATION_NAMES) == expected


def test_organisation_export(staff_client, people):
    rows = csv_rows(
        staff_client.get(url("organisation", "list"), {"kind": "municipal_government", "export": "csv"})
    )
    assert rows[0] == ORGANISATION_COLUMNS
    assert len(rows) == 2
    organisation = dict(zip(ORGANISATION_COLUMNS, rows[1], strict=True))
    assert organisation["Name"] == "Alcaldía de Medellín"
    assert organisation["City"] == "Medellín"
    rows = xlsx_rows(staff_client.get(url("organisation", "list"), {"country": "AR", "export": "xlsx"}))
    assert rows[0] == ORGANISATION_COLUMNS
    assert [row[0] for row in rows[1:]] == ["Universidad de Buenos Aires"]


# --- Audit trail --------------------------------------------------------------------------------------


def assert_logged(entries, action, user):
    entries = [entry for entry in entries if entry.action == action]
    assert len(entries) == 1, f"expected one {action} entry, got {len(entries)}"
    entry = entries[0]
    assert entry.user == user
    assert abs(timezone.now() - entry.timestamp) < timedelta(minutes=5)
    return entry


def entries_for_deleted(model, pk):
    return list(
        ModelLogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id=str(pk))
    )


def test_creating_changing_and_deleting_a_contact_is_audited(
    staff_client, staff_user, contact_form_data, medellin
):
    response = staff_client.post(
        url("contact", "add"),
        contact_form_data(
            "Rosa",
            "Quintero",
            emails=["rosa.quintero@example.org"],
            phones=[{"number": "+57 300 000 0000", "label": "mobile"}],
            roles=[{"city": medellin.pk, "role": "coordinator"}],
        ),
    )
    assert response.status_code == 302
    contact = Contact.objects.get(family_name="Quintero")
    assert [email.address for email in contact.emails.all()] == ["rosa.quintero@example.org"]
    assert [(role.city, role.role) for role in contact.roles.all()] == [(medellin, "coordinator")]
    assert_logged(ModelLogEntry.objects.for_instance(contact), "wagtail.create", staff_user)

    email, phone, role = contact.emails.get(), contact.phones.get(), contact.roles.get()
    response = staff_client.post(
        url("contact", "edit", contact.pk),
        contact_form_data(
            "Rosa",
            "Quintero",
            emails=[{"id": email.pk, "address": email.address}],
            phones=[{"id": phone.pk, "number": phone.number, "label": phone.label}],
            roles=[{"id": role.pk, "city": medellin.pk, "role": "coordinator"}],
            job_title="Directora de Cultura",
            initial={"emails": 1, "phones": 1, "roles": 1},
        ),
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.job_title == "Directora de Cultura"
    assert_logged(ModelLogEntry.objects.for_instance(contact), "wagtail.edit", staff_user)

    pk = contact.pk
    response = staff_client.post(url("contact", "delete", pk))
    assert response.status_code == 302
    assert not Contact.objects.filter(pk=pk).exists()
    entries = entries_for_deleted(Contact, pk)
    assert_logged(entries, "wagtail.delete", staff_user)
    assert [entry.action for entry in sorted(entries, key=lambda entry: entry.timestamp)] == [
        "wagtail.create",
        "wagtail.edit",
        "wagtail.delete",
    ]


def test_creating_changing_and_deleting_an_engagement_is_audited(
    engagement_form_data, staff_client, staff_user, medellin, themes
):
    response = staff_client.post(url("engagement", "add"), engagement_form_data(cities=[medellin]))
    assert response.status_code == 302
    engagement = Engagement.objects.get(title="Taller de ciudades del aprendizaje")
    assert_logged(ModelLogEntry.objects.for_instance(engagement), "wagtail.create", staff_user)

    response = staff_client.post(
        url("engagement", "edit", engagement.pk),
        engagement_form_data(cities=[medellin], themes=[themes[0]], outcome="Se acordó una segunda sesión"),
    )
    assert response.status_code == 302
    engagement.refresh_from_db()
    assert engagement.outcome == "Se acordó una segunda sesión"
    assert list(engagement.themes.all()) == [themes[0]]
    assert_logged(ModelLogEntry.objects.for_instance(engagement), "wagtail.edit", staff_user)

    pk = engagement.pk
    response = staff_client.post(url("engagement", "delete", pk))
    assert response.status_code == 302
    assert not Engagement.objects.filter(pk=pk).exists()
    assert_logged(entries_for_deleted(Engagement, pk), "wagtail.delete", staff_user)


def test_the_history_view_shows_who_changed_an_engagement(
    engagement_form_data, staff_client, staff_user, medellin
):
    staff_client.post(url("engagement", "add"), engagement_form_data(cities=[medellin]))
    engagement = Engagement.objects.get(title="Taller de ciudades del aprendizaje")
    response = staff_client.get(url("engagement", "history", engagement.pk))
    assert response.status_code == 200
    assert staff_user.get_username() in response.content.decode()
