"""The report's editor used with the keyboard, on a 375 px phone and a desktop: each field Tab moves to is
in view above the save bar that stays at the foot of the window, not under it. On a phone Wagtail's admin
scrolls its main element, not the page, so the page's scroll padding did nothing there; and Chromium does
not scroll to a field of which a part shows, even under the bar. The site, its records and the browser are
tests/test_progress_browser.py's (a server of this module's own)."""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from tests.test_map_browser import TIMEOUT_MS, browser, chromium_executable  # noqa: F401
from tests.test_progress_browser import context, edit_path, focal_point_session, new_page, site  # noqa: F401

pytestmark = pytest.mark.browser

# Whether the focused element is wholly in the window and clear of the save bar (or in it).
FOCUS_CLEAR_OF_BAR = """() => {
    const focused = document.activeElement;
    const bar = document.querySelector("[data-report-actions]");
    if (bar.contains(focused)) return true;
    const box = focused.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= bar.getBoundingClientRect().top + 1;
}"""


@pytest.mark.parametrize("width", [375, 1280])
def test_tab_leaves_every_field_of_the_form_clear_of_the_save_bar(context, site, width):  # noqa: F811
    page = new_page(context)
    page.set_viewport_size({"width": width, "height": 700})
    page.goto(edit_path(site.records["reports"]["status_in_view"]))
    first_field = page.locator("form[data-report-autosave] section :is(input, textarea)").first
    first_field.focus()
    reached = []
    while True:
        name = page.evaluate("() => document.activeElement.name || ''")
        if name == "action":  # the bar's buttons: the form is walked through
            break
        reached.append(name)
        try:
            page.wait_for_function(FOCUS_CLEAR_OF_BAR, timeout=TIMEOUT_MS)
        except PlaywrightTimeoutError as error:
            raise AssertionError(f"{name} is under the save bar at {width} px") from error
        page.keyboard.press("Tab")
        expect(page.locator("form[data-report-autosave] :focus")).to_have_count(1)
    assert len(reached) >= 5, reached
