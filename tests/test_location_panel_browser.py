"""The city editor's location panel in headless Chromium: emptied coordinates, the distance check when the
name changes, the distance the warning gives, and a place found or typed during a zoom.

The site, the stand-in geocoder and the admin's session are tests/test_map_browser.py's, which covers
placing the pin, "Find on map" and the distance warning.

The editor saves a draft by itself (Wagtail's autosave, of a change made once the page has been open two
seconds), and the site lasts the whole session: each test that changes a city's fields edits a city no
other test opens in the editor, so no test finds another's draft (on a busy CI machine, two tests once
opened Envigado without the pin an earlier test had emptied).
"""

import math
import re

import pytest
from playwright.sync_api import expect

from cities.geocoding import distance_km
from tests import test_map_browser
from tests.site_server import KNOWN_PLACES
from tests.test_map_browser import (  # noqa: F401
    admin_page,
    admin_session,
    assert_no_errors,
    browser,
    feature_named,
    geocoder,
    geojson,
    site,
)

pytestmark = pytest.mark.browser

# Debian's Chromium; without it these tests are skipped, except on CI where they must run.
chromium_executable = test_map_browser.chromium_executable


def open_city_editor(page, server, name):
    """The editor of the Colombian city `name`, once its pin is on the location panel's map."""
    city = feature_named(geojson(server, country="CO"), name)
    page.goto(f"/admin/pages/{city['id']}/edit/")
    panel = page.locator("[data-location-panel]")
    expect(panel.locator(".location-panel__map .leaflet-marker-icon")).to_have_count(1)
    return panel


def test_emptied_coordinates_remove_the_pin_and_its_distance_warning(admin_page, site):  # noqa: F811
    page = admin_page
    panel = open_city_editor(page, site, "La Estrella")
    known_lat = float(KNOWN_PLACES["la estrella"]["lat"])
    pins = panel.locator(".location-panel__map .leaflet-marker-icon")
    warning = panel.locator("[data-warning]")

    # A pin typed ~80 km north of where the name geocodes gets the warning…
    page.fill("#id_latitude", str(round(known_lat + 0.75, 4)))
    page.locator("#id_latitude").press("Tab")
    expect(warning).to_be_visible()

    # … and the city without coordinates has neither the pin nor the warning about it.
    for field in ("#id_latitude", "#id_longitude"):
        page.fill(field, "")
        page.locator(field).press("Tab")
    expect(pins).to_have_count(0)
    expect(warning).to_be_hidden()
    # A distance check still on its way when the fields were emptied does not bring the warning back.
    page.wait_for_timeout(1500)
    expect(warning).to_be_hidden()
    assert_no_errors(page)


def test_a_new_name_checks_the_pin_again(admin_page, site):  # noqa: F811
    page = admin_page
    panel = open_city_editor(page, site, "Rionegro")
    warning = panel.locator("[data-warning]")
    name = page.locator("#" + panel.get_attribute("data-name-input"))
    page.wait_for_timeout(1000)  # The check of the pin as the page opened.
    expect(warning).to_be_hidden()

    # Named after a city in Paraguay, the pin in Colombia is far from where the name is found…
    name.fill("Ybycuí")
    name.press("Tab")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text(KNOWN_PLACES["ybycui"]["display_name"])

    # … and named back, it is not.
    name.fill("Rionegro")
    name.press("Tab")
    expect(warning).to_be_hidden()
    assert_no_errors(page)


def test_the_warning_gives_a_distance_past_the_limit(admin_page, site):  # noqa: F811
    """A pin 25.4 km away reads "25.4 km … more than 25 km", not "25 km … more than 25 km"."""
    page = admin_page
    panel = open_city_editor(page, site, "Cali")
    known = KNOWN_PLACES["cali"]
    known_lat, known_lon = float(known["lat"]), float(known["lon"])
    pin_lat = round(known_lat + 0.2297, 4)
    distance = distance_km(pin_lat, known_lon, known_lat, known_lon)
    assert 25.3 < distance < 25.5

    page.fill("#id_longitude", str(known_lon))
    page.fill("#id_latitude", str(pin_lat))
    page.locator("#id_latitude").press("Tab")
    warning = panel.locator("[data-warning]")
    expect(warning).to_be_visible()
    shown, limit = [
        float(number.replace(",", "."))
        for number in re.findall(r"(\d+(?:[.,]\d+)?) km", warning.inner_text())
    ]
    assert limit == 25
    assert shown == math.ceil(distance * 10) / 10
    assert_no_errors(page)


# Keeps each answer of the editor's geocoding view; once `__replay` is set, a question asked again is
# answered from what was kept, at once.
REPLAY_GEOCODING_JS = """
window.__answers = {};
window.__replay = false;
const networkFetch = window.fetch;
window.fetch = (url, options) => {
    const key = String(url);
    if (!key.includes("/geocode/")) return networkFetch(url, options);
    if (window.__replay && key in window.__answers) {
        const headers = {"Content-Type": "application/json"};
        return Promise.resolve(new Response(window.__answers[key], {headers}));
    }
    return networkFetch(url, options).then((response) =>
        response.clone().text().then((body) => { window.__answers[key] = body; return response; })
    );
};
"""

# Zooms the panel's map in; as the zoom's animation starts, clicks "Find on map" (action "find") or types a
# position (action "type"). Returns the map's centre and zoom once it rests.
DURING_A_ZOOM_JS = """async ([panel, action]) => {
    window.__replay = true;
    const map = panel.locationMap;
    const input = (name) => document.getElementById(panel.dataset[name + "Input"]);
    const actions = {
        find: () => panel.querySelector("[data-find-on-map]").click(),
        type: () => {
            input("longitude").value = "-75.6";
            input("latitude").value = "5.1";
            input("latitude").dispatchEvent(new Event("change", {bubbles: true}));
        },
    };
    map.setView([-12, -70], 4, {animate: false});
    const ended = new Promise((resolve) => map.once("zoomend", resolve));
    map.once("zoomanim", actions[action]);
    map.setZoom(5);
    await ended;
    await new Promise((resolve) => setTimeout(resolve, 600));
    while (document.querySelector(".location-panel__map .leaflet-zoom-anim")) {
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const centre = map.getCenter();
    return {lat: centre.lat, lng: centre.lng, zoom: map.getZoom()};
}"""


def test_a_place_found_or_typed_while_the_map_zooms_is_shown_once_the_zoom_ends(admin_page, site):  # noqa: F811
    """Leaflet drops a view asked for during a zoom's animation: the map stayed where the zoom went, away
    from the pin. The geocoding answer is kept from a first search, so the second arrives during the zoom."""
    page = admin_page
    page.add_init_script(REPLAY_GEOCODING_JS)
    panel = open_city_editor(page, site, "Manizales")
    known = KNOWN_PLACES["manizales"]
    panel.locator("[data-find-on-map]").click()
    expect(panel.locator("[data-status]")).to_contain_text(known["display_name"])

    view = page.evaluate(DURING_A_ZOOM_JS, [panel.element_handle(), "find"])

    assert view["zoom"] == 11, f"the map stayed at zoom {view['zoom']} instead of showing the place found"
    assert (view["lat"], view["lng"]) == pytest.approx((float(known["lat"]), float(known["lon"])), abs=1e-4)

    view = page.evaluate(DURING_A_ZOOM_JS, [panel.element_handle(), "type"])

    assert (view["lat"], view["lng"]) == pytest.approx((5.1, -75.6), abs=1e-3), (
        "the map stayed where the zoom went instead of showing the typed position"
    )
    assert_no_errors(page)
