"""The home page's short lists line up with their headings: a list of names set in a row needs no indent.

Headless Chromium against tests/test_map_browser.py's site, whose home page lists the newest members.
"""

import pytest

from tests import test_map_browser
from tests.test_map_browser import browser, close_context, geocoder, new_context, new_page, site  # noqa: F401

pytestmark = pytest.mark.browser

chromium_executable = test_map_browser.chromium_executable


@pytest.mark.parametrize("width", [375, 1280])
def test_the_newest_members_start_where_their_heading_starts(browser, site, width):  # noqa: F811
    context = new_context(browser, site)
    page = new_page(context)
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/")
    heading = page.locator("#newest-heading").bounding_box()
    first = page.locator("[aria-labelledby=newest-heading] li").first.bounding_box()
    close_context(context)
    indent = first["x"] - heading["x"]
    assert abs(indent) < 1, f"the list starts {indent:.0f} px further in"
