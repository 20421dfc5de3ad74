"""A map popup opened from the keyboard, in headless Chromium: the popup's link takes the focus (Leaflet
left it on the marker, so the link came only after every other marker), Escape closes the popup and gives
the focus back to the marker, and the close button is named in the page's language. The site and the
browser are tests/test_map_browser.py's.
"""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from tests import test_map_browser
from tests.test_map_browser import (  # noqa: F401
    assert_clean,
    assert_markers_total,
    browser,
    geocoder,
    geojson,
    located,
    new_page,
    page,
    site,
    wait_for_map,
)

pytestmark = pytest.mark.browser

# Debian's Chromium; without it these tests are skipped, except on CI where they must run.
chromium_executable = test_map_browser.chromium_executable


def test_a_popup_opened_from_the_keyboard_takes_the_focus_and_escape_returns_it(page, site):  # noqa: F811
    [city] = located(geojson(site, country="PY"))
    name = city["properties"]["name"]
    with translation.override("es"):
        close_name = gettext("Close")
    assert close_name != "Close", "the catalogue translates the name"

    page.goto("/cities/?country=PY")
    wait_for_map(page, "directory-map")
    assert_markers_total(page, "directory-map", 1)
    marker = page.locator(f'#directory-map .leaflet-marker-icon[title="{name}"]')
    marker.focus()
    page.keyboard.press("Enter")

    popup = page.locator("#directory-map .leaflet-popup")
    expect(popup).to_be_visible()
    expect(popup.get_by_role("link", name=name)).to_be_focused()
    expect(popup.get_by_role("button", name=close_name, exact=True)).to_have_count(1)

    page.keyboard.press("Escape")
    expect(popup).to_have_count(0)
    expect(marker).to_be_focused()
    assert_clean(page)
