"""Events in a real browser, on a phone: registering from /en/events/, checking people in at the door, and
the certificate of attendance a registrant downloads and anyone can check.

Headless Chromium against the site served by another process (tests/site_server.py, as in
tests/test_crm_browser.py): the server has a database of its own, so each test makes its event there with
the factories and the registration service (`site.manage("shell", ...)`) and reads back there what the
browser changed. Every test makes its own event, so the tests run in any order, alone or together.

Why this module is long: each browser test sets up its event and people on the site server first.
"""

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.axe_checks import described, violations
from tests.site_server import PlaceStandIn, SiteServer

# The map tests' Chromium and its browser, closed with this module too.
from tests.test_map_browser import TIMEOUT_MS, browser, chromium_executable, close_context  # noqa: F401

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}

# Run by `manage.py shell` in the server's environment (`on_server`, which defines TITLE, CAPACITY… first).
MAKE_UPCOMING_EVENT = """
import json
from tests.factories import EventFactory

event = EventFactory(title=TITLE, capacity=CAPACITY)
print(json.dumps({"event": event.pk}))
"""

# An in-person event with its venue's coordinates (Cusco's main square).
MAKE_EVENT_WITH_VENUE = """
import json
from events.models import EventPage
from tests.factories import EventFactory

event = EventFactory(
    title=TITLE, event_format=EventPage.Format.IN_PERSON, venue=VENUE, latitude=-13.5167, longitude=-71.9788
)
print(json.dumps({"event": event.pk, "url": event.url}))
"""

# An event on now (it started an hour ago) with PEOPLE registered while registration was open: it closes
# when the event starts, so the event is made an hour ahead, people register, and then it is moved.
# CHECKED_IN names the e-mail addresses already checked in at the door today.
MAKE_EVENT_ON_NOW = """
import json
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from events import attendance
from events.models import EventPage, Registration
from events.links import manage_link
from events.registration import Registrant, register
from tests.factories import EventFactory

now = timezone.now()
event = EventFactory(title=TITLE, starts_at=now + timedelta(hours=1), ends_at=now + timedelta(hours=5))
registrations = [
    register(event, Registrant(given_name=given, family_name=family, email=email, language=language))
    for given, family, email, language in PEOPLE
]
EventPage.objects.filter(pk=event.pk).update(starts_at=now - timedelta(hours=1))
staff = get_user_model().objects.get(username="staff")
links = {}
for registration in Registration.objects.filter(pk__in=[r.pk for r in registrations]).select_related("event"):
    if registration.email in CHECKED_IN:
        attendance.check_in(registration, attendance.default_day(registration.event), staff)
    # The personal link as the registrant's e-mails give it (in their language).
    with translation.override({"es": "es", "pt": "pt-br", "en": "en"}[registration.language]):
        links[registration.email] = manage_link(registration)
print(json.dumps({"event": event.pk, "links": links}))
"""

# The event made by MAKE_EVENT_ON_NOW ends: certificates are issued once it has.
END_EVENT = """
from datetime import timedelta
from django.utils import timezone
from events.models import EventPage

EventPage.objects.filter(pk=EVENT).update(ends_at=timezone.now() - timedelta(minutes=1))
print("{}")
"""

REGISTRATIONS_OF = """
import json
from events.models import Registration

print(json.dumps([
    {"name": r.name, "email": r.email, "language": r.language, "status": r.status}
    for r in Registration.objects.filter(event_id=EVENT).order_by("created_at", "pk")
]))
"""

CHECK_INS_OF = """
import json
from events.models import CheckIn

print(json.dumps([
    {"email": c.registration.email, "by": c.checked_in_by.username if c.checked_in_by else None}
    for c in CheckIn.objects.filter(registration__event_id=EVENT).select_related(
        "registration", "checked_in_by"
    )
]))
"""

# The states of the `issue_certificates` tasks queued for EVENT (in the database, for the worker).
TASKS_OF_EVENT = """
from django_tasks_db.models import DBTaskResult

tasks = [
    result.status
    for result in DBTaskResult.objects.filter(task_path="events.certificates.issue_certificates")
    if result.args_kwargs.get("args") == [EVENT]
]
"""

QUEUED_CERTIFICATES_OF = (
    TASKS_OF_EVENT
    + """
import json
print(json.dumps(tasks))
"""
)

