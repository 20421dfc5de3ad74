"""The public pages and the admin pages of our own apps pass axe-core's accessibility checks (WCAG 2.x A and
AA: names, labels, contrast, landmarks, headings, keyboard reach), in headless Chromium.

The checks themselves are tests/axe_checks.py's. The site is served with the first run's demo engagement log
and progress report, so that listings, reports, timelines and the person page have rows. Public pages are
checked at desktop and phone width, in the three languages; admin pages as UIL staff and as the demo focal
point of Medellín. What axe reports in Wagtail's own admin markup is Wagtail's to fix (WAGTAILS_OWN); anything
else fails the test, named by rule, impact and element.

Each page is a test of its own, so that a failure names the page; they share one server and one browser, and
one tab for each role and width (`Tabs`), left blank between pages. axe runs once the page has loaded, its
fonts are in and its maps, if map-loader.js loads them, are drawn (`MAPS_DRAWN`): that is all the pages'
scripts still do after the load event, so axe finds what it found when it waited for the network to be idle
for half a second, sooner.
"""

import contextlib
import re

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests import test_map_browser
from tests.axe_checks import AXE_SOURCE, RUN_AXE, described, new_page, signed_in, without_wagtails_own
from tests.site_server import SiteServer
from tests.test_map_browser import TIMEOUT_MS, browser, browser_answers, close_context, geocoder  # noqa: F401

pytestmark = pytest.mark.browser

# Debian's Chromium; without it these tests are skipped, except on CI where they must run.
chromium_executable = test_map_browser.chromium_executable

# Waits, within `timeout` ms, for the maps of the page to be drawn if map-loader.js loads them (it does once
# a map comes near the viewport): Leaflet's map, the basemap (the server has no tile layer) and the markers
# (`data-marker-count`), with no zoom or cluster animation and nothing changing in the maps for `QUIET_MS`:
# Leaflet starts a zoom a frame after it is asked for, and after a zoom the cluster layer may animate too.
# Returns "drawn" once they are, null if the page draws no map, or what is missing.
MAPS_DRAWN = """async ([timeout, quietMs]) => {
    await document.fonts.ready;
    const maps = Array.from(document.querySelectorAll("[data-network-map], [data-city-map]"));
    const assets = document.getElementById("map-assets");
    const script = assets && assets.content.querySelector("script[src]");
    if (!maps.length || !script) return null;
    // Intersection observers are told in the order they were made: once this one is, map-loader.js's
    // has been too, and has put the maps' scripts in the page if a map is near the viewport.
    await new Promise((resolve) => {
        const observer = new IntersectionObserver(() => { observer.disconnect(); resolve(); });
        maps.forEach((map) => observer.observe(map));
    });
    const loaded = Array.from(document.body.querySelectorAll(":scope > script[src]"))
        .some((element) => element.getAttribute("src") === script.getAttribute("src"));
    // map-loader.js's margin: a map this near is loaded, if its observer has not said so yet.
    const near = maps.some((map) => {
        const box = map.getBoundingClientRect();
        return box.top < window.innerHeight + 300 && box.bottom > -300;
    });
    if (!loaded && !near) return null;
    const drawn = (map) => map.classList.contains("leaflet-container")
        && (!map.dataset.basemapUrl || map.dataset.basemap === "shown")
        && (!("networkMap" in map.dataset)
            || ("markerCount" in map.dataset && !map.hasAttribute("aria-busy")))
        && !map.querySelector(".leaflet-zoom-anim, .leaflet-cluster-anim");
    let changed = performance.now();
    const changes = new MutationObserver(() => { changed = performance.now(); });
    maps.forEach((map) => changes.observe(map, {subtree: true, childList: true, attributes: true}));
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    const end = performance.now() + timeout;
    try {
        for (;;) {
            await frame();
            if (!maps.every(drawn)) changed = performance.now();
            else if (performance.now() - changed >= quietMs) return "drawn";
            if (performance.now() > end) {
                const waiting = maps.filter((map) => !drawn(map)).map((map) => map.id);
                return "maps not drawn: " + (waiting.join(", ") || "still changing");
            }
        }
    } finally {
        changes.disconnect();
    }
}"""
QUIET_MS = 300

