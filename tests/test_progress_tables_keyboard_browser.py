"""On a phone (375 px) the progress reports' tables that are wider than the screen scroll sideways from the
keyboard too: Tab reaches the table's scrolling box, which is named, and the arrow keys move it. The
answers report's rows hold no link, so its box could not be reached without a mouse or a finger (axe:
scrollable-region-focusable); the reports by city has the same box. Measured in headless Chromium.
"""

import pytest

from tests import test_map_browser
from tests.axe_checks import signed_in
from tests.site_server import SiteServer
from tests.test_map_browser import TIMEOUT_MS, browser, close_context, geocoder  # noqa: F401
from tests.test_progress_review_phone_browser import SUBMIT_A_REPORT

pytestmark = pytest.mark.browser

chromium_executable = test_map_browser.chromium_executable

# The focused element: whether it scrolls sideways, how far it is scrolled, and its accessible name.
FOCUSED_JS = """() => {
    const box = document.activeElement;
    return {scrolls: box.scrollWidth > box.clientWidth, left: box.scrollLeft,
            name: box.getAttribute("aria-label") || "", table: !!box.querySelector(":scope > table")};
}"""


@pytest.fixture(scope="module")
def site(chromium_executable, geocoder):  # noqa: F811
    # A submitted report gives the current cycle's answers report its rows.
    commands = [("load_demo_progress_report",), ("shell", "--no-imports", "-c", SUBMIT_A_REPORT)]
    with SiteServer(geocoder_domain=geocoder.domain, setup_commands=commands) as server:
        yield server


@pytest.fixture(scope="module")
def staff_session(browser, site):  # noqa: F811
    return signed_in(browser, site, "staff", site.STAFF_PASSWORD)


@pytest.mark.parametrize("report", ["progress-answers", "progress-reports"])
def test_a_wide_table_scrolls_from_the_keyboard_on_a_phone(browser, site, staff_session, report):  # noqa: F811
    context = browser.new_context(
        base_url=site.base_url,
        locale="es",
        viewport={"width": 375, "height": 800},
        storage_state=staff_session,
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(f"/admin/reports/{report}/")
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_JS)
        if focused["table"]:
            break
    else:
        close_context(context)
        pytest.fail(f"Tab never reaches the table of /admin/reports/{report}/")
    assert focused["scrolls"], "the table should be wider than a phone"
    assert focused["name"]
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.activeElement.scrollLeft > 0")
    close_context(context)
