"""The directory's filters in headless Chromium: the map shows what the list shows, and a select stepped
through with the keyboard refreshes the page once its keys rest.

The site and the browser are tests/test_map_browser.py's.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

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

SEARCH_BOX_LIMIT = 100


def test_a_refused_search_text_leaves_map_and_list_showing_every_city(page, site):  # noqa: F811
    everywhere = geojson(site)
    page.goto("/cities/?q=" + "a" * (SEARCH_BOX_LIMIT + 1))
    wait_for_map(page, "directory-map")

    # The list says why it ignores the text and shows every city; the map shows the same cities.
    error = page.locator("#id_q_error")
    expect(error).to_be_visible()
    expect(page.locator("#directory-results tbody tr")).to_have_count(len(everywhere["features"]))
    assert_markers_total(page, "directory-map", len(located(everywhere)))
    expect(page.locator("#directory-map-status")).not_to_contain_text(
        re.compile("could not be loaded|no se pudieron cargar", re.IGNORECASE)
    )

    # A new search text replaces the message and filters the list and the map alike.
    page.fill("#id_q", "Envigado")
    wait_for_map(page, "directory-map", loads=2)
    expect(error).to_have_count(0)
    expect(page.locator("#id_q")).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("#directory-results tbody tr")).to_have_count(1)
    assert_markers_total(page, "directory-map", 1)
    assert parse_qs(urlsplit(page.url).query) == {"q": ["Envigado"]}
    assert_clean(page)


def test_stepping_through_a_select_with_the_keyboard_refreshes_once(page, site):  # noqa: F811
    page.goto("/cities/")
    wait_for_map(page, "directory-map")
    select = page.locator("#directory-filters select[name=country]")
    third_country = select.locator("option").nth(3).get_attribute("value")
    history_before = page.evaluate("history.length")

    select.focus()
    for _ in range(3):
        select.press("ArrowDown")

    expect(select).to_have_value(third_country)
    page.wait_for_url(re.compile(rf"country={third_country}"))
    wait_for_map(page, "directory-map", loads=2)
    rows = page.locator("#directory-results tbody tr")
    expect(rows).to_have_count(len(geojson(site, country=third_country)["features"]))
    # Later steps' refreshes would come within a second: none came, and one step of history was added.
    page.wait_for_timeout(1000)
    assert page.evaluate("window.__mapLoads") == 2
    assert page.evaluate("history.length") == history_before + 1
    assert_clean(page)


def test_the_new_count_is_announced_by_the_live_heading_that_was_there(page, site):  # noqa: F811
    """A screen reader announces a live region's changes only while it is the same element: the count
    heading is kept and its words change, rather than a new heading put in its place."""
    page.goto("/en/cities/")
    wait_for_map(page, "directory-map")
    page.evaluate("document.getElementById('results-heading').dataset.before = 'yes'")

    page.fill("#id_q", "Envigado")
    wait_for_map(page, "directory-map", loads=2)

    expect(page.locator("#directory-results tbody tr")).to_have_count(1)
    heading = page.locator("#results-heading")
    expect(heading).to_have_text(re.compile(r"^\s*1 Learning City\s*$"))
    expect(heading).to_have_attribute("data-before", "yes")
    expect(heading).to_have_attribute("aria-live", "polite")
    expect(page.locator("#results-heading")).to_have_count(1)
    assert_clean(page)
