"""The engagement log's choosers and the person page in a real browser, as UIL staff use them.

Headless Chromium against the site served by another process (tests/site_server.py, as in
tests/test_map_browser.py): the server has a database of its own, so the records are made there with the
factories (`SETUP`) and what was saved is read back there too (`site.manage("shell", ...)`).
"""

import json
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.site_server import PlaceStandIn, SiteServer

# The map tests' Chromium and its browser, closed with this module too.
from tests.test_map_browser import TIMEOUT_MS, browser, chromium_executable, close_context  # noqa: F401

pytestmark = pytest.mark.browser

NAME = "Carla Rodríguez"
# Three people of the same name, told apart by organisation, city and e-mail address; the second is chosen.
CARLAS = [
    ("Universidad del Norte (prueba)", "Villa Navegador Norte", "carla.rodriguez@norte.example"),
    ("Fundación Aprender (prueba)", "Villa Navegador Sur", "crodriguez@aprender.example"),
    ("Ministerio de Educación (prueba)", "Villa Navegador Este", "carla.r@mineduc.example"),
]
CHOSEN = 1
TRANSLATED_CITY = "Villa Navegador Norte"

# Run by `manage.py shell` in the server's environment; prints the ids the tests need as JSON.
SETUP = """
import json
from datetime import date
from wagtail.models import Locale
from cities.models import CityPage
from tests import factories

cities = {
    title: factories.CityFactory(title=title, region=f"Región {title.split()[-1]}")
    for title in ("Villa Navegador Norte", "Villa Navegador Sur", "Villa Navegador Este")
}
# The Norte page also has a real Portuguese translation of the same name (the English copy stays an alias).
original = cities[TRANSLATED_CITY]
portuguese = Locale.objects.get(language_code="pt-br")
original.get_translation(portuguese).delete()
original.copy_for_translation(portuguese).save_revision().publish()

carlas = [
    factories.ContactFactory(
        given_name="Carla",
        family_name="Rodríguez",
        organisation=factories.OrganisationFactory(name=organisation),
        city=cities[city],
        emails=[email],
        roles=[{"city": cities[city], "role": "coordinator", "start_date": date(2024, 2, 1)}],
    )
    for organisation, city, email in CARLAS
]
person = carlas[0]
factories.EngagementFactory(
    title="Taller de bibliotecas (prueba)", cities=[cities["Villa Navegador Norte"]], participants=[person]
)
print(json.dumps({
    "cities": {title: city.pk for title, city in cities.items()},
    "carlas": [carla.pk for carla in carlas],
    "pages_of_translated_city": CityPage.objects.filter(title=TRANSLATED_CITY).count(),
}))
"""

PARTICIPANTS_OF = """
from contacts.models import Engagement
engagement = Engagement.objects.get(title={title!r})
print(sorted(engagement.participants.values_list("pk", flat=True)))
"""


# --- Fixtures ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(chromium_executable):  # noqa: F811
    """The site served by `runserver` from a database of its own, with this module's records."""
    with PlaceStandIn() as geocoder, SiteServer(geocoder_domain=geocoder.domain) as server:
        script = f"CARLAS = {CARLAS!r}\nTRANSLATED_CITY = {TRANSLATED_CITY!r}\n{SETUP}"
        server.records = json.loads(server.manage("shell", "--no-imports", "--command", script))
        yield server


