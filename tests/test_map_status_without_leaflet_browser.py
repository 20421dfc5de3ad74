"""The map's status line tells the truth when the map cannot come: no script, or Leaflet blocked.

With JavaScript off, the page says (in <noscript>) that the map needs it: nothing claims that the map is
loading. With JavaScript on but Leaflet refused (a blocker, a failing network), the status line says that
the map could not be loaded and that the list of cities still works, instead of "loading" for ever; it
keeps its place, so that the list under it does not move.

Headless Chromium against tests/test_map_browser.py's site.
"""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from tests import test_map_browser
from tests.test_map_browser import TIMEOUT_MS, browser, close_context, geocoder, new_context, new_page, site  # noqa: F401

pytestmark = pytest.mark.browser

chromium_executable = test_map_browser.chromium_executable

MAP_ID = "directory-map"


def spanish(message):
    with translation.override("es"):  # the pages at the root are in Spanish
        return gettext(message)


LOADING = "Loading the map…"
FAILED = "The map could not be loaded. The list of cities below still works."
# The home page's map has no list under it: the message sends to the directory.
FAILED_AWAY_FROM_THE_LIST = "The map could not be loaded. The list of cities in the directory still works."


def test_with_javascript_off_nothing_says_the_map_is_loading(browser, site):  # noqa: F811
    context = browser.new_context(base_url=site.base_url, java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto("/cities/")

    expect(page.locator(f"#{MAP_ID} .network-map__fallback")).to_be_visible()
    status = page.locator(f"#{MAP_ID}-status")
    assert spanish(LOADING) not in status.inner_text()
    assert spanish(LOADING) not in page.locator("main").inner_text()
    close_context(context)


@pytest.mark.parametrize(
    ("path", "map_id", "message"),
    [
        ("/cities/", MAP_ID, FAILED),
        ("/en/cities/", MAP_ID, FAILED),
        ("/", "home-map", FAILED_AWAY_FROM_THE_LIST),
    ],
)
def test_when_leaflet_cannot_be_loaded_the_status_line_says_so(browser, site, path, map_id, message):  # noqa: F811
    context = new_context(browser, site)
    page = new_page(context)
    stacks = []
    page.on("pageerror", lambda error: stacks.append(error.stack or ""))
    page.route("**/leaflet/leaflet.js", lambda route: route.abort())
    page.goto(path)

    language = "en" if path.startswith("/en/") else "es"
    with translation.override(language):
        failed, loading = gettext(message), gettext(LOADING)
    status = page.locator(f"#{map_id}-status")
    expect(status).to_have_text(failed)
    assert loading not in page.locator("main").inner_text()
    assert status.get_attribute("role") == "status"
    if map_id == MAP_ID:  # the list of cities is there, under its heading, as the message says
        expect(page.locator("#results-heading")).to_be_visible()
    # The map's own script, which arrives after Leaflet failed, leaves the message and throws nothing
    # (Leaflet's plugins, run in their turn, do: "L is not defined").
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => document.querySelector('script[src$=\"js/network-map.js\"]') !== null")
    expect(status).to_have_text(failed)
    assert [stack for stack in stacks if "network-map.js" in stack] == []
    close_context(context)


def test_when_leaflet_never_arrives_the_status_line_says_so_after_a_while(browser, site):  # noqa: F811
    context = new_context(browser, site)
    page = new_page(context)
    page.clock.install()
    page.route("**/leaflet/leaflet.js", lambda route: None)  # never answered: a network that hangs
    with page.expect_request("**/leaflet/leaflet.js"):
        page.goto("/cities/")

    status = page.locator(f"#{MAP_ID}-status")
    expect(status).to_have_text(spanish(LOADING))
    page.clock.run_for(5_000)
    expect(status).to_have_text(spanish(LOADING))
    page.clock.run_for(30_000)
    expect(status).to_have_text(spanish(FAILED))
    close_context(context)
