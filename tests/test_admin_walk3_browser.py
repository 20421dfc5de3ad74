"""What a walk through the staff's event, mailing, import and CRM screens at phone width found, in headless
Chromium (as tests/test_accessibility_browser.py: the site served from its own database with the first
run's demo engagement log, UIL staff signed in through the login form, in Spanish).

Wagtail's main area hides whatever is wider than it (`w-overflow-x-hidden`): on a 375 px phone a table of
our screens wider than that lost its last columns, which no finger could scroll to (the import preview's
"Possible duplicates", the person page's "Documents", the columns a file may have). Each such table now
scrolls sideways inside a box of its own, which the keyboard reaches too (axe: scrollable-region-focusable).
The attendance report's table already scrolled, but its box was out of the keyboard's reach.

A list whose longest choice is long ("Abierta, con confirmación del personal", "Ninguna de estas / no es una
Ciudad del Aprendizaje") was as wide as that choice: Wagtail shows a select's field as an inline block,
which grew past the phone's screen and took the field's comment button with it.

Wagtail's own listings (contacts, registrations…) were cut off the same way; they now scroll sideways too,
and a row's menu still opens whole, outside the box that scrolls.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.axe_checks import described, signed_in, violations
from tests.site_server import SiteServer
from tests.test_map_browser import TIMEOUT_MS, browser, chromium_executable, close_context, geocoder  # noqa: F401

pytestmark = pytest.mark.browser

PHONE = 375

SET_LANGUAGE = (
    "from django.contrib.auth import get_user_model; from wagtail.users.models import UserProfile; "
    "profile = UserProfile.get_for_user(get_user_model().objects.get(username='staff')); "
    "profile.preferred_language = '{}'; profile.save()"
)

# One person checked in at an event on now, so that the attendance report has a row.
CHECK_SOMEONE_IN = """
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from events import attendance
from events.models import EventPage, Registration
from events.registration import Registrant, register
from tests.factories import EventFactory

