"""The directory map fits the cities of a filter changed while it zooms, in headless Chromium.

Leaflet ignores a view asked for during a zoom animation (a quarter of a second): a filter changed then, or
the Back button pressed, left the map on the zoom it had, showing part of the cities. The map's GeoJSON is
answered in the page from an earlier answer, so that the new cities arrive during the zoom every time.

The site and the browser are tests/test_map_browser.py's.
"""

import pytest

from tests import test_map_browser
from tests.test_map_browser import (  # noqa: F401
    assert_clean,
    assert_markers_total,
    browser,
    geocoder,
    geojson,
    located,
    page,
    site,
    wait_for_map,
)

pytestmark = pytest.mark.browser

# Debian's Chromium; without it these tests are skipped, except on CI where they must run.
chromium_executable = test_map_browser.chromium_executable

# Keeps the directory map (django-leaflet's map:init event) and each GeoJSON answer; once `__replay` is
# set, a GeoJSON asked for again is answered from what was kept, at once.
REPLAY_JS = """
window.addEventListener("map:init", (event) => {
    if (event.detail.id === "directory-map") window.__map = event.detail.map;
});
window.__answers = {};
window.__replay = false;
const networkFetch = window.fetch;
window.fetch = (url, options) => {
    const key = String(url);
    if (!key.includes(".geojson")) return networkFetch(url, options);
    if (window.__replay && key in window.__answers) {
        const headers = {"Content-Type": "application/geo+json"};
        return Promise.resolve(new Response(window.__answers[key], {headers}));
    }
    return networkFetch(url, options).then((response) =>
        response.clone().text().then((body) => { window.__answers[key] = body; return response; })
    );
};
"""

# A zoom or the clusters' animations after it are running.
ANIMATING = "#directory-map .leaflet-zoom-anim, #directory-map .leaflet-cluster-anim"

# Starts a zoom, and while it runs changes the form as `changes` says, each change's cities shown before
# the next; then waits until the map rests. Returns the zoom it rests at.
DURING_A_ZOOM_JS = """async ([changes, animating]) => {
    window.__replay = true;
    const map = window.__map;
    const container = document.getElementById("directory-map");
    const form = document.getElementById("directory-filters");
    const zooming = new Promise((resolve) => map.once("zoomanim", resolve));
    map.setZoom(map.getZoom() + 1);
    await zooming;
    for (const [name, value] of changes) {
        const shown = new Promise((resolve) => {
            container.addEventListener("networkmap:loaded", resolve, {once: true});
        });
        form.elements[name].value = value;
        form.requestSubmit();
        await shown;
    }
    const rested = () => !document.querySelector(animating);
    await new Promise((resolve) => setTimeout(resolve, 600));
    while (!rested()) await new Promise((resolve) => setTimeout(resolve, 50));
    return map.getZoom();
}"""


def zoom_when_resting(browser_page):
    browser_page.wait_for_function(f"() => !document.querySelector({ANIMATING!r})")
    return browser_page.evaluate("window.__map.getZoom()")


def directory_showing_every_city_then_colombia(page, site):  # noqa: F811
    """The directory as a visitor leaves it after choosing Colombia and then every country again: both
    answers kept. Returns the zoom that fits Colombia's cities."""
    page.add_init_script(REPLAY_JS)
    page.goto("/cities/")
    wait_for_map(page, "directory-map")
    page.select_option("#directory-filters select[name=country]", "CO")
    wait_for_map(page, "directory-map", loads=2)
    assert_markers_total(page, "directory-map", len(located(geojson(site, country="CO"))))
    colombia_zoom = zoom_when_resting(page)
    page.select_option("#directory-filters select[name=country]", "")
    wait_for_map(page, "directory-map", loads=3)
    assert_markers_total(page, "directory-map", len(located(geojson(site))))
    assert zoom_when_resting(page) < colombia_zoom
    return colombia_zoom


def test_a_filter_changed_while_the_map_zooms_fits_its_cities(page, site):  # noqa: F811
    colombia_zoom = directory_showing_every_city_then_colombia(page, site)

    zoom = page.evaluate(DURING_A_ZOOM_JS, [[["country", "CO"]], ANIMATING])

    assert zoom == colombia_zoom, "the map kept the zoom it had instead of fitting Colombia's cities"
    assert_markers_total(page, "directory-map", len(located(geojson(site, country="CO"))))
    assert_clean(page)


def test_a_filter_with_no_city_after_one_waiting_for_the_zoom_leaves_the_map_as_it_is(page, site):  # noqa: F811
    """The first change's fit waits for the zoom; the second finds no city on the map, so there is nothing to
    fit any more (Leaflet threw "Bounds are not valid." for the empty layer)."""
    directory_showing_every_city_then_colombia(page, site)
    page.fill("#id_q", "Zzzzqx")
    wait_for_map(page, "directory-map", loads=4)
    page.fill("#id_q", "")
    wait_for_map(page, "directory-map", loads=5)

    page.evaluate(DURING_A_ZOOM_JS, [[["country", "CO"], ["q", "Zzzzqx"]], ANIMATING])

    assert page.locator("#directory-map").get_attribute("data-marker-count") == "0"
    assert_clean(page)