PUBLIC_PAGES = [
    "/",
    "/cities/",
    "/cities/?country=ZZ&q=" + "x" * 101,  # the filters' error messages
    ("/cities/", r"^/cities/[a-z0-9-]+/$"),  # a city page
    "/events/",
    ("/events/", r"^/events/(?!calendar/)[a-z0-9-]+/$"),  # an event page
    "/resources/",
    ("/resources/", r"^/resources/(?!feed/)[a-z0-9-]+/$"),  # a resource page
    "/practices/",
    "/search/?query=Colombia",  # results with filters
    "/search/?query=zzqqxxy",  # no result
    "/en/search/?query=learning&country=BR",  # results in another language (lang), a chosen filter
    "/no-such-page/",
    "/en/",
    "/en/cities/",
    "/pt-br/",
    "/pt-br/events/",
]

STAFF_PAGES = [
    "/admin/",
    "/admin/snippets/contacts/engagement/",
    "/admin/snippets/contacts/engagement/add/",
    "/admin/snippets/contacts/contact/",
    "/admin/snippets/contacts/contact/add/",
    "/admin/snippets/contacts/organisation/",
    "/admin/snippets/mailings/mailing/",
    "/admin/snippets/mailings/mailing/add/",
    "/admin/snippets/mailings/segment/add/",
    "/admin/snippets/events/registration/",
    "/admin/snippets/progress/cycle/",
    "/admin/reports/focal-point-activity/",
    "/admin/reports/profile-completeness/",
    "/admin/reports/engagements-by-country/",
    "/admin/reports/theme-coverage/",
    "/admin/reports/last-engagement/",
    "/admin/reports/event-attendance/",
    "/admin/reports/progress-reports/",
    "/admin/reports/progress-answers/",
    "/admin/reports/progress-measures/",
    "/admin/engagement-log/import/",
    "/admin/library/import/",
    "/admin/progress/import/",
    ("/admin/reports/last-engagement/", r"^/admin/cities/\d+/timeline/$"),  # a city's timeline
    ("/admin/snippets/contacts/contact/", r"^/admin/snippets/contacts/contact/edit/\d+/$"),
    ("/admin/snippets/contacts/engagement/", r"^/admin/snippets/contacts/engagement/edit/\d+/$"),
    "city editor",
]


FOCAL_POINT_PAGES = [
    "/admin/",
    "/admin/progress/my-city/",
    ("/admin/progress/my-city/", r"^/admin/progress/my-city/\d+/$"),  # the report's editor
    "/admin/events/my-city/",
    "/admin/cities/pages/search/?q=medellin",
    "city editor",
]

FOCAL_POINT_PASSWORD = "browser-focal-Pw-5170"
# The demo focal point of Medellín is made with a password of its own: the test sets one it knows.
SET_FOCAL_POINT_PASSWORD = (
    "from django.contrib.auth import get_user_model; "
    "user = get_user_model().objects.get(username='medellin'); "
    f"user.set_password('{FOCAL_POINT_PASSWORD}'); user.save()"
)


@pytest.fixture(scope="module")
def demo_site(chromium_executable, geocoder):  # noqa: F811
    commands = [
        ("load_demo_engagements",),
        ("load_demo_progress_report",),
        ("shell", "--no-imports", "-c", SET_FOCAL_POINT_PASSWORD),
    ]
    with SiteServer(geocoder_domain=geocoder.domain, setup_commands=commands) as server:
        yield server


@pytest.fixture(scope="module")
def staff_session(browser, demo_site):  # noqa: F811
    return signed_in(browser, demo_site, "staff", demo_site.STAFF_PASSWORD)


@pytest.fixture(scope="module")
def focal_point_session(browser, demo_site):  # noqa: F811
    return signed_in(browser, demo_site, "medellin", FOCAL_POINT_PASSWORD)


