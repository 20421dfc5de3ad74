"""The city editor's location panel when the editor empties the coordinates, in headless Chromium.

The site, the stand-in geocoder and the admin's session are tests/test_map_browser.py's, which covers
placing the pin, "Find on map" and the distance warning.
"""

import pytest
from playwright.sync_api import expect

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


def test_emptied_coordinates_remove_the_pin_and_its_distance_warning(admin_page, site):  # noqa: F811
    page = admin_page
    city = feature_named(geojson(site, country="CO"), "Envigado")
    known_lat = float(KNOWN_PLACES["envigado"]["lat"])
    page.goto(f"/admin/pages/{city['id']}/edit/")
    panel = page.locator("[data-location-panel]")
    pins = panel.locator(".location-panel__map .leaflet-marker-icon")
    warning = panel.locator("[data-warning]")
    expect(pins).to_have_count(1)

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
