"""On a slow network the map arrives seconds after the page's text: the text under it must not jump then.

The map's status line (how many cities it shows) is written by the map's script; until then its place is
kept, so that a visitor already reading the list of cities on a phone does not see it pushed down. Until the
script arrives the line says that the map is loading, instead of leaving an empty grey box unexplained; if
the script is refused, it says that the map could not be loaded
(tests/test_map_status_without_leaflet_browser.py).

Headless Chromium against tests/test_map_browser.py's site: the page is loaded once with the map's script
refused (the slow network's first seconds) and once whole.
"""

import pytest

from tests import test_map_browser
from tests.test_map_browser import browser, close_context, geocoder, new_context, new_page, site, wait_for_map  # noqa: F401

pytestmark = pytest.mark.browser

chromium_executable = test_map_browser.chromium_executable

PHONE = {"width": 375, "height": 740}


def results_heading_top(browser, site, path, map_id, map_script):  # noqa: F811
    context = new_context(browser, site)
    page = new_page(context)
    page.set_viewport_size(PHONE)
    if not map_script:
        page.route("**/js/network-map.js", lambda route: route.abort())
    page.goto(path)
    if map_script:
        wait_for_map(page, map_id)
    else:
        page.wait_for_load_state("networkidle")
    status = page.locator(f"#{map_id}-status").inner_text()
    top = page.evaluate("document.getElementById('results-heading').getBoundingClientRect().top + scrollY")
    close_context(context)
    return top, status


@pytest.mark.parametrize("path", ["/cities/", "/en/cities/", "/pt-br/cities/"])
def test_the_list_of_cities_stays_put_when_the_map_arrives(browser, site, path):  # noqa: F811
    before, waiting = results_heading_top(browser, site, path, "directory-map", map_script=False)
    after, shown = results_heading_top(browser, site, path, "directory-map", map_script=True)
    assert waiting.strip(), "while the map's script is on its way, the status line says so"
    assert shown != waiting
    assert after == before, f"the list moved by {after - before}px when the map's status appeared"