# What the worker left: the task's state and, by e-mail address, each certificate's code and first bytes.
CERTIFICATES_OF = (
    TASKS_OF_EVENT
    + """
import json
from events.models import Certificate

print(json.dumps({
    "tasks": tasks,
    "certificates": {
        c.registration.email: {"code": c.code, "pdf": bytes(c.pdf[:5]).decode("latin-1")}
        for c in Certificate.objects.filter(registration__event_id=EVENT).select_related("registration")
    },
}))
"""
)


# --- Fixtures ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(chromium_executable):  # noqa: F811
    """The site served by `runserver` from a database of its own; each test adds its own event."""
    with PlaceStandIn() as geocoder, SiteServer(geocoder_domain=geocoder.domain) as server:
        yield server


@pytest.fixture
def phone(browser, site):  # noqa: F811
    """Opens pages in phone-sized windows (390 × 844, touch), one browser context (one person) each.

    Requests leaving 127.0.0.1 are refused; script errors, refused requests and server errors are
    collected and must be none when the test ends.
    """
    opened = []

    def open_page():
        context = browser.new_context(
            base_url=site.base_url,
            locale="en-US",
            viewport=PHONE,
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
        )
        context.set_default_timeout(TIMEOUT_MS)
        problems = []

        def only_local(route):
            if urlsplit(route.request.url).hostname == "127.0.0.1":
                route.continue_()
            else:
                problems.append(f"request outside the test server: {route.request.url}")
                route.abort()

        def server_error(response):
            if response.status >= 500:
                problems.append(f"server error {response.status}: {response.url}")

        context.route("**/*", only_local)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
        page.on("response", server_error)
        opened.append((context, problems))
        return page

    yield open_page
    found = [problem for _context, problems in opened for problem in problems]
    for context, _problems in opened:
        close_context(context)
    assert found == [], f"problems in the pages: {found}\n{site.log()}"


# --- Helpers -----------------------------------------------------------------------------------------


def on_server(site, script, **values):
    """Run `script` with `values` defined before it in the server's `manage.py shell`; return its JSON."""
    lines = [f"{name} = {value!r}" for name, value in values.items()]
    return json.loads(site.manage("shell", "--no-imports", "--command", "\n".join([*lines, script])))


