"""A focal point's list of reports on a 375 px phone: each row's button ("Start the report", "Continue")
shows without scrolling sideways. It sat in the table's last column, past the right edge of the phone,
where nothing said there was more. The site, its records and the browser are
tests/test_progress_browser.py's (a server of this module's own)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.test_map_browser import browser, chromium_executable  # noqa: F401
from tests.test_progress_browser import context, focal_point_session, new_page, site  # noqa: F401

pytestmark = pytest.mark.browser


def test_every_rows_button_shows_on_a_phone_without_scrolling_sideways(context, site):  # noqa: F811
    page = new_page(context)
    page.set_viewport_size({"width": 375, "height": 700})
    page.goto(reverse("progress_city:index"))
    buttons = page.locator("main table .button")
    expect(buttons.first).to_be_attached()
    assert buttons.count() >= 2
    for index in range(buttons.count()):
        button = buttons.nth(index)
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375, button.text_content()
    # The rows say what each value is, as their columns' headings do on a wide screen.
    expect(page.locator("main table tbody td[data-label]").first).to_be_visible()