class Tabs:
    """One tab for each role and width, opened with its first page and kept for the others: a context of its
    own for each page started with an empty cache, and loaded every script and stylesheet again. A tab whose
    browser crashed is opened again. The page a target links to is looked up once for each role."""

    def __init__(self, browser, site):  # noqa: F811
        self.browser = browser
        self.site = site
        self.pages = {}
        self.paths = {}

    def page(self, role, width, storage_state=None):
        page = self.pages.get((role, width))
        if page is None or page.is_closed() or not browser_answers(page.context.browser):
            page = new_page(self.browser, self.site, width=width, storage_state=storage_state)
            self.pages[role, width] = page
        return page

    def resolved(self, page, role, target):
        if (role, target) not in self.paths:
            self.paths[role, target] = resolved(page, self.site, target)
        return self.paths[role, target]

    def close(self):
        for page in self.pages.values():
            close_context(page.context)


@pytest.fixture(scope="module")
def tabs(browser, demo_site):  # noqa: F811
    opened = Tabs(browser, demo_site)
    yield opened
    opened.close()


def linked_from(page, path, pattern):
    """The first link on `path` whose address matches `pattern`."""
    page.goto(path, wait_until="domcontentloaded")
    for href in page.eval_on_selector_all(
        "a[href]", "links => links.map((link) => link.getAttribute('href'))"
    ):
        if re.search(pattern, href):
            return href
    raise AssertionError(f"{path} links to nothing matching {pattern}")


def resolved(page, site, target):
    if target == "city editor":
        [city] = [
            feature
            for feature in site.get_json("/api/cities.geojson?country=CO")["features"]
            if feature["properties"]["name"] == "Medellín"
        ]
        return f"/admin/pages/{city['id']}/edit/"
    return linked_from(page, *target) if isinstance(target, tuple) else target


def found_by_axe(page, path):
    """What axe finds on `path` once the page's scripts are done (MAPS_DRAWN), but for Wagtail's own."""
    response = page.goto(path)
    assert response.status < 500, f"{path} answered {response.status}"
    maps = page.evaluate(MAPS_DRAWN, [TIMEOUT_MS, QUIET_MS])
    assert maps in (None, "drawn"), f"{path}: {maps}"
    if maps:
        # A map's page went on changing now and then when axe ran as soon as it was drawn: its few pages
        # wait, as every page did, for the network to be idle, the maps' requests included.
        page.wait_for_load_state("networkidle")
    page.add_script_tag(path=AXE_SOURCE)
    return without_wagtails_own(page.evaluate(RUN_AXE))


def page_id(target):
    return target if isinstance(target, str) else f"link {target[1]} on {target[0]}"


def assert_passes_axe(tabs, target, role, width=1280, storage_state=None):
    page = tabs.page(role, width, storage_state)
    try:
        path = tabs.resolved(page, role, target)
        found = found_by_axe(page, path)
    finally:
        # The page's scripts stop with it, as they did when each page closed a context of its own: an editor
        # left open would go on telling Wagtail that someone edits the page, and its next editor would say so.
        with contextlib.suppress(PlaywrightError):  # a crashed browser: the next test's tab is a new one
            page.goto("about:blank")
    assert not found, f"{path} at {width} px:\n{described(found)}"


@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
@pytest.mark.parametrize("target", PUBLIC_PAGES, ids=page_id)
def test_public_pages_pass_axe(tabs, target, width):
    assert_passes_axe(tabs, target, "visitor", width=width)


@pytest.mark.parametrize("target", STAFF_PAGES, ids=page_id)
def test_staff_admin_pages_pass_axe(tabs, staff_session, target):
    assert_passes_axe(tabs, target, "staff", storage_state=staff_session)


@pytest.mark.parametrize("target", FOCAL_POINT_PAGES, ids=page_id)
def test_focal_point_admin_pages_pass_axe(tabs, focal_point_session, target):
    assert_passes_axe(tabs, target, "focal point", storage_state=focal_point_session)
