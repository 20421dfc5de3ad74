"""The search page in headless Chromium: on a wide screen the filters stand beside the results, so the
first results show without scrolling; on a phone the filters' options share lines and nothing scrolls
sideways.

The site and the browser are tests/test_map_browser.py's (the shipped cities).
"""

import pytest

from tests import test_map_browser
from tests.test_map_browser import assert_clean, browser, geocoder, page, site  # noqa: F401

pytestmark = pytest.mark.browser

chromium_executable = test_map_browser.chromium_executable


def box(page, selector):  # noqa: F811
    return page.locator(selector).first.bounding_box()


def test_on_a_wide_screen_the_first_results_show_beside_the_filters(page, site):  # noqa: F811
    page.goto("/search/?query=Colombia")
    first, filters = box(page, "ol.search-results > li"), box(page, "nav.search-facets")
    assert first["y"] + first["height"] <= 900, "the first result shows without scrolling"
    assert filters["x"] + filters["width"] <= first["x"], "the filters stand beside the results"
    assert_clean(page)


def test_on_a_phone_the_options_share_lines_and_nothing_scrolls_sideways(page, site):  # noqa: F811
    page.set_viewport_size({"width": 375, "height": 700})
    page.goto("/search/?query=Colombia")
    everything, cities = page.locator("ul[aria-labelledby=facet-type] a").all()[:2]
    assert everything.bounding_box()["y"] == cities.bounding_box()["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.keyboard.press("Tab")  # the skip link, then on through the page: the filters before the results
    page.focus("#search-query")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('nav.search-facets') !== null")
