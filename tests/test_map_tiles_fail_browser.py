"""The maps when the tile server fails, in headless Chromium (issue #17).

The site is served with a tile layer (`MAP_TILE_URL`) whose server answers every tile with HTTP 500:
Leaflet's `tileerror` makes the map draw the country outlines under its markers, with the notice that
tiles are not available (network/static/js/network-map.js, `keepBasemap`). tests/test_map_browser.py
covers the server without any tile layer.
"""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from tests import test_map_browser
from tests.nominatim_standin import NominatimStandIn, Reply
from tests.site_server import PlaceStandIn, SiteServer
from tests.test_map_browser import browser, close_context, located, new_context, new_page, wait_for_map  # noqa: F401

pytestmark = pytest.mark.browser

TILE_PATH = "/tiles/"
# Debian's Chromium; without it these tests are skipped, except on CI where they must run.
chromium_executable = test_map_browser.chromium_executable


@pytest.fixture(scope="module")
def failing_tiles():
    """A tile server on 127.0.0.1 that answers every request with HTTP 500."""
    with NominatimStandIn() as server:
        server.reply = Reply(status=500)
        yield server


@pytest.fixture(scope="module")
def site(chromium_executable, failing_tiles):
    """The site, with a tile layer on the failing tile server."""
    tile_url = f"http://{failing_tiles.domain}{TILE_PATH}{{z}}/{{x}}/{{y}}.png"
    with (
        PlaceStandIn() as geocoder,
        SiteServer(geocoder_domain=geocoder.domain, extra_environment={"MAP_TILE_URL": tile_url}) as server,
    ):
        yield server


@pytest.fixture
def page(browser, site, failing_tiles):  # noqa: F811
    failing_tiles.requests.clear()
    context = new_context(browser, site)
    yield new_page(context)
    close_context(context)


def spanish_notice():
    with translation.override("es"):  # the pages at the root are in Spanish
        return gettext("Map tiles are not available: the map shows country outlines only.")


def assert_outlines_instead_of_tiles(page, map_id, failing_tiles):
    container = page.locator(f"#{map_id}")
    # The map has a tile layer and asked the tile server for its tiles; none of them loaded.
    expect(container.locator(".leaflet-tile-pane img.leaflet-tile").first).to_be_attached()
    expect(container).to_have_attribute("data-basemap", "shown")
    assert container.locator(".leaflet-tile-loaded").count() == 0
    outlines = container.locator(".leaflet-basemap-pane path")
    expect(outlines.first).to_be_attached()
    assert outlines.count() >= 20, "the basemap draws the countries of the Americas"
    expect(container.locator(".map-basemap-notice")).to_have_text(spanish_notice())
    assert_only_the_tiles_failed(page, failing_tiles)


def assert_only_the_tiles_failed(page, failing_tiles):
    """The page asked the tile server for tiles (Chromium blocks its error answers before the page
    sees them); the site itself answered no request with an error, no script error went uncaught and
    nothing was requested outside 127.0.0.1."""
    assert any(request.path.startswith(TILE_PATH) for request in failing_tiles.requests), "no tile requested"
    tiles = f"http://{failing_tiles.domain}{TILE_PATH}"
    assert [url for url in page.server_errors if not url.startswith(tiles)] == []
    assert page.errors == [], f"uncaught errors in the page: {page.errors}"
    assert page.outside_requests == [], f"requests outside the test server: {page.outside_requests}"


def test_when_tiles_fail_the_home_map_draws_country_outlines_under_its_markers(page, site, failing_tiles):
    page.goto("/")
    wait_for_map(page, "home-map")

    assert_outlines_instead_of_tiles(page, "home-map", failing_tiles)
    assert page.locator("#home-map .leaflet-marker-pane .leaflet-marker-icon").count() >= 1


def test_when_tiles_fail_a_city_map_draws_country_outlines_under_the_city(page, site, failing_tiles):
    city = located(site.get_json("/api/cities.geojson"))[0]["properties"]

    page.goto(city["url"])
    page.locator("#city-map").scroll_into_view_if_needed()

    expect(page.locator(f'#city-map .leaflet-marker-icon[title="{city["name"]}"]')).to_be_visible()
    assert_outlines_instead_of_tiles(page, "city-map", failing_tiles)