def sign_in_as_staff(page, site):
    """Sign in as the demo UIL staff account through the admin's login form (as test_crm_browser.py)."""
    page.goto(reverse("wagtailadmin_login"))
    page.fill("#id_username", "staff")
    page.fill("#id_password", site.STAFF_PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"), wait_until="commit")


def assert_no_horizontal_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide in a {PHONE['width']} px window"


def open_registration_form(page, title):
    """From the English events index, the event's page, then its "Register" link."""
    page.goto("/en/events/")
    upcoming = page.locator("section[aria-labelledby=upcoming-heading]")
    upcoming.get_by_role("link", name=title, exact=True).click()
    expect(page.locator("h1")).to_have_text(title)
    page.get_by_role("link", name="Register", exact=True).click()
    page.wait_for_url(re.compile(r"^[^?]*/en/events/[^/]+/register/$"))
    expect(page.locator("h1")).to_have_text("Register")


def fill_in(page, given, family, email, language):
    page.fill("#id_given_name", given)
    page.fill("#id_family_name", family)
    page.fill("#id_email", email)
    page.select_option("#id_language", language)


def tab_to_the_register_button(page):
    """Press Tab from the language field until the Register button has the focus; return what it visited."""
    page.focus("#id_language")
    visited = []
    for _ in range(10):
        page.keyboard.press("Tab")
        visited.append(page.evaluate("document.activeElement.id || document.activeElement.tagName"))
        if page.evaluate("document.activeElement.matches('form.form button[type=submit]')"):
            return visited
    raise AssertionError(f"Tab went through {visited} without reaching the Register button")


def submit_with_enter(page, field, site):
    """Press Enter in `field` (the focused element when None) and check the server took the form."""
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        if field is None:
            page.keyboard.press("Enter")
        else:
            page.locator(field).press("Enter")
    status = answer.value.status
    assert status == 302, (
        f"the registration form's POST got HTTP {status}, not a redirect:\n{site.log()[-600:]}"
    )


# --- Registration ------------------------------------------------------------------------------------


def test_the_registration_form_on_a_phone_hides_the_robots_field(phone, site):
    title = "Taller de lectura para familias (navegador)"
    on_server(site, MAKE_UPCOMING_EVENT, TITLE=title, CAPACITY=1)

    page = phone()
    open_registration_form(page, title)
    expect(page.locator(".registration")).to_contain_text("1 place left.")
    assert_no_horizontal_scroll(page)
    for label in ("Given name", "Family name", "E-mail address", "Language"):
        expect(page.get_by_label(label, exact=False).first).to_be_visible()

    # The robots' field is in the form, but nobody sees it: it lies left of the page, where no scrolling
    # reaches, clipped to a 1 px box, hidden from screen readers, and Tab never stops at it.
    honeypot = page.locator("#id_website")
    expect(honeypot).to_be_attached()
    expect(honeypot).not_to_be_in_viewport()
    box = honeypot.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 0, f"the robots' field is on the page at {box}"
    wrapper = page.locator(".honeypot").bounding_box()
    assert wrapper["width"] <= 1 and wrapper["height"] <= 1, f"the robots' field's box is {wrapper}"
    expect(page.locator(".honeypot")).to_have_attribute("aria-hidden", "true")
    visited = tab_to_the_register_button(page)
    assert "id_website" not in visited, f"Tab stopped at the robots' field: {visited}"


def test_the_registration_form_fits_fingers_on_a_phone(phone, site):
    """Fields at the text's size (16 px: phones zoom into smaller ones) and 44 px high; a checkbox on the line
    of its label."""
    title = "Taller de escritura para familias (navegador)"
    on_server(site, MAKE_UPCOMING_EVENT, TITLE=title, CAPACITY=5)
    page = phone()
    open_registration_form(page, title)

    controls = page.locator(".registration .form__field").locator(
        "input:not([type=checkbox]), select, textarea"
    )
    assert controls.count() >= 4
    for index in range(controls.count()):
        control = controls.nth(index)
        size = float(control.evaluate("(element) => getComputedStyle(element).fontSize").removesuffix("px"))
        height = control.bounding_box()["height"]
        name = control.get_attribute("name")
        assert size >= 16 and height >= 44, f"{name}: {size} px text, {height} px high"

    checkboxes = page.locator(".registration .form__field input[type=checkbox]")
    assert checkboxes.count() >= 1
    for index in range(checkboxes.count()):
        checkbox = checkboxes.nth(index)
        label = page.locator(f"label[for='{checkbox.get_attribute('id')}']")
        box, text = checkbox.bounding_box(), label.bounding_box()
        assert box["width"] >= 20, f"a {box['width']} px checkbox"
        assert text["x"] > box["x"] + box["width"] and text["y"] < box["y"] + box["height"], (
            f"the label at {text} is not beside its checkbox at {box}"
        )
    assert_no_horizontal_scroll(page)


def test_two_visitors_register_on_a_phone_for_the_last_place_and_the_waiting_list(phone, site):
    title = "Taller de lectura en voz alta (navegador)"
    event = on_server(site, MAKE_UPCOMING_EVENT, TITLE=title, CAPACITY=1)["event"]

    # The first visitor takes the last place, with the keyboard: Tab to the button, then Enter.
    first = phone()
    open_registration_form(first, title)
    expect(first.locator(".registration")).to_contain_text("1 place left.")
    fill_in(first, "Rosa", "Quispe Mamani", "rosa.quispe@example.org", "pt")
    tab_to_the_register_button(first)
    submit_with_enter(first, None, site)

    first.wait_for_url(re.compile(r"/register/\?done=received$"))
    expect(first.get_by_role("status")).to_contain_text("Check your e-mail")
    assert_no_horizontal_scroll(first)

    # A second visitor, afterwards: the event is full, and Enter in the e-mail field registers them.
    second = phone()
    open_registration_form(second, title)
    expect(second.locator(".registration")).to_contain_text("The event is full")
    fill_in(second, "Tomás", "Ayala", "tomas.ayala@example.org", "es")
    submit_with_enter(second, "#id_email", site)

    second.wait_for_url(re.compile(r"/register/\?done=received$"))
    expect(second.get_by_role("status")).to_contain_text("Check your e-mail")

    assert on_server(site, REGISTRATIONS_OF, EVENT=event) == [
        {
            "name": "Rosa Quispe Mamani",
            "email": "rosa.quispe@example.org",
            "language": "pt",
            "status": "confirmed",
        },
        {"name": "Tomás Ayala", "email": "tomas.ayala@example.org", "language": "es", "status": "waiting"},
    ]


# --- The event's map ---------------------------------------------------------------------------------


def test_an_in_person_event_page_shows_its_venue_on_a_map(phone, site):
    venue = "Plaza de Armas (navegador)"
    made = on_server(site, MAKE_EVENT_WITH_VENUE, TITLE="Taller presencial en Cusco (navegador)", VENUE=venue)

    page = phone()
    page.goto(made["url"])
    page.locator("#event-map").scroll_into_view_if_needed()
    expect(page.locator(f'#event-map .leaflet-marker-icon[title="{venue}"]')).to_be_visible()
    box = page.locator("#event-map").bounding_box()
    assert box["height"] >= 200, f"the map is {box['height']} px high"
    assert_no_horizontal_scroll(page)


def test_the_register_button_and_the_calendar_link_each_keep_their_line_on_a_small_phone(phone, site):
    """Spanish words are long: at 375 px "(.ics)" fell under the Register button, beside nothing."""
    made = on_server(site, MAKE_EVENT_WITH_VENUE, TITLE="Taller de calendario (navegador)", VENUE="Plaza")

    page = phone()
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(made["url"])
    link = page.locator(".event__actions a[download]")
    expect(link).to_be_visible()
    lines = page.evaluate(
        """(link) => {
            const height = link.getBoundingClientRect().height;
            return height / parseFloat(getComputedStyle(link).lineHeight);
        }""",
        link.element_handle(),
    )
    assert lines < 1.5, f"the calendar link runs over {lines:.1f} lines"
    assert_no_horizontal_scroll(page)


# --- Check-in at the door ----------------------------------------------------------------------------


def test_staff_find_a_person_and_check_them_in_on_a_phone(phone, site):
    title = "Taller de bibliotecas comunitarias (navegador)"
    made = on_server(
        site,
        MAKE_EVENT_ON_NOW,
        TITLE=title,
        PEOPLE=[
            ("Valentina", "Huamán", "valentina.huaman@example.org", "es"),
            ("Joaquim", "Barbosa", "joaquim.barbosa@example.org", "pt"),
        ],
        CHECKED_IN=[],
    )
    page = phone()
    sign_in_as_staff(page, site)

    page.goto(reverse("events_check_in:page", args=[made["event"]]))
    expect(page.locator("h1")).to_contain_text(title)
    count = page.locator(".count")
    expect(count).to_contain_text("0 of 2 present")
    expect(page.locator(".people li")).to_have_count(2)

    page.locator("#q").fill("huam")
    page.locator("#q").press("Enter")
    page.wait_for_url(re.compile(r"[?&]q=huam(&|$)"))
    rows = page.locator(".people li")
    expect(rows).to_have_count(1)
    expect(rows.first.locator(".who")).to_have_text("Valentina Huamán")

    rows.first.get_by_role("button", name="Check in").tap()

    expect(count).to_contain_text("1 of 2 present")
    expect(rows).to_have_count(1)  # the search is kept
    expect(page.locator(".shown-search")).to_contain_text("People matching “huam”.")
    # … and the box is empty and has the focus: the next name is typed at once.
    expect(page.locator("#q")).to_have_value("")
    expect(page.locator("#q")).to_be_focused()
    expect(rows.first).to_have_class(re.compile(r"\bpresent\b"))
    expect(rows.first.locator("button")).to_have_text("✓ Present")
    expect(rows.first.get_by_role("button", name="Undo the check-in of Valentina Huamán")).to_be_visible()
    assert_no_horizontal_scroll(page)

    assert on_server(site, CHECK_INS_OF, EVENT=made["event"]) == [
        {"email": "valentina.huaman@example.org", "by": "staff"}
    ]


# --- Certificates of attendance ----------------------------------------------------------------------


def test_a_person_checked_in_downloads_their_certificate_and_anyone_can_check_it(phone, site):
    title = "Foro de ciudades que aprenden (navegador)"
    present, absent = "lucia.fernandez@example.org", "marco.torres@example.org"
    made = on_server(
        site,
        MAKE_EVENT_ON_NOW,
        TITLE=title,
        PEOPLE=[("Lucía", "Fernández", present, "en"), ("Marco", "Torres", absent, "es")],
        CHECKED_IN=[present],
    )
    event = made["event"]

    # Before any certificate, the person's own page offers none.
    registrant = phone()
    registrant.goto(made["links"][present])
    expect(registrant.locator("h1")).to_have_text("Your registration")
    expect(registrant.get_by_text("Lucía Fernández: Confirmed")).to_be_visible()
    expect(registrant.get_by_role("link", name="Download your certificate")).to_have_count(0)

    on_server(site, END_EVENT, EVENT=event)
    staff = phone()
    sign_in_as_staff(staff, site)
    staff.goto(reverse("events_check_in:page", args=[event]))
    expect(staff.locator(".count")).to_contain_text("1 of 2 present")
    staff.get_by_role("button", name="Issue the certificates of attendance").tap()
    expect(staff.get_by_role("status")).to_contain_text("The certificates are being issued")

    # The server's settings (network/settings/dev.py, from base.py) queue the task to the database for
    # the background worker, and no worker runs beside the test server: the button has queued it, and the
    # site's own worker, run once (`run_worker --batch`, as tests/test_fault_mailing_worker_killed.py does),
    # issues it, rather than calling `issue_certificates.call(event_id)` directly.
    assert on_server(site, QUEUED_CERTIFICATES_OF, EVENT=event) == ["READY"]
    site.manage("run_worker", "--batch", "--no-reload", "--verbosity", "0")
    issued = on_server(site, CERTIFICATES_OF, EVENT=event)
    assert issued["tasks"] == ["SUCCESSFUL"]
    certificates = issued["certificates"]
    assert list(certificates) == [present], "only the person checked in gets a certificate"
    code = certificates[present]["code"]
    assert certificates[present]["pdf"] == "%PDF-"

    # The registrant's personal link now offers the PDF.
    registrant.reload()
    link = registrant.get_by_role("link", name="Download your certificate")
    expect(link).to_be_visible()
    with registrant.expect_download() as downloading:
        link.tap()
    download = downloading.value
    assert download.failure() is None
    assert download.suggested_filename == f"certificate-{code}.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF")

    # Anyone with the code sees who attended what, without signing in.
    checker = phone()
    checker.goto(f"/en/certificates/{code}/")
    expect(checker.get_by_role("status")).to_have_text(f"Certificate {code} is genuine.")
    facts = checker.locator("dl.facts")
    expect(facts.locator("div", has=checker.locator("dt", has_text="Name")).locator("dd")).to_have_text(
        "Lucía Fernández"
    )
    expect(facts.locator("div", has=checker.locator("dt", has_text="Event")).locator("dd")).to_have_text(
        title
    )
    assert_no_horizontal_scroll(checker)