now = timezone.now()
event = EventFactory(starts_at=now + timedelta(hours=1), ends_at=now + timedelta(hours=5))
register(event, Registrant(given_name="Ana", family_name="Pérez", email="ana@example.org", language="es"))
EventPage.objects.filter(pk=event.pk).update(starts_at=now - timedelta(hours=1))
registration = Registration.objects.select_related("event").get(event=event)
staff = get_user_model().objects.get(username="staff")
attendance.check_in(registration, attendance.default_day(registration.event), staff)
"""

# The event made by CHECK_SOMEONE_IN: its original (Spanish) page, which the editor edits.
LATEST_EVENT = (
    "from events.models import EventPage; "
    "print(EventPage.objects.filter(locale__language_code='es').latest('pk').pk)"
)

# Form controls of `main` reaching past the window's right edge.
WIDE_CONTROLS = """() => [...document.querySelectorAll("main input, main select, main textarea")]
    .filter((control) => control.getClientRects().length)
    .filter((control) => control.getBoundingClientRect().right > innerWidth)
    .map((control) => control.id || control.name)"""

# A contacts file whose rows both have errors: the preview lists them and imports nothing.
BAD_CONTACTS = (
    "given_name,family_name,email,city\nAna,,no-es-correo,Ciudad Inexistente\n,Pérez,x@example.org,Medellín\n"
)

# Every table of `main` that reaches past the window's right edge without a box of its own that scrolls
# sideways, fits in the window, and whose scrolling brings the table's last column into view.
CUT_OFF_TABLES = """() => {
    const right = window.innerWidth + 1;
    const scroller = (table) => {
        for (let box = table.parentElement; box && box.tagName !== "MAIN"; box = box.parentElement) {
            if (["auto", "scroll"].includes(getComputedStyle(box).overflowX)) return box;
        }
        return null;
    };
    return [...document.querySelectorAll("main table")].filter((table) => {
        if (table.getBoundingClientRect().right <= right) return false;
        const box = scroller(table);
        if (!box || box.getBoundingClientRect().right > right) return true;
        box.scrollLeft = box.scrollWidth;
        const cells = table.querySelectorAll("tr:first-child > *");
        const last = cells[cells.length - 1].getBoundingClientRect();
        box.scrollLeft = 0;
        return last.right > right;
    }).map((table) => (table.querySelector("caption, th") || table).textContent.trim().slice(0, 60));
}"""


@pytest.fixture(scope="module")
def demo_site(chromium_executable, geocoder):  # noqa: F811
    commands = [
        ("load_demo_engagements",),
        ("shell", "--no-imports", "-c", SET_LANGUAGE.format("es")),
    ]
    with SiteServer(geocoder_domain=geocoder.domain, setup_commands=commands) as server:
        # Not a setup command: what those make is kept for the day, and this event is on now.
        server.manage("shell", "--no-imports", "-c", CHECK_SOMEONE_IN)
        yield server


@pytest.fixture(scope="module")
def staff_session(browser, demo_site):  # noqa: F811
    return signed_in(browser, demo_site, "staff", demo_site.STAFF_PASSWORD)


@pytest.fixture
def phone(browser, demo_site, staff_session):  # noqa: F811
    context = browser.new_context(
        base_url=demo_site.base_url,
        viewport={"width": PHONE, "height": 800},
        bypass_csp=True,  # axe is added to the page by Playwright
        storage_state=staff_session,
    )
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    close_context(context)


def assert_tables_reachable(page):
    """No table is cut off, and axe finds nothing (but Wagtail's own, as the accessibility tests)."""
    path = page.url
    cut_off = page.evaluate(CUT_OFF_TABLES)
    assert cut_off == [], f"{path} at {PHONE} px cuts off the tables {cut_off}"
    found = violations(page, path)
    assert not found, f"{path} at {PHONE} px:\n{described(found)}"


def first_link(page, path, pattern):
    page.goto(path)
    for href in page.eval_on_selector_all("a[href]", "links => links.map((a) => a.getAttribute('href'))"):
        if re.search(pattern, href):
            return href
    raise AssertionError(f"{path} links to nothing matching {pattern}")


def test_the_import_preview_shows_every_column_of_its_rows_on_a_phone(phone, tmp_path):
    upload = tmp_path / "contactos.csv"
    upload.write_text(BAD_CONTACTS)
    phone.goto("/admin/engagement-log/import/")
    phone.locator("input[type=radio]").first.check()  # contacts
    phone.set_input_files("input[type=file]", upload)
    phone.locator("main form [type=submit]").first.click()
    phone.wait_for_url(re.compile(r"/admin/engagement-log/import/[\w-]+/$"))
    assert phone.locator(".import-row--error").count() == 2
    assert_tables_reachable(phone)


@pytest.mark.parametrize(
    "target",
    [
        "/admin/engagement-log/import/",
        "/admin/library/import/",
        "/admin/reports/last-engagement/",
        "/admin/reports/event-attendance/",
        # The listing links each contact's form; the person page is beside it.
        ("/admin/snippets/contacts/contact/", r"^/admin/snippets/contacts/contact/edit/\d+/$"),
    ],
    ids=["contacts import", "library import", "last engagement", "attendance", "person page"],
)
def test_the_tables_of_our_screens_scroll_sideways_on_a_phone(phone, target):
    path = first_link(phone, *target).replace("/edit/", "/inspect/") if isinstance(target, tuple) else target
    phone.goto(path)
    assert_tables_reachable(phone)


def test_the_event_editor_and_the_attendee_form_keep_their_lists_on_a_phone(phone, demo_site):
    event = int(demo_site.manage("shell", "--no-imports", "-c", LATEST_EVENT))
    phone.goto(f"/admin/pages/{event}/edit/")
    tabs = phone.get_by_role("tab")
    expect(tabs.first).to_be_visible()
    assert tabs.count() >= 3
    for tab in tabs.all():
        tab.click()
        expect(tab).to_have_attribute("aria-selected", "true")
        assert phone.evaluate(WIDE_CONTROLS) == [], f"the tab {tab.inner_text()!r} is wider than the phone"
    phone.goto("/admin/snippets/events/registration/add-attendee/")
    assert phone.evaluate(WIDE_CONTROLS) == []


def test_the_check_in_page_passes_axe_in_portuguese(phone, demo_site):
    """The "✓ Presente" button's name starts with what it shows (axe: label-content-name-mismatch)."""
    event = int(demo_site.manage("shell", "--no-imports", "-c", LATEST_EVENT))
    demo_site.manage("shell", "--no-imports", "-c", SET_LANGUAGE.format("pt-br"))
    try:
        path = f"/admin/events/check-in/{event}/"
        found = violations(phone, path)
        expect(phone.locator(".people button[value=undo]")).to_have_text("✓ Presente")
        assert not found, f"{path} at {PHONE} px:\n{described(found)}"
    finally:
        demo_site.manage("shell", "--no-imports", "-c", SET_LANGUAGE.format("es"))


@pytest.mark.parametrize("listing", ["contacts/contact", "events/registration"])
def test_wagtails_listings_scroll_sideways_on_a_phone_and_keep_their_row_menus(phone, listing):
    phone.goto(f"/admin/snippets/{listing}/")
    cut_off = phone.evaluate(CUT_OFF_TABLES)
    assert cut_off == [], f"the listing at {PHONE} px cuts off {cut_off}"
    # The last row's menu opens below the table, outside the box that scrolls: it is not clipped by it.
    phone.locator("table.listing tbody tr").last.locator("button[aria-expanded]").first.click()
    last_item = phone.locator("[data-tippy-root] a:visible, [data-tippy-root] button:visible").last
    expect(last_item).to_be_visible()
    last_item.scroll_into_view_if_needed()
    box = last_item.bounding_box()
    middle = {"x": box["x"] + box["width"] / 2, "y": box["y"] + box["height"] / 2}
    assert 0 <= middle["x"] <= PHONE
    hit = phone.evaluate(
        "([x, y]) => document.elementFromPoint(x, y)?.closest('[data-tippy-root]') !== null",
        [middle["x"], middle["y"]],
    )
    assert hit, "the row's menu is hidden behind or clipped by the listing"