@pytest.fixture
def page(browser, site):  # noqa: F811
    """A page signed in as the demo UIL staff account (through the admin's login form)."""
    context = browser.new_context(
        base_url=site.base_url, locale="en-US", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(reverse("wagtailadmin_login"))
    page.fill("#id_username", "staff")
    page.fill("#id_password", site.STAFF_PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"), wait_until="commit")
    yield page
    assert page.errors == [], f"uncaught errors in the page: {page.errors}"
    close_context(context)


# --- Helpers -----------------------------------------------------------------------------------------


def open_chooser(page, field, search):
    """Open the chooser of a field of the engagement form, search, and return the result rows."""
    page.locator(f"#id_{field}").click()
    modal = page.locator("body > .modal")
    modal.locator("input[name=q]").fill(search)
    expect(modal.locator("#search-results")).to_contain_text(re.compile(r"There (is|are) \d+ match"))
    return modal, modal.locator("#search-results tbody tr")


def chosen_ids(page, field):
    return [
        int(value)
        for value in page.locator(f"input[type=hidden][name={field}]").evaluate_all(
            "(inputs) => inputs.map((input) => input.value)"
        )
    ]


# --- Tests -------------------------------------------------------------------------------------------


def test_the_participants_chooser_tells_people_of_one_name_apart(page, site):
    records = site.records
    city_id = records["cities"]["Villa Navegador Norte"]
    title = "Llamada con Carla (prueba)"
    page.goto(reverse("wagtailsnippets_contacts_engagement:add") + f"?city={city_id}")
    page.fill("#id_title", title)
    page.select_option("#id_kind", "call")

    modal, rows = open_chooser(page, "participants", NAME)
    expect(rows).to_have_count(len(CARLAS))
    for organisation, city, email in CARLAS:
        row = rows.filter(has_text=email)
        expect(row).to_have_count(1)
        expect(row).to_contain_text(NAME)
        expect(row).to_contain_text(organisation)
        expect(row).to_contain_text(city)
    rows.filter(has_text=CARLAS[CHOSEN][2]).locator("input[type=checkbox]").check()
    modal.get_by_role("button", name="Confirm selection").click()
    expect(modal).to_be_hidden()
    assert chosen_ids(page, "participants") == [records["carlas"][CHOSEN]]

    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/snippets/contacts/engagement/(\?.*)?$"))
    saved = site.manage("shell", "--no-imports", "--command", PARTICIPANTS_OF.format(title=title))
    assert json.loads(saved) == [records["carlas"][CHOSEN]]


def test_the_city_chooser_offers_each_city_once(page, site):
    original_id = site.records["cities"][TRANSLATED_CITY]
    page.goto(reverse("wagtailsnippets_contacts_engagement:add"))

    # The city has a Spanish original, a Portuguese translation and an English alias, all of one name.
    assert site.records["pages_of_translated_city"] == 3
    modal, rows = open_chooser(page, "cities", TRANSLATED_CITY)
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Región Norte")
    rows.locator("input[type=checkbox]").check()
    modal.get_by_role("button", name="Confirm selection").click()
    expect(modal).to_be_hidden()
    assert chosen_ids(page, "cities") == [original_id]


def test_the_person_page_shows_the_person_and_logs_an_engagement_with_them(page, site):
    person_id = site.records["carlas"][0]
    organisation, city, email = CARLAS[0]
    page.goto(reverse("wagtailsnippets_contacts_contact:inspect", args=[person_id]))

    expect(page.locator("h1")).to_contain_text(NAME)
    roles = page.locator("section[aria-labelledby=person-roles-heading] tbody tr")
    expect(roles).to_have_count(1)
    expect(roles).to_contain_text("Coordinator")
    expect(roles).to_contain_text(city)
    expect(page.locator("section[aria-labelledby=person-reach-heading]")).to_contain_text(email)
    engagements = page.locator("section[aria-labelledby=person-engagements-heading]")
    expect(engagements.get_by_role("link", name="Taller de bibliotecas (prueba)")).to_be_visible()

    page.get_by_role("link", name="Log an engagement with them").click()
    page.wait_for_url(re.compile(rf"/add/\?participant={person_id}$"))
    participants = page.locator("[data-controller=multiple-chooser]:has(#id_participants) li")
    expect(participants).to_have_count(1)
    expect(participants).to_contain_text(NAME)
    assert chosen_ids(page, "participants") == [person_id]
    assert chosen_ids(page, "cities") == [site.records["cities"][city]]


def test_the_timeline_filters_fit_a_phone_screen(page, site):
    """At 375 px the kind, the theme and the Filter button wrap onto lines of their own, within the screen."""
    page.set_viewport_size({"width": 375, "height": 800})
    city_id = site.records["cities"]["Villa Navegador Norte"]
    page.goto(reverse("contacts_timeline:city", args=[city_id]))
    form = page.get_by_role("form", name="Filter the timeline")
    for control in (
        form.get_by_label("Kind"),
        form.get_by_label("Theme"),
        form.get_by_role("button", name="Filter"),
    ):
        control.scroll_into_view_if_needed()
        box = control.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375, box
