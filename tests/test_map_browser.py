"""The maps in a real browser: headless Chromium against the site served by another process.

The server (tests/site_server.py) has its own fresh database, no tile layer and a stand-in geocoder;
the expected numbers come from its /api/cities.geojson, never from this process's test database.

Why this module is long: its tests share one server and one browser, which take a while to start.
"""

import contextlib
import json
import os
import re
import shutil
import tempfile
import warnings
from pathlib import Path
from unittest import mock
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect, sync_playwright

from tests.site_server import KNOWN_PLACES, PlaceStandIn, SiteServer

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]
TIMEOUT_MS = 10_000

# Counts the cities a Leaflet map shows: every cluster icon stands for the number it displays, every other
# marker icon for one city; the good practices' layer is left out. Returns null while a zoom or cluster
# animation is running.
COUNT_MARKERS_JS = """(mapId) => {
    const container = document.getElementById(mapId);
    if (!container || container.querySelector(".leaflet-zoom-anim, .leaflet-cluster-anim")) return null;
    let total = 0, clusters = 0, singles = 0;
    const cities = ".leaflet-marker-pane .leaflet-marker-icon:not(.practice-marker):not(.practice-cluster)";
    container.querySelectorAll(cities).forEach((icon) => {
        if (icon.classList.contains("marker-cluster")) {
            clusters += 1;
            total += parseInt(icon.querySelector("div span").textContent, 10);
        } else {
            singles += 1;
            total += 1;
        }
    });
    return {total, clusters, singles};
}"""

# Counts `networkmap:loaded` events from the very start of every page.
COUNT_LOADS_JS = """
window.__mapLoads = 0;
document.addEventListener("networkmap:loaded", () => { window.__mapLoads += 1; }, true);
"""


# --- Fixtures ----------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_executable():
    """Debian's Chromium; without it browser tests are skipped, except on CI where they must run."""
    if not Path(CHROMIUM).is_file():
        message = f"{CHROMIUM} is missing: install Debian's chromium package to run the browser tests"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI=true: browser tests must run on CI)")
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="session")
def geocoder():
    """The stand-in Nominatim server the site's geocoder talks to, answering `KNOWN_PLACES`."""
    with PlaceStandIn() as standin:
        yield standin


@pytest.fixture(scope="session")
def site(chromium_executable, geocoder):
    """The site served by `runserver` from a database of its own (about 30 s, once per session)."""
    with SiteServer(geocoder_domain=geocoder.domain) as server:
        yield server


class Chromium:
    """A module's headless Chromium, launched again when it stopped answering: a crash fails the test it
    happened in, not every later test of the module. Tests open contexts with `new_context`.

    Its temporary files go to a folder of its own, removed on `close`: Chromium removes the folder of its
    singleton socket only when it exits cleanly, and a crashed one would leave it in /tmp."""

    def __init__(self, playwright, executable):
        self.playwright = playwright
        self.executable = executable
        self.temporary_folder = tempfile.mkdtemp(prefix="lcn-chromium-")
        self.browser = self.launch()

    def launch(self):
        return self.playwright.chromium.launch(
            executable_path=self.executable,
            headless=True,
            args=CHROMIUM_ARGS,
            env={**os.environ, "TMPDIR": self.temporary_folder},
        )

    def new_context(self, **options):
        if not browser_answers(self.browser):
            warnings.warn("Chromium stopped answering (it crashed?): launched again", stacklevel=2)
            self.browser = self.launch()
        return self.browser.new_context(**options)

    def close(self):
        self.browser.close()
        shutil.rmtree(self.temporary_folder, ignore_errors=True)