# --- Staff add an attendee at the door ---------------------------------------------------------------


def test_staff_add_a_walk_in_on_a_phone_without_writing_to_them(phone, site, browser):  # noqa: F811
    title = "Taller de radio comunitaria (navegador)"
    event = on_server(site, MAKE_UPCOMING_EVENT, TITLE=title, CAPACITY=10)["event"]
    form = reverse("wagtailsnippets_events_registration:add_attendee") + f"?event={event}"
    # axe is added to the page by Playwright: the site's CSP would refuse it as an inline script.
    checked = browser.new_context(base_url=site.base_url, viewport=PHONE, bypass_csp=True).new_page()
    sign_in_as_staff(checked, site)
    found = violations(checked, form)
    close_context(checked.context)
    assert not found, described(found)

    page = phone()
    sign_in_as_staff(page, site)
    page.goto(form)
    expect(page.get_by_role("combobox", name=re.compile(r"^Event"))).to_have_value(str(event))
    page.get_by_label("Given name").fill("Marta")
    page.get_by_label("Family name").fill("Quispe")
    page.get_by_label("E-mail address").fill("marta.quispe@example.org")
    page.get_by_label("Send the person the confirmation e-mail").uncheck()
    assert_no_horizontal_scroll(page)
    page.get_by_role("button", name="Add attendee").click()

    page.wait_for_url(re.compile(rf"/admin/snippets/events/registration/\?event={event}$"))
    expect(page.get_by_text("Marta Quispe is registered for")).to_contain_text("No e-mail was sent.")
    assert on_server(site, REGISTRATIONS_OF, EVENT=event) == [
        {"name": "Marta Quispe", "email": "marta.quispe@example.org", "language": "es", "status": "confirmed"}
    ]
