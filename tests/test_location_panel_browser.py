"""The city editor's location panel in headless Chromium: emptied coordinates, the distance check when the
name changes, and the distance the warning gives.

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