@contextlib.contextmanager
def started_playwright():
    """Playwright whose driver keeps its temporary files in a folder of their own, removed once it stopped.

    The driver makes each browser's profile in its temporary directory and removes it as the browser closes;
    stopping the driver cut that removal short, and a half-removed profile stayed in /tmp. The driver reads
    TMPDIR when it starts: this process's own temporary directory is already settled by then."""
    folder = tempfile.mkdtemp(prefix="lcn-playwright-")
    with mock.patch.dict(os.environ, {"TMPDIR": folder}):
        playwright = sync_playwright().start()
    try:
        yield playwright
    finally:
        playwright.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def browser(chromium_executable):
    """Closed with the module: Playwright's event loop would make later database tests refuse to run."""
    with started_playwright() as playwright:
        chromium = Chromium(playwright, chromium_executable)
        yield chromium
        chromium.close()


def new_context(browser, site, storage_state=None):
    """A browser context on the site; requests leaving 127.0.0.1 are refused and recorded."""
    context = browser.new_context(
        base_url=site.base_url,
        locale="en-US",
        viewport={"width": 1280, "height": 900},
        storage_state=storage_state,
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(COUNT_LOADS_JS)
    context.outside_requests = []

    def only_local(route):
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            context.outside_requests.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    return context


def close_context(context):
    """Close a context at the end of a test. Chromium once crashed on CI as a test ended, after every check
    had passed, and the close raised; a browser that is gone has nothing left to close. While the browser
    still answers, any error is raised."""
    try:
        context.close()
    except PlaywrightError as error:
        if browser_answers(context.browser):
            raise
        warnings.warn(
            f"Chromium stopped answering as a context closed: {str(error).splitlines()[0]}", stacklevel=2
        )


def browser_answers(browser):
    """Whether the browser still runs. `is_connected()` alone lags behind a crash, so this asks it."""
    if browser is None or not browser.is_connected():
        return False
    try:
        browser.new_browser_cdp_session().detach()
    except PlaywrightError:
        return False
    return True


def new_page(context):
    page = context.new_page()
    page.errors = []
    page.outside_requests = context.outside_requests
    page.server_errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("response", lambda response: response.status >= 500 and page.server_errors.append(response.url))
    return page


@pytest.fixture
def page(browser, site):
    context = new_context(browser, site)
    yield new_page(context)
    close_context(context)


@pytest.fixture(scope="module")
def admin_session(browser, site):
    """The cookies of the demo administrator, logged in once through the admin's login form."""
    context = new_context(browser, site)
    page = new_page(context)
    page.goto("/admin/login/")
    page.fill("#id_username", site.ADMIN_USERNAME)
    page.fill("#id_password", site.ADMIN_PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"), wait_until="commit")
    state = context.storage_state()
    close_context(context)
    assert any(cookie["name"] == "sessionid" for cookie in state["cookies"]), "the admin login failed"
    return state


@pytest.fixture
def admin_page(browser, site, admin_session):
    context = new_context(browser, site, storage_state=admin_session)
    yield new_page(context)
    close_context(context)


# --- Helpers -----------------------------------------------------------------------------------------


def geojson(site, **filters):
    query = urlencode({name: value for name, value in filters.items() if value})
    return site.get_json("/api/cities.geojson" + (f"?{query}" if query else ""))


def located(collection):
    return [feature for feature in collection["features"] if feature["geometry"]]


def feature_named(collection, name):
    [feature] = [feature for feature in collection["features"] if feature["properties"]["name"] == name]
    return feature


def wait_for_map(page, map_id, loads=1):
    """Wait until the map has shown its data `loads` times: the event fired and the container is marked."""
    page.wait_for_function("(loads) => window.__mapLoads >= loads", arg=loads)
    expect(page.locator(f"#{map_id}")).to_have_attribute("data-marker-count", re.compile(r"^\d+$"))
    expect(page.locator(f"#{map_id}-status")).not_to_be_empty()


def assert_markers_total(page, map_id, expected):
    """The numbers on the cluster icons plus the single markers add up to `expected` (once animations end)."""
    # A timeout is reported below, with what the map shows. A zoom and the cluster animations after it
    # take about a second; one CI run still saw an animation after 5 s (cause not found: the message now
    # names the map pane's classes, which say which animation it was).
    with contextlib.suppress(PlaywrightError):
        page.wait_for_function(
            f"([mapId, expected]) => ({COUNT_MARKERS_JS})(mapId)?.total === expected",
            arg=[map_id, expected],
            timeout=TIMEOUT_MS,
        )
    counts = page.evaluate(COUNT_MARKERS_JS, map_id)
    panes = page.evaluate(f"document.querySelector('#{map_id} .leaflet-map-pane')?.className")
    assert counts is not None and counts["total"] == expected, (
        f"#{map_id} shows {counts} (clusters' numbers + single markers; None: animating, map pane "
        f"{panes!r}), expected {expected} cities"
    )
    assert page.locator(f"#{map_id}").get_attribute("data-marker-count") == str(expected)
    return counts


def assert_status_mentions(page, map_id, *numbers):
    status = page.locator(f"#{map_id}-status").inner_text()
    for number in numbers:
        assert re.search(rf"\b{number}\b", status), f"status {status!r} does not mention {number}"


def assert_clean(page):
    """No uncaught script error and no request outside the test server (no tiles, no internet)."""
    assert_no_errors(page)
    assert page.outside_requests == [], f"requests outside the test server: {page.outside_requests}"


def field_value(page, selector):
    value = page.input_value(selector)
    return float(value) if value.strip() else None


# --- Public maps -------------------------------------------------------------------------------------


@pytest.mark.parametrize("country", ["", "CO"], ids=["all", "country=CO"])
def test_directory_map_shows_every_located_city_of_the_filter(page, site, country):
    collection = geojson(site, country=country)
    expected = len(located(collection))
    unlocated = len(collection["features"]) - expected
    assert expected > 1

    page.goto("/cities/" + (f"?country={country}" if country else ""))
    wait_for_map(page, "directory-map")

    counts = assert_markers_total(page, "directory-map", expected)
    # Close cities (Medellín, Envigado, La Estrella…) are clustered, and the clusters count them.
    assert counts["clusters"] >= 1
    assert_status_mentions(page, "directory-map", expected, *([unlocated] if unlocated else []))
    assert_clean(page)


def test_home_map_shows_every_located_city(page, site):
    expected = len(located(geojson(site)))

    page.goto("/")
    wait_for_map(page, "home-map")

    assert_markers_total(page, "home-map", expected)
    assert_status_mentions(page, "home-map", expected)
    assert_clean(page)


def test_popup_link_opens_the_city_page(page, site):
    [city] = located(geojson(site, country="PY"))
    name = city["properties"]["name"]

    page.goto("/cities/?country=PY")
    wait_for_map(page, "directory-map")
    assert_markers_total(page, "directory-map", 1)

    page.locator(f'#directory-map .leaflet-marker-icon[title="{name}"]').click()
    popup = page.locator("#directory-map .leaflet-popup-content")
    expect(popup).to_contain_text(name)
    popup.get_by_role("link", name=name).click()

    page.wait_for_url(site.url(city["properties"]["url"]))
    expect(page.locator("h1")).to_have_text(name)
    assert_clean(page)


def test_filter_change_updates_map_and_list_without_reload(page, site):
    country = "CO"
    collection = geojson(site, country=country)
    names = sorted(feature["properties"]["name"] for feature in collection["features"])
    everywhere = geojson(site)
    assert 1 < len(names) < len(everywhere["features"])

    page.goto("/cities/")
    wait_for_map(page, "directory-map")
    assert_markers_total(page, "directory-map", len(located(everywhere)))
    page.evaluate("window.__sameDocument = 'still here'")

    page.select_option("#directory-filters select[name=country]", country)

    page.wait_for_url(re.compile(rf"/cities/\?(.*&)?country={country}(&|$)"))
    assert parse_qs(urlsplit(page.url).query) == {"country": [country]}
    expect(page.locator("#results-heading")).to_have_text(re.compile(rf"^\s*{len(names)}\b"))
    rows = page.locator("#directory-results tbody tr")
    expect(rows).to_have_count(len(names))
    assert sorted(rows.locator("th").all_inner_texts()) == names

    wait_for_map(page, "directory-map", loads=2)
    assert_markers_total(page, "directory-map", len(located(collection)))
    assert page.evaluate("window.__sameDocument") == "still here", "the page was reloaded"
    english = page.locator("nav.language-switcher a[hreflang=en]")
    expect(english).to_have_attribute("href", f"/en/cities/?country={country}")

    # Back to the unfiltered directory, still without a reload.
    page.go_back()
    expect(page.locator("#directory-filters select[name=country]")).to_have_value("")
    expect(english).to_have_attribute("href", "/en/cities/")
    expect(rows).to_have_count(len(everywhere["features"]))
    wait_for_map(page, "directory-map", loads=3)
    assert_markers_total(page, "directory-map", len(located(everywhere)))
    assert urlsplit(page.url).query == ""
    assert page.evaluate("window.__sameDocument") == "still here", "the page was reloaded"
    assert_clean(page)


def test_map_markers_are_reachable_with_the_keyboard(page, site):
    [city] = located(geojson(site, country="PY"))
    name = city["properties"]["name"]

    page.goto("/cities/?country=PY")
    wait_for_map(page, "directory-map")
    assert_markers_total(page, "directory-map", 1)

    # From the last link of the filter form, Tab reaches the map, then its marker.
    page.locator("#directory-filters a").last.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "directory-map", "the map container is not focusable"
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('leaflet-marker-icon')"):
            break
    assert page.evaluate("document.activeElement.getAttribute('title')") == name, (
        "Tab did not reach the marker"
    )

    page.keyboard.press("Enter")
    popup = page.locator("#directory-map .leaflet-popup-content")
    expect(popup).to_be_visible()
    expect(popup.get_by_role("link", name=name)).to_have_attribute("href", city["properties"]["url"])
    assert_clean(page)


# Run by the server's `manage.py shell`: a published good practice of Medellín.
MAKE_PRACTICE = """
import json
from cities.models import CityPage
from tests.factories import PracticeFactory

practice = PracticeFactory(city=CityPage.objects.originals().get(slug="medellin"), title=TITLE)
print(json.dumps({"slug": practice.slug}))
"""


def test_the_directory_map_shows_good_practices_as_a_layer_of_their_own(page, site):
    title = "Aulas nocturnas en bibliotecas de barrio"
    made = json.loads(
        site.manage("shell", "--no-imports", "--command", f"TITLE = {title!r}\n{MAKE_PRACTICE}")
    )
    practices = site.get_json("/api/practices.geojson?lang=en")
    [practice] = [f for f in practices["features"] if f["properties"]["name"] == title]
    assert practice["properties"]["url"] == f"/en/cities/medellin/{made['slug']}/"
    cities = located(geojson(site))

    page.goto("/en/cities/")
    wait_for_map(page, "directory-map")
    expect(page.locator("#directory-map")).to_have_attribute(
        "data-overlay-count", str(len(practices["features"]))
    )
    assert_markers_total(page, "directory-map", len(cities))
    assert_status_mentions(page, "directory-map", len(cities), len(practices["features"]))

    marker = page.locator(f'#directory-map .practice-marker[title="{title}"]')
    marker.click()
    popup = page.locator("#directory-map .leaflet-popup-content")
    expect(popup).to_contain_text("Medellín")
    expect(popup.get_by_role("link", name=title)).to_have_attribute("href", practice["properties"]["url"])
    # Its title is in Spanish on the English page, and says so to screen readers.
    expect(popup.get_by_role("heading", name=title)).to_have_attribute("lang", "es")

    # Each layer can be hidden; the cities stay when the practices go.
    page.get_by_role("checkbox", name="Good practices").uncheck()
    expect(page.locator("#directory-map .practice-marker")).to_have_count(0)
    assert_markers_total(page, "directory-map", len(cities))

    # The directory's country filter applies to the practices too: Paraguay has none.
    page.get_by_role("checkbox", name="Good practices").check()
    page.select_option("#directory-filters select[name=country]", "PY")
    wait_for_map(page, "directory-map", loads=2)
    expect(page.locator("#directory-map")).to_have_attribute("data-overlay-count", "0")
    assert_clean(page)


# --- The editor's location panel ---------------------------------------------------------------------


def test_location_panel_sets_the_fields_and_warns_about_a_far_pin(admin_page, site, geocoder):
    page = admin_page
    city = feature_named(geojson(site, country="CO"), "Envigado")
    known = KNOWN_PLACES["envigado"]
    known_lat, known_lon = float(known["lat"]), float(known["lon"])
    edit_path = f"/admin/pages/{city['id']}/edit/"

    page.goto(edit_path)
    panel = page.locator("[data-location-panel]")
    map_box = panel.locator(".location-panel__map.leaflet-container")
    expect(map_box).to_be_visible()
    expect(map_box.locator(".leaflet-marker-icon")).to_have_count(1)  # The city's current pin…
    assert_pin_in_middle(map_box)  # … where the map is centred.
    before_text = page.input_value("#id_latitude")
    before = field_value(page, "#id_latitude"), field_value(page, "#id_longitude")
    assert before == tuple(reversed(city["geometry"]["coordinates"]))

    # Clicking the map away from the pin puts the pin and the fields there.
    box = map_box.bounding_box()
    point = {"x": round(box["width"] * 0.8), "y": round(box["height"] * 0.25)}
    # Where the map itself puts the click: read from its click event, as the map may still settle (its
    # size, its centre) between a computation beforehand and the click.
    panel.evaluate(
        "(panel) => panel.locationMap.once('click', (event) => { panel.clickedAt = event.latlng; })"
    )
    map_box.click(position=point)
    expect(page.locator("#id_latitude")).not_to_have_value(before_text)
    clicked = panel.evaluate("(panel) => panel.clickedAt")
    after = field_value(page, "#id_latitude"), field_value(page, "#id_longitude")
    assert after != before
    assert -90 <= after[0] <= 90 and -180 <= after[1] <= 180
    assert after == pytest.approx((clicked["lat"], clicked["lng"]), abs=0.002)

    # "Find on map" geocodes the name through the server: fields and pin go to the stand-in's place.
    status = panel.locator("[data-status]")
    warning = panel.locator("[data-warning]")
    panel.locator("[data-find-on-map]").click()
    expect(status).to_contain_text(known["display_name"])
    assert (field_value(page, "#id_latitude"), field_value(page, "#id_longitude")) == (known_lat, known_lon)
    searched = [request.params for request in geocoder.requests if request.path == "/search"]
    assert searched and searched[-1]["q"].startswith("Envigado") and searched[-1]["countrycodes"] == "co"
    expect(warning).to_be_hidden()

    # A pin typed ~80 km north of where the name geocodes gets the warning.
    page.fill("#id_latitude", str(round(known_lat + 0.75, 4)))
    page.locator("#id_latitude").press("Tab")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text(known["display_name"])
    expect(warning).to_contain_text("25")
    assert_no_errors(page)


def test_location_panel_map_works_when_its_tab_is_opened_later(admin_page, site):
    page = admin_page
    # Not Envigado: the test above may leave it a draft with a moved pin (the editor's autosave).
    city = feature_named(geojson(site, country="CO"), "Medellín")
    edit_path = f"/admin/pages/{city['id']}/edit/"
    # The editor opens on another tab (Wagtail selects the tab named by the URL's fragment): the panel's
    # map is built while hidden.
    page.goto(edit_path + "#tab-mayor_and_links")
    panel = page.locator("[data-location-panel]")
    map_box = panel.locator(".location-panel__map.leaflet-container")
    expect(map_box).to_have_count(1)
    expect(map_box).to_be_hidden()

    page.get_by_role("tab").first.click()
    expect(map_box).to_be_visible()
    # Once shown, the map knows its size and the city's pin is in its middle (where setView put it).
    widths = "(panel) => [panel.locationMap.getSize().x, panel.locationMap.getContainer().clientWidth]"
    with contextlib.suppress(PlaywrightError):
        page.wait_for_function(
            f"(panel) => {{ const [a, b] = ({widths})(panel); return a === b; }}",
            arg=panel.element_handle(),
            timeout=3_000,
        )
    known_width, shown_width = panel.evaluate(widths)
    assert known_width == shown_width, f"the map thinks it is {known_width} px wide; it is {shown_width} px"
    assert_pin_in_middle(map_box)
    assert_no_errors(page)


def assert_pin_in_middle(map_box):
    box = map_box.bounding_box()
    pin = map_box.locator(".leaflet-marker-icon").bounding_box()
    # The default marker's tip is at the middle of its bottom edge.
    tip = (pin["x"] + pin["width"] / 2, pin["y"] + pin["height"])
    middle = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert tip == pytest.approx(middle, abs=3), f"the pin is at {tip}, not in the middle {middle} of the map"


def assert_no_errors(page):
    """No uncaught script error, no server error (in the admin, Wagtail may try to reach the internet)."""
    assert page.errors == [], f"uncaught errors in the page: {page.errors}"
    assert page.server_errors == [], f"server errors: {page.server_errors}"


# --- Without a tile server, and map code loaded only when needed --------------------------------------


def test_without_tiles_the_maps_draw_country_outlines(page, site):
    """The test server has no tile layer: the outlines of the Americas are drawn under the markers."""
    page.goto("/")
    wait_for_map(page, "home-map")

    expect(page.locator("#home-map")).to_have_attribute("data-basemap", "shown")
    outlines = page.locator("#home-map .leaflet-basemap-pane path")
    expect(outlines.first).to_be_attached()
    assert outlines.count() >= 20, "the basemap draws the countries of the Americas"
    with translation.override("es"):  # the home page at the root is in Spanish
        notice = gettext("Map tiles are not available: the map shows country outlines only.")
    expect(page.locator("#home-map .map-basemap-notice")).to_have_text(notice)
    assert_clean(page)


# Publishes a long profile on one city: on a phone its map then sits far below the first screen.
PUBLISH_LONG_PROFILE = """
from wagtail.rich_text import RichText
from cities.models import CityPage
page = CityPage.objects.get(pk={pk})
paragraph = "<p>" + "Texto de prueba de un perfil largo, escrito para esta prueba. " * 40 + "</p>"
page.body = [("text", RichText(paragraph * 6))]
page.save_revision().publish()
"""


def test_a_city_page_loads_map_code_only_when_its_map_comes_into_view(browser, site):
    [city] = located(geojson(site, country="HN"))  # a city no other browser test reads
    site.manage("shell", "--no-imports", "--command", PUBLISH_LONG_PROFILE.format(pk=city["id"]))
    context = new_context(browser, site)
    page = new_page(context)
    page.set_viewport_size({"width": 390, "height": 700})
    scripts = []
    page.on("request", lambda request: request.resource_type == "script" and scripts.append(request.url))

    page.goto(city["properties"]["url"])
    page.wait_for_load_state("load")
    map_top = page.evaluate("document.getElementById('city-map').getBoundingClientRect().top")
    assert map_top > 700 + 300 * 2, "the map starts well beyond the loader's 300 px look-ahead"
    page.wait_for_timeout(500)  # time for an observer that wrongly fired to insert the scripts
    assert not any("leaflet" in url for url in scripts), "Leaflet was loaded before the map came into view"
    expect(page.locator("#city-map .leaflet-marker-icon")).to_have_count(0)

    page.locator("#city-map").scroll_into_view_if_needed()
    expect(
        page.locator(f'#city-map .leaflet-marker-icon[title="{city["properties"]["name"]}"]')
    ).to_be_visible()
    assert any("leaflet" in url for url in scripts)
    assert_clean(page)
    close_context(context)
